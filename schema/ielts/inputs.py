"""The IELTS mutations' inputs, error codes and userErrors."""

from __future__ import annotations

import base64
import binascii
import enum
import io
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from resolvers import ielts as ielts_resolvers
from resolvers.errors import DomainError, ValidationFailed
from schema.common.errors import to_user_errors
from schema.common.node import database_id_of
from schema.common.wording import MOCK_WORDS
from schema.ielts.types import (
    EssayTaskType,
    IeltsPracticeModule,
    MockPart,
    ReadingVariant,
)

# errors and inputs


@strawberry.enum(description="What went wrong with an IELTS mutation.")
class IeltsErrorCode(enum.Enum):
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"
    TOO_LARGE = "TOO_LARGE"
    INVALID_ID = "INVALID_ID"
    INVALID_CHOICE = "INVALID_CHOICE"
    NOT_FOUND = "NOT_FOUND"
    DOES_NOT_EXIST = "DOES_NOT_EXIST"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    BAND_STEP = "BAND_STEP"
    UNIQUE = "UNIQUE"
    ALREADY_SUBMITTED = "ALREADY_SUBMITTED"
    NOT_SUBMITTED = "NOT_SUBMITTED"
    WRONG_CODE = "WRONG_CODE"
    ACTIVE_SESSION_EXISTS = "ACTIVE_SESSION_EXISTS"
    SESSION_COMPLETED = "SESSION_COMPLETED"
    SESSION_NOT_COMPLETED = "SESSION_NOT_COMPLETED"


@strawberry.type(description="A problem with the input of an IELTS mutation.")
class IeltsUserError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="What is wrong, for a person to read.")
    code: IeltsErrorCode = strawberry.field(description="What is wrong, for a program.")


ALIASES = {"test": "testId", "session": "sessionId", "conversion": "conversionTable"}


def _errors(exc: DomainError) -> list[IeltsUserError]:
    return to_user_errors(exc, IeltsUserError, IeltsErrorCode, ALIASES, MOCK_WORDS)


def _id(value: strawberry.ID | None, *types: str, field: str) -> int | None:
    return database_id_of(value, *types, field=field) if value is not None else None


@strawberry.input(description="A new practice test.")
class IeltsTestCreateInput:
    module: IeltsPracticeModule = strawberry.field(description="Listening or reading.")
    title: str = strawberry.field(description="Test title.")
    answer_key: JSON = strawberry.field(
        description='Accepted answers per question: {"1": "A", "2": ["carbon dioxide", "CO2"]}.'
    )
    variant: ReadingVariant | None = strawberry.field(
        default=None, description="Reading tests: academic (default) or general training."
    )
    conversion_table: JSON | None = strawberry.field(
        default=None,
        description="Own table instead of the published one: [[lowest raw score, band], ...], "
        "highest first.",
    )


@strawberry.input(description="Start a practice session.")
class PracticeSessionStartInput:
    test_id: strawberry.ID = strawberry.field(description="The IeltsTest to take.")
    diagnostic: bool = strawberry.field(default=False, description="A diagnostic attempt.")
    student_id: strawberry.ID | None = strawberry.field(
        default=None, description="Staff: the Student (students take their own)."
    )


@strawberry.input(description="One listening answer.")
class ListeningAnswerInput:
    question_id: str = strawberry.field(description="The question.")
    answer: str | None = strawberry.field(default=None, description="The answer.")
    flagged: bool = strawberry.field(default=False, description="Flagged for review.")


@strawberry.input(description="Hand in a listening session.")
class ListeningSessionSubmitInput:
    session_id: strawberry.ID = strawberry.field(description="The ListeningSession.")
    answers: list[ListeningAnswerInput] = strawberry.field(description="The answers.")


@strawberry.input(description="Hand in a reading session.")
class ReadingSessionSubmitInput:
    session_id: strawberry.ID = strawberry.field(description="The ReadingSession.")
    answers: JSON = strawberry.field(description='{"question id": answer, ...}')


@strawberry.input(description="Correct a practice session's score.")
class PracticeSessionGradeInput:
    session_id: strawberry.ID = strawberry.field(description="The session.")
    raw_score: int | None = strawberry.field(
        default=None, description="Correct answers; the band follows from the test's table."
    )
    band: float | None = strawberry.field(default=None, description="The band itself.")


@strawberry.input(description="Start an essay.")
class EssayStartInput:
    task_type: EssayTaskType = strawberry.field(description="TASK1 or TASK2.")
    diagnostic: bool = strawberry.field(default=False, description="A diagnostic essay.")
    student_id: strawberry.ID | None = strawberry.field(
        default=None, description="Staff: the Student (students write their own)."
    )
    prompt: str | None = strawberry.field(default=None, description="The task's prompt.")


@strawberry.input(description="Hand in an essay.")
class EssaySubmitInput:
    essay_id: strawberry.ID = strawberry.field(description="The Essay.")
    text: str = strawberry.field(description="The essay's text.")


@strawberry.input(description="Bands per writing criterion.")
class EssayCriteriaInput:
    task_achievement: float | None = strawberry.field(default=None, description="Band.")
    coherence_cohesion: float | None = strawberry.field(default=None, description="Band.")
    lexical_resource: float | None = strawberry.field(default=None, description="Band.")
    grammatical_range: float | None = strawberry.field(default=None, description="Band.")


@strawberry.input(description="A teacher's feedback on an essay.")
class EssayGradeInput:
    essay_id: strawberry.ID = strawberry.field(description="The Essay.")
    overall_score: float = strawberry.field(description="The essay's band.")
    criteria: EssayCriteriaInput | None = strawberry.field(
        default=None, description="Bands per criterion."
    )
    comment: str | None = strawberry.field(default=None, description="Comment.")
    published: bool = strawberry.field(default=False, description="Show it to the student.")


@strawberry.input(description="Start a speaking session.")
class SpeakingSessionStartInput:
    student_id: strawberry.ID | None = strawberry.field(
        default=None, description="Staff: the Student."
    )
    diagnostic: bool = strawberry.field(default=False, description="A diagnostic session.")
    conducted_at: datetime | None = strawberry.field(
        default=None, description="When it takes place (now by default)."
    )


@strawberry.input(description="Grade a speaking session.")
class SpeakingSessionGradeInput:
    session_id: strawberry.ID = strawberry.field(description="The SpeakingSession.")
    band: float = strawberry.field(description="The band.")
    comment: str | None = strawberry.field(default=None, description="The examiner's comment.")


@strawberry.input(description="A file sent inside a GraphQL request.")
class FileUpload:
    filename: str = strawberry.field(description="The file's name.")
    content_base64: str = strawberry.field(description="The content, base64-encoded.")


@strawberry.input(description="The reading or writing part of a new mock test.")
class MockSectionInput:
    file: FileUpload = strawberry.field(description="The PDF.")
    duration: int = strawberry.field(description="Minutes.")
    question_count: int = strawberry.field(description="Number of questions.")
    answer_key: JSON | None = strawberry.field(
        default=None, description="Reading: accepted answers per question, for raw scores."
    )


@strawberry.input(description="The listening part of a new mock test.")
class MockListeningSectionInput:
    audio_file: FileUpload = strawberry.field(description="The audio (MP3).")
    question_file: FileUpload = strawberry.field(description="The questions (PDF).")
    duration: int = strawberry.field(description="Minutes.")
    question_count: int = strawberry.field(description="Number of questions.")
    answer_key: JSON | None = strawberry.field(
        default=None, description="Accepted answers per question, for raw scores."
    )


@strawberry.input(description="A new mock test.")
class MockTestCreateInput:
    title: str = strawberry.field(description="Test title.")
    reading: MockSectionInput = strawberry.field(description="The reading part.")
    writing: MockSectionInput = strawberry.field(description="The writing part.")
    listening: MockListeningSectionInput = strawberry.field(description="The listening part.")


@strawberry.input(description="The mock test to delete.")
class MockTestDeleteInput:
    id: strawberry.ID = strawberry.field(description="The MockTest.")


@strawberry.input(description="Start a mock session.")
class MockSessionStartInput:
    test_id: strawberry.ID = strawberry.field(description="The MockTest.")
    code: str = strawberry.field(description="The test's 6-character code.")


@strawberry.input(description="Finish one's own mock session.")
class MockSessionFinishInput:
    id: strawberry.ID = strawberry.field(description="The MockSession.")


@strawberry.input(description="Answers to one part of a running mock session.")
class MockAnswerCreateInput:
    session_id: strawberry.ID = strawberry.field(description="The MockSession.")
    part: MockPart = strawberry.field(description="Which part.")
    answers: JSON | None = strawberry.field(
        default=None, description='Reading and listening: {"1": "A", ...}.'
    )
    task_number: int | None = strawberry.field(default=None, description="Writing: 1 or 2.")
    text: str | None = strawberry.field(default=None, description="Writing: the text.")


@strawberry.input(description="Score a completed mock session.")
class MockScoreCreateInput:
    session_id: strawberry.ID = strawberry.field(description="The MockSession.")
    listening: float = strawberry.field(description="Band, 0.0-9.0 in steps of 0.5.")
    reading: float = strawberry.field(description="Band.")
    writing: float = strawberry.field(description="Band.")
    speaking: float = strawberry.field(description="Band.")


@strawberry.input(description="Change some bands of a score; the overall follows.")
class MockScoreUpdateInput:
    id: strawberry.ID = strawberry.field(description="The MockScore.")
    listening: float | None = strawberry.field(default=strawberry.UNSET, description="Band.")
    reading: float | None = strawberry.field(default=strawberry.UNSET, description="Band.")
    writing: float | None = strawberry.field(default=strawberry.UNSET, description="Band.")
    speaking: float | None = strawberry.field(default=strawberry.UNSET, description="Band.")


def _upload(value: FileUpload, field: str) -> ielts_resolvers.Upload:
    try:
        content = base64.b64decode(value.content_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationFailed.single(field, "The file is not valid base64.", "INVALID") from exc
    return ielts_resolvers.Upload(io.BytesIO(content), value.filename)


# ---------------------------------------------------------------------------------------------
