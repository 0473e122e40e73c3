"""IELTS: module results (listening and reading sessions, essays, speaking sessions), the batch
lookup by email, practice tests, mock tests with timed sessions, answers and scores."""

from __future__ import annotations

import base64
import binascii
import enum
import io
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry.scalars import JSON

from models import attempts as attempt_models
from models import ielts as ielts_models
from models import items as item_models
from resolvers import ielts as ielts_resolvers
from resolvers import people as people_resolvers
from resolvers.errors import DomainError, ValidationFailed
from schema.common.descriptions import described as _desc
from schema.common.errors import USER_ERRORS, mutate, to_user_errors
from schema.common.node import Node, database_id_of, encode_global_id, register_node
from schema.common.pagination import (
    After,
    Before,
    Connection,
    First,
    Last,
    page_args,
)
from schema.context import Info
from schema.people import Staff, Student, student_from_row, user_from_row
from schema.planner import BatchResolver, register_batch

AttemptKind = attempt_models.AttemptKind
T = TypeVar("T")


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _int(value: Decimal | None) -> int | None:
    return int(value) if value is not None else None


@strawberry.enum(description="A module with a practice test and an answer key.")
class IeltsPracticeModule(enum.Enum):
    LISTENING = "LISTENING"
    READING = "READING"


@strawberry.enum(description="Which reading test, and so which conversion table.")
class ReadingVariant(enum.Enum):
    ACADEMIC = "ACADEMIC"
    GENERAL_TRAINING = "GENERAL_TRAINING"


@strawberry.enum(description="Writing task 1 or task 2; MOCK for a mock test's writing part.")
class EssayTaskType(enum.Enum):
    TASK1 = "task1"
    TASK2 = "task2"
    MOCK = "mock"


# By value, for rows read by the thousand (calling an Enum class looks the value up slowly).
_TASK_TYPES = {t.value: t for t in EssayTaskType}


@strawberry.enum(description="The parts of a mock test.")
class MockPart(enum.Enum):
    READING = "READING"
    WRITING = "WRITING"
    LISTENING = "LISTENING"


# ---------------------------------------------------------------------------------------------
# practice tests and module results


@strawberry.type(description="A listening or reading practice test with an answer key.")
class IeltsTest(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    title: str = strawberry.field(description="Test title.")
    module: IeltsPracticeModule = strawberry.field(description="Listening or reading.")
    variant: ReadingVariant | None = strawberry.field(
        description="Academic or general training (reading tests)."
    )
    question_count: int = strawberry.field(description="Questions in the answer key.")
    has_own_conversion_table: bool = strawberry.field(
        description="The test converts raw scores with its own table, not the published one."
    )
    created_at: datetime = strawberry.field(description="When the test was created.")

    @classmethod
    def from_row(cls, row: item_models.QuestionBank) -> IeltsTest:
        meta = row.meta or {}
        listening = row.kind == item_models.BankKind.IELTS_LISTENING
        return cls(
            database_id=row.id,
            title=row.title,
            module=IeltsPracticeModule.LISTENING if listening else IeltsPracticeModule.READING,
            variant=None if listening else ReadingVariant(meta.get("variant", "ACADEMIC")),
            question_count=len(meta.get("answer_key") or {}),
            has_own_conversion_table=bool(meta.get("conversion")),
            created_at=row.created_at,
        )


# The objects of the four module-result types are the result rows themselves: a module result
# from its loader (resolvers.loaders.ielts.ModuleResult) or an attempt (models.attempts.Attempt),
# which read alike. Every field reads the row, so the thousands of results of a batch lookup are
# never copied into objects first, and the planned executor calls these functions directly.
ResultRow = Any

# Which type a result row is, by its attempt kind.
RESULT_TYPES: dict[str, str] = {
    AttemptKind.LISTENING: "ListeningSession",
    AttemptKind.READING: "ReadingSession",
    AttemptKind.WRITING: "Essay",
    AttemptKind.SPEAKING: "SpeakingSession",
}


@strawberry.interface(description="A finished (or running) attempt at one IELTS module.")
class IeltsResult(Node):
    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return RESULT_TYPES.get(getattr(obj, "kind", None)) == cls.__name__  # type: ignore[arg-type]

    @strawberry.field(description="The globally unique ID of this object.")
    def id(root: ResultRow) -> strawberry.ID:
        return strawberry.ID(encode_global_id(RESULT_TYPES[root.kind], root.id))

    @strawberry.field(description="The integer ID used by the REST APIs.")
    def database_id(root: ResultRow) -> int:
        return root.id  # type: ignore[no-any-return]

    @strawberry.field(description="When it started.")
    def started_at(root: ResultRow) -> datetime:
        return root.started_at  # type: ignore[no-any-return]

    @strawberry.field(description="A diagnostic attempt (left out by default).")
    def diagnostic(root: ResultRow) -> bool:
        return root.diagnostic  # type: ignore[no-any-return]

    @strawberry.field(description="A part of a scored mock session.")
    def from_mock(root: ResultRow) -> bool:
        return ielts_resolvers.from_mock(root)

    @strawberry.field(description="The integer ID of the test taken, if any.")
    def test_database_id(root: ResultRow) -> int | None:
        return root.bank_id  # type: ignore[no-any-return]

    @strawberry.field(description="Title of the test taken, if any.")
    async def test_title(root: ResultRow, info: Info) -> str | None:
        return await ielts_resolvers.result_test_title(info.context, root)

    @strawberry.field(description="The student.")
    async def student(root: ResultRow, info: Info) -> Student | None:
        row = await people_resolvers.get_user(info.context, root.user_id)
        return student_from_row(row) if row else None


@strawberry.type(description="One listening answer.")
class ListeningAnswer:
    question_id: str = strawberry.field(description="The question.")
    answer: JSON | None = strawberry.field(description="What the student answered.")
    flagged: bool = strawberry.field(description="The student flagged it for review.")
    submitted_at: datetime = strawberry.field(description="When it was handed in.")


# What several of the module-result types read off their row the same way.
def _finished_at(root: ResultRow) -> datetime | None:
    return root.finished_at  # type: ignore[no-any-return]


def _handed_in(root: ResultRow) -> bool:
    return root.finished_at is not None


def _raw_score(root: ResultRow) -> int | None:
    return _int(root.raw_score)


def _band(root: ResultRow) -> float | None:
    return _float(root.band)


def _task_type(root: ResultRow) -> EssayTaskType:
    value = ielts_resolvers.essay_task_type(root)
    return _TASK_TYPES.get(value) or EssayTaskType(value)


@strawberry.type(description="A listening session (practice test or a mock test's part).")
class ListeningSession(IeltsResult):
    completed_at: datetime | None = strawberry.field(
        resolver=_finished_at, description="When it was handed in."
    )
    raw_score: int | None = strawberry.field(resolver=_raw_score, description="Correct answers.")
    band_score: float | None = strawberry.field(resolver=_band, description="Band, 0.0-9.0.")
    submitted: bool = strawberry.field(resolver=_handed_in, description="Handed in.")

    @strawberry.field(description="The answers (select only when needed: they are bulky).")
    async def answers(root: ResultRow, info: Info) -> list[ListeningAnswer]:
        found = await ielts_resolvers.listening_answers(info.context, root)
        return [ListeningAnswer(**vars(a)) for a in found]


@strawberry.type(description="A reading session (practice test or a mock test's part).")
class ReadingSession(IeltsResult):
    end_time: datetime | None = strawberry.field(
        resolver=_finished_at, description="When it was handed in."
    )
    raw_score: int | None = strawberry.field(resolver=_raw_score, description="Correct answers.")
    band_score: float | None = strawberry.field(resolver=_band, description="Band, 0.0-9.0.")
    completed: bool = strawberry.field(resolver=_handed_in, description="Handed in.")

    @strawberry.field(description='The answers, {"question id": answer} (select when needed).')
    async def answers(root: ResultRow, info: Info) -> JSON:
        return await ielts_resolvers.reading_answers(info.context, root)


@strawberry.type(description="Band scores of the four writing criteria.")
class EssayCriteria:
    task_achievement: float | None = strawberry.field(description="Task achievement/response.")
    coherence_cohesion: float | None = strawberry.field(description="Coherence and cohesion.")
    lexical_resource: float | None = strawberry.field(description="Lexical resource.")
    grammatical_range: float | None = strawberry.field(
        description="Grammatical range and accuracy."
    )


@strawberry.type(description="A teacher's feedback on an essay.")
class EssayFeedback:
    published: bool = strawberry.field(description="Students see feedback once it is published.")
    teacher_overall_score: float | None = strawberry.field(description="The teacher's band.")
    criteria: EssayCriteria = strawberry.field(description="Bands per criterion.")
    comment: str | None = strawberry.field(description="The teacher's comment.")


@strawberry.type(description="An essay: IELTS writing task 1 or 2 (or a mock test's writing).")
class Essay(IeltsResult):
    task_type: EssayTaskType = strawberry.field(
        resolver=_task_type, description="Task 1 or task 2."
    )
    submitted_at: datetime | None = strawberry.field(
        resolver=_finished_at, description="When it was handed in."
    )
    overall_band: float | None = strawberry.field(resolver=_band, description="The essay's band.")

    @strawberry.field(description="Feedback (students see it once published).")
    def teacher_feedback(root: ResultRow, info: Info) -> EssayFeedback | None:
        found = ielts_resolvers.essay_feedback(info.context, root)
        if found is None:
            return None
        return EssayFeedback(
            published=found.published,
            teacher_overall_score=_float(found.overall_score),
            criteria=EssayCriteria(
                **{k: _float(found.criteria.get(k)) for k in ielts_resolvers.ESSAY_CRITERIA}
            ),
            comment=found.comment,
        )

    @strawberry.field(description="The essay's text (select only when needed).")
    async def submitted_text(root: ResultRow, info: Info) -> str | None:
        return await ielts_resolvers.essay_text(info.context, root)


def _started_at(root: ResultRow) -> datetime:
    return root.started_at  # type: ignore[no-any-return]


@strawberry.type(description="A speaking session with an examiner.")
class SpeakingSession(IeltsResult):
    conducted_at: datetime = strawberry.field(
        resolver=_started_at, description="When it took place."
    )
    overall_band_score: float | None = strawberry.field(
        resolver=_band, description="Band, 0.0-9.0."
    )
    completed: bool = strawberry.field(resolver=_handed_in, description="Graded.")


@strawberry.type(description="The latest finished result per module.")
class IeltsLatest:
    student_id: strawberry.Private[int]
    include_diagnostics: strawberry.Private[bool]

    async def _one(self, info: Info, module: str) -> ResultRow | None:
        return await ielts_resolvers.module_latest(
            info.context, self.student_id, module, self.include_diagnostics
        )

    @strawberry.field(description="The latest listening session handed in.")
    async def listening(self, info: Info) -> ListeningSession | None:
        return await self._one(info, AttemptKind.LISTENING)  # type: ignore[no-any-return]

    @strawberry.field(description="The latest reading session handed in.")
    async def reading(self, info: Info) -> ReadingSession | None:
        return await self._one(info, AttemptKind.READING)  # type: ignore[no-any-return]

    @strawberry.field(description="The latest essay handed in.")
    async def writing(self, info: Info) -> Essay | None:
        return await self._one(info, AttemptKind.WRITING)  # type: ignore[no-any-return]

    @strawberry.field(description="The latest completed speaking session.")
    async def speaking(self, info: Info) -> SpeakingSession | None:
        return await self._one(info, AttemptKind.SPEAKING)  # type: ignore[no-any-return]

    @strawberry.field(
        description="IELTS-rounded mean of the bands of the four latest results that have one."
    )
    async def overall_band_approx(self, info: Info) -> float | None:
        rows = [
            await ielts_resolvers.module_latest(
                info.context, self.student_id, m, self.include_diagnostics
            )
            for m in ielts_resolvers.MODULES
        ]
        return _float(ielts_resolvers.overall_band_approx(rows))


@strawberry.type(description="The last results per module, newest first.")
class IeltsHistory:
    student_id: strawberry.Private[int]
    limit: strawberry.Private[int]
    include_diagnostics: strawberry.Private[bool]

    async def _many(self, info: Info, module: str) -> list[ResultRow]:
        return await ielts_resolvers.module_history(
            info.context, self.student_id, module, self.limit, self.include_diagnostics
        )

    @strawberry.field(description="Listening sessions.")
    async def listening(self, info: Info) -> list[ListeningSession]:
        return await self._many(info, AttemptKind.LISTENING)

    @strawberry.field(description="Reading sessions.")
    async def reading(self, info: Info) -> list[ReadingSession]:
        return await self._many(info, AttemptKind.READING)

    @strawberry.field(description="Essays.")
    async def essays(self, info: Info) -> list[Essay]:
        return await self._many(info, AttemptKind.WRITING)

    @strawberry.field(description="Speaking sessions.")
    async def speaking(self, info: Info) -> list[SpeakingSession]:
        return await self._many(info, AttemptKind.SPEAKING)


@strawberry.type(description="A student's IELTS results (staff, and the student themself).")
class IeltsResults:
    student_id: strawberry.Private[int]

    @strawberry.field(description="The latest finished result per module.")
    def latest(
        self,
        include_diagnostics: Annotated[
            bool, strawberry.argument(description="Count diagnostic attempts too.")
        ] = False,
    ) -> IeltsLatest:
        return IeltsLatest(student_id=self.student_id, include_diagnostics=include_diagnostics)

    @strawberry.field(description="The last results per module, newest first.")
    def history(
        self,
        per_module_limit: Annotated[
            int, strawberry.argument(description="Results per module (1 to 100).")
        ] = ielts_resolvers.DEFAULT_PER_MODULE,
        include_diagnostics: Annotated[
            bool, strawberry.argument(description="Include diagnostic attempts.")
        ] = False,
    ) -> IeltsHistory:
        return IeltsHistory(
            student_id=self.student_id,
            limit=per_module_limit,
            include_diagnostics=include_diagnostics,
        )


# -- planned execution (schema/planner.py): the batch lookup's hot fields, a level at a time --
# Each calls the same resolver functions as the fields above, for all parents at once, so
# 500 students cost a few calls instead of thousands of coroutines.


def _results_of(parents: Sequence[Any], latest: bool) -> list[ielts_resolvers.ResultsKey]:
    return [(p.student_id, 1 if latest else p.limit, p.include_diagnostics) for p in parents]


def _results_batch(module: str, latest: bool) -> BatchResolver:
    async def batch(ctx: Any, parents: Sequence[Any], args: dict[str, Any]) -> list[Any]:
        # Every module's field of a level asks with the same keys: one lookup serves them all.
        found = await ielts_resolvers.module_results_many(ctx, _results_of(parents, latest))
        if latest:
            return [
                r if isinstance(r, Exception) else (r[module][0] if module in r else None)
                for r in found
            ]
        return [r if isinstance(r, Exception) else r.get(module, []) for r in found]

    return batch


async def _overall_band_batch(ctx: Any, parents: Sequence[Any], args: dict[str, Any]) -> list[Any]:
    found = await ielts_resolvers.module_results_many(ctx, _results_of(parents, latest=True))
    out: list[Any] = []
    for results in found:
        if isinstance(results, Exception):
            out.append(results)
            continue
        latest = [rows[0] for rows in results.values()]
        out.append(_float(ielts_resolvers.overall_band_approx(latest)))
    return out


async def _test_titles_batch(ctx: Any, parents: Sequence[Any], args: dict[str, Any]) -> list[Any]:
    return await ielts_resolvers.result_test_titles(ctx, parents)


for _module, _history_field, _latest_field in (
    (AttemptKind.LISTENING, "listening", "listening"),
    (AttemptKind.READING, "reading", "reading"),
    (AttemptKind.WRITING, "essays", "writing"),
    (AttemptKind.SPEAKING, "speaking", "speaking"),
):
    register_batch("IeltsHistory", _history_field, _results_batch(_module, latest=False))
    register_batch("IeltsLatest", _latest_field, _results_batch(_module, latest=True))
register_batch("IeltsLatest", "overallBandApprox", _overall_band_batch)
for _type in RESULT_TYPES.values():
    register_batch(_type, "testTitle", _test_titles_batch)


@strawberry.type(
    description="A student as the batch lookup shows them: whoever may run the lookup sees this."
)
class StudentProfile:
    # Its objects are the resolvers' profiles (ielts_resolvers.Profile), read as they are.
    full_name: str = strawberry.field(description="First and last name.")
    first_name: str = strawberry.field(description="First name.")
    last_name: str = strawberry.field(description="Last name.")
    student_id: str | None = strawberry.field(description="The student's code.")
    email: str | None = strawberry.field(description="Email address.")
    group_name: str | None = strawberry.field(description="The student's group.")
    teacher_name: str | None = strawberry.field(description="Full name of the group's teacher.")
    curator_code: str | None = strawberry.field(description="The curator's code.")
    status: str = strawberry.field(description="Enrolment status, such as Active.")


@strawberry.type(description="One email of a batch lookup and the student it found.")
class StudentLookup:
    email: str = strawberry.field(description="The email as asked (trimmed).")
    student: Student | None = strawberry.field(description="The student; null when not found.")
    error: str | None = strawberry.field(description='"Student not found", or null.')
    row: strawberry.Private[Any] = None

    @strawberry.field(
        description="The student's profile (group, teacher, curator); null when not found."
    )
    async def profile(self, info: Info) -> StudentProfile | None:
        if self.row is None:
            return None
        found = await ielts_resolvers.student_profiles(info.context, [self.row])
        return found[0]  # type: ignore[return-value]


async def _profiles_batch(ctx: Any, parents: Sequence[Any], args: dict[str, Any]) -> list[Any]:
    found = iter(await ielts_resolvers.student_profiles(ctx, [p.row for p in parents if p.row]))
    return [next(found) if p.row is not None else None for p in parents]


register_batch("StudentLookup", "profile", _profiles_batch)


# ---------------------------------------------------------------------------------------------
# mock tests


@strawberry.type(description="One part of a mock test.")
class MockSection:
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    part: MockPart = strawberry.field(description="Reading, writing or listening.")
    file: str | None = strawberry.field(description="Absolute URL of the PDF (reading, writing).")
    audio_file: str | None = strawberry.field(description="Absolute URL of the audio (listening).")
    question_file: str | None = strawberry.field(
        description="Absolute URL of the questions PDF (listening)."
    )
    duration: int = strawberry.field(description="Minutes.")
    question_count: int = strawberry.field(description="Number of questions.")
    has_answer_key: bool = strawberry.field(description="Raw scores are computed from answers.")
    created_at: datetime = strawberry.field(description="When the part was created.")
    updated_at: datetime = strawberry.field(description="When the part was last changed.")

    @classmethod
    def from_row(cls, info: Info, row: ielts_models.MockSection) -> MockSection:
        url = info.context.media_url
        return cls(
            database_id=row.id,
            part=MockPart(row.part),
            file=url(row.file),
            audio_file=url(row.audio_file),
            question_file=url(row.question_file),
            duration=row.duration,
            question_count=row.question_count,
            has_answer_key=bool(row.answer_key),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


@strawberry.type(description="An IELTS mock test: reading, writing and listening parts.")
class MockTest(Node):
    database_id: int = strawberry.field(description="The integer ID.")
    uuid: str = strawberry.field(description="The public ID used by the academy REST API.")
    title: str = strawberry.field(description="Test title.")
    code: str | None = strawberry.field(
        description="The 6-character entry code (staff only; students type it in)."
    )
    created_at: datetime = strawberry.field(description="When the test was created.")
    updated_at: datetime = strawberry.field(description="When the test was last changed.")
    created_by_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, info: Info, row: item_models.QuestionBank) -> MockTest:
        return cls(
            database_id=row.id,
            uuid=str(row.uuid),
            title=row.title,
            code=row.code if ielts_resolvers.can_see_code(info.context) else None,
            created_at=row.created_at,
            updated_at=row.updated_at,
            created_by_id=row.created_by_id,
        )

    async def _part(self, info: Info, part: str) -> MockSection | None:
        sections = await ielts_resolvers.mock_sections(info.context, self.database_id)
        return MockSection.from_row(info, sections[part]) if part in sections else None

    @strawberry.field(description="The reading part.")
    async def reading(self, info: Info) -> MockSection | None:
        return await self._part(info, "READING")

    @strawberry.field(description="The writing part.")
    async def writing(self, info: Info) -> MockSection | None:
        return await self._part(info, "WRITING")

    @strawberry.field(description="The listening part.")
    async def listening(self, info: Info) -> MockSection | None:
        return await self._part(info, "LISTENING")

    @strawberry.field(description="Minutes in all: the session's time limit.")
    async def total_duration(self, info: Info) -> int:
        sections = await ielts_resolvers.mock_sections(info.context, self.database_id)
        return sum(s.duration for s in sections.values())

    @strawberry.field(description="Who created the test.")
    async def created_by(self, info: Info) -> Staff | None:
        if self.created_by_id is None:
            return None
        row = await people_resolvers.get_user(info.context, self.created_by_id)
        converted = user_from_row(row) if row else None
        return converted if isinstance(converted, Staff) else None


@strawberry.type(description="IELTS band scores of a mock session.")
class MockScore(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    listening: float | None = strawberry.field(description="Listening band.")
    reading: float | None = strawberry.field(description="Reading band.")
    writing: float | None = strawberry.field(description="Writing band.")
    speaking: float | None = strawberry.field(description="Speaking band.")
    overall: float | None = strawberry.field(description="Mean of the four, IELTS-rounded.")
    created_at: datetime = strawberry.field(description="When the score was given.")
    updated_at: datetime = strawberry.field(description="When it was last changed.")
    attempt_id: strawberry.Private[int]
    created_by_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: attempt_models.BandScore) -> MockScore:
        return cls(
            database_id=row.id,
            listening=_float(row.listening),
            reading=_float(row.reading),
            writing=_float(row.writing),
            speaking=_float(row.speaking),
            overall=_float(row.overall),
            created_at=row.created_at,
            updated_at=row.updated_at,
            attempt_id=row.attempt_id,
            created_by_id=row.created_by_id,
        )

    @strawberry.field(description="The session scored.")
    async def session(self, info: Info) -> MockSession | None:
        rows = await ielts_resolvers.get_mock_sessions_by_id(info.context, [self.attempt_id])
        return MockSession.from_row(info, rows[0]) if rows[0] else None

    @strawberry.field(description="Who gave the score.")
    async def created_by(self, info: Info) -> Staff | None:
        if self.created_by_id is None:
            return None
        row = await people_resolvers.get_user(info.context, self.created_by_id)
        converted = user_from_row(row) if row else None
        return converted if isinstance(converted, Staff) else None


@strawberry.type(description="A writing answer in a mock session.")
class MockWritingAnswer:
    task_number: int = strawberry.field(description="Task 1 or 2.")
    text: str = strawberry.field(description="The text.")
    created_at: datetime = strawberry.field(description="When it was handed in.")


@strawberry.type(description="Everything answered in a mock session.")
class MockAnswers:
    reading: JSON | None = strawberry.field(description='Reading answers, {"1": "A", ...}.')
    listening: JSON | None = strawberry.field(description="Listening answers.")
    writing: list[MockWritingAnswer] = strawberry.field(description="Writing answers by task.")
    reading_raw_score: int | None = strawberry.field(
        description="Correct reading answers, when the test has an answer key."
    )
    listening_raw_score: int | None = strawberry.field(
        description="Correct listening answers, when the test has an answer key."
    )

    @classmethod
    def from_answers(cls, found: ielts_resolvers.MockAnswers) -> MockAnswers:
        return cls(
            reading=found.reading.answer if found.reading else None,
            listening=found.listening.answer if found.listening else None,
            writing=[
                MockWritingAnswer(
                    task_number=ielts_resolvers.writing_task_number(r) or 0,
                    text=str(r.answer or ""),
                    created_at=r.created_at,
                )
                for r in found.writing
            ],
            reading_raw_score=_int(found.reading.score) if found.reading else None,
            listening_raw_score=_int(found.listening.score) if found.listening else None,
        )


@strawberry.type(description="A timed mock session: it ends when finished or when time is up.")
class MockSession(Node):
    database_id: int = strawberry.field(description="The integer ID.")
    uuid: str = strawberry.field(description="The public ID used by the academy REST API.")
    started_at: datetime = strawberry.field(description="When it started.")
    deadline: datetime | None = strawberry.field(description="When its time is up.")
    ended_at: datetime | None = strawberry.field(description="When it ended; null while running.")
    is_completed: bool = strawberry.field(description="Ended (finished or time up).")
    is_finished: bool = strawberry.field(description="Scored.")
    row: strawberry.Private[attempt_models.Attempt]

    @classmethod
    def from_row(cls, info: Info, row: attempt_models.Attempt) -> MockSession:
        state = ielts_resolvers.mock_session_state(info.context, row)
        return cls(
            database_id=row.id,
            uuid=str(row.uuid),
            started_at=row.started_at,
            deadline=row.deadline,
            ended_at=state.ended_at,
            is_completed=state.is_completed,
            is_finished=state.is_finished,
            row=row,
        )

    @strawberry.field(description="Who takes the test.")
    async def student(self, info: Info) -> Student | None:
        row = await people_resolvers.get_user(info.context, self.row.user_id)
        converted = user_from_row(row) if row else None
        return converted if isinstance(converted, Student) else None

    @strawberry.field(description="The test; null if it was deleted.")
    async def test(self, info: Info) -> MockTest | None:
        if self.row.bank_id is None:
            return None
        rows = await ielts_resolvers.get_mock_tests_by_id(info.context, [self.row.bank_id])
        return MockTest.from_row(info, rows[0]) if rows[0] else None

    @strawberry.field(description="The score, once given.")
    async def score(self, info: Info) -> MockScore | None:
        row = await ielts_resolvers.mock_score_of(info.context, self.row)
        return MockScore.from_row(row) if row else None

    @strawberry.field(description=_desc("The answers.", "mock.answer.read"))
    async def answers(self, info: Info) -> MockAnswers:
        found = await ielts_resolvers.mock_answers_of(info.context, [self.row])
        return MockAnswers.from_answers(found[0])


def _nodes(load: Callable[[Any, Sequence[int]], Awaitable[Sequence[Any]]], convert: Any) -> Any:
    async def loader(info: Info, ids: Sequence[int]) -> list[Any]:
        rows = await load(info.context, ids)
        return [convert(info, r) if r is not None else None for r in rows]

    return loader


def _attempt_nodes(kind: str) -> Any:
    async def load(ctx: Any, ids: Sequence[int]) -> Sequence[Any]:
        return await ielts_resolvers.get_attempts(ctx, ids, kind)

    return _nodes(load, lambda _info, r: r)


register_node("ListeningSession", _attempt_nodes(AttemptKind.LISTENING))
register_node("ReadingSession", _attempt_nodes(AttemptKind.READING))
register_node("Essay", _attempt_nodes(AttemptKind.WRITING))
register_node("SpeakingSession", _attempt_nodes(AttemptKind.SPEAKING))
register_node(
    "IeltsTest", _nodes(ielts_resolvers.get_ielts_tests, lambda _i, r: IeltsTest.from_row(r))
)
register_node("MockTest", _nodes(ielts_resolvers.get_mock_tests_by_id, MockTest.from_row))
register_node("MockSession", _nodes(ielts_resolvers.get_mock_sessions_by_id, MockSession.from_row))
register_node(
    "MockScore", _nodes(ielts_resolvers.get_mock_scores_by_id, lambda _i, r: MockScore.from_row(r))
)


# ---------------------------------------------------------------------------------------------
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
    return to_user_errors(exc, IeltsUserError, IeltsErrorCode, ALIASES)


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
# payloads


def _payload(name: str, field_name: str, field_type: Any, description: str) -> Any:
    """A `<Mutation>Payload { <object>, userErrors }` type."""
    namespace = {
        "__annotations__": {field_name: field_type | None, "user_errors": list[IeltsUserError]},
        field_name: strawberry.field(default=None, description=description),
        "user_errors": strawberry.field(default_factory=list, description=USER_ERRORS),
    }
    cls = type(name, (), namespace)
    return strawberry.type(cls, description=f"Result of {name[0].lower()}{name[1:-7]}.")


IeltsTestCreatePayload = _payload("IeltsTestCreatePayload", "test", IeltsTest, "The new test.")
ListeningSessionStartPayload = _payload(
    "ListeningSessionStartPayload", "session", ListeningSession, "The session."
)
ListeningSessionSubmitPayload = _payload(
    "ListeningSessionSubmitPayload", "session", ListeningSession, "The session, scored."
)
ListeningSessionGradePayload = _payload(
    "ListeningSessionGradePayload", "session", ListeningSession, "The session, regraded."
)
ReadingSessionStartPayload = _payload(
    "ReadingSessionStartPayload", "session", ReadingSession, "The session."
)
ReadingSessionSubmitPayload = _payload(
    "ReadingSessionSubmitPayload", "session", ReadingSession, "The session, scored."
)
ReadingSessionGradePayload = _payload(
    "ReadingSessionGradePayload", "session", ReadingSession, "The session, regraded."
)
EssayStartPayload = _payload("EssayStartPayload", "essay", Essay, "The essay.")
EssaySubmitPayload = _payload("EssaySubmitPayload", "essay", Essay, "The essay, handed in.")
EssayGradePayload = _payload("EssayGradePayload", "essay", Essay, "The essay, graded.")
SpeakingSessionStartPayload = _payload(
    "SpeakingSessionStartPayload", "session", SpeakingSession, "The session."
)
SpeakingSessionGradePayload = _payload(
    "SpeakingSessionGradePayload", "session", SpeakingSession, "The session, graded."
)
MockTestCreatePayload = _payload("MockTestCreatePayload", "test", MockTest, "The new test.")
MockSessionStartPayload = _payload(
    "MockSessionStartPayload", "session", MockSession, "The new session."
)
MockSessionFinishPayload = _payload(
    "MockSessionFinishPayload", "session", MockSession, "The session, ended."
)
MockAnswerCreatePayload = _payload(
    "MockAnswerCreatePayload", "session", MockSession, "The session answered in."
)
MockScoreCreatePayload = _payload("MockScoreCreatePayload", "score", MockScore, "The score.")
MockScoreUpdatePayload = _payload(
    "MockScoreUpdatePayload", "score", MockScore, "The score, as changed."
)


@strawberry.type(description="Result of mockTestDelete.")
class MockTestDeletePayload:
    deleted_mock_test_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ID of the test deleted."
    )
    user_errors: list[IeltsUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


async def _run(
    payload: Any,
    field_name: str,
    operation: Callable[[], Awaitable[T]],
    convert: Callable[[T], Any] | None = None,
) -> Any:
    """`convert` turns the operation's row into the payload's object; module results need
    none (their rows are their objects)."""
    return await mutate(
        operation(),
        lambda row: payload(**{field_name: convert(row) if convert else row}),
        lambda e: payload(user_errors=_errors(e)),
    )


# ---------------------------------------------------------------------------------------------
# root fields


async def _start(info: Info, module: str, input: PracticeSessionStartInput, payload: Any) -> Any:
    async def run() -> Any:
        return await ielts_resolvers.practice_session_start(
            info.context,
            module,
            database_id_of(input.test_id, "IeltsTest", field="testId"),
            input.diagnostic,
            _id(input.student_id, "Student", field="studentId"),
        )

    return await _run(payload, "session", run)


async def _grade(
    info: Info,
    module: str,
    type_name: str,
    input: PracticeSessionGradeInput,
    payload: Any,
) -> Any:
    async def run() -> Any:
        return await ielts_resolvers.practice_session_grade(
            info.context,
            module,
            database_id_of(input.session_id, type_name, field="sessionId"),
            input.raw_score,
            input.band,
        )

    return await _run(payload, "session", run)


@strawberry.type
class IeltsQuery:
    @strawberry.field(
        description=_desc(
            "Students by email, for batch consumers: emails compared ignoring case, duplicates "
            "dropped, the first `limit` kept in the order given; `error` is set when no "
            "student has that email.",
            "ielts.batch",
        )
    )
    async def students_by_email(
        self,
        info: Info,
        emails: Annotated[list[str], strawberry.argument(description="Email addresses.")],
        limit: Annotated[
            int | None, strawberry.argument(description="How many to process (at least 1).")
        ] = ielts_resolvers.DEFAULT_LIMIT,
    ) -> list[StudentLookup]:
        options = ielts_resolvers.batch_options(info.context, emails, limit)
        found = await ielts_resolvers.students_by_email(info.context, options)
        return [
            StudentLookup(
                email=f.email,
                student=student_from_row(f.student) if f.student else None,
                error=None if f.student else ielts_resolvers.NOT_FOUND,
                row=f.student,
            )
            for f in found
        ]

    @strawberry.field(description=_desc("Practice tests, newest first.", "ielts.test.read"))
    async def ielts_tests(
        self,
        info: Info,
        module: Annotated[
            IeltsPracticeModule | None, strawberry.argument(description="Only this module.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[IeltsTest]:
        page = await ielts_resolvers.list_ielts_tests(
            info.context, module.value if module else None, page_args(first, after, last, before)
        )
        return Connection[IeltsTest].from_page(page, IeltsTest.from_row)

    @strawberry.field(description=_desc("Mock tests, newest first.", "mock.test.read"))
    async def mock_tests(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[MockTest]:
        page = await ielts_resolvers.mock_tests_page(
            info.context, page_args(first, after, last, before)
        )
        return Connection[MockTest].from_page(page, lambda r: MockTest.from_row(info, r))

    @strawberry.field(
        description=_desc(
            "Mock sessions, newest first: staff see everyone's, students their own.",
            "mock.session.read",
        )
    )
    async def mock_sessions(
        self,
        info: Info,
        student_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this Student's.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[MockSession]:
        page = await ielts_resolvers.mock_sessions_page(
            info.context,
            page_args(first, after, last, before),
            _id(student_id, "Student", field="studentId"),
        )
        return Connection[MockSession].from_page(page, lambda r: MockSession.from_row(info, r))


@strawberry.type
class IeltsMutation:
    @strawberry.mutation(description=_desc("Create a practice test.", "ielts.test.create"))
    async def ielts_test_create(
        self, info: Info, input: IeltsTestCreateInput
    ) -> IeltsTestCreatePayload:  # type: ignore[valid-type]
        return await _run(
            IeltsTestCreatePayload,
            "test",
            lambda: ielts_resolvers.ielts_test_create(
                info.context,
                input.module.value,
                input.title,
                input.answer_key,
                input.variant.value if input.variant else None,
                input.conversion_table,
            ),
            IeltsTest.from_row,
        )

    @strawberry.mutation(description=_desc("Start a listening session.", "ielts.session.take"))
    async def listening_session_start(
        self, info: Info, input: PracticeSessionStartInput
    ) -> ListeningSessionStartPayload:  # type: ignore[valid-type]
        return await _start(info, AttemptKind.LISTENING, input, ListeningSessionStartPayload)

    @strawberry.mutation(description=_desc("Start a reading session.", "ielts.session.take"))
    async def reading_session_start(
        self, info: Info, input: PracticeSessionStartInput
    ) -> ReadingSessionStartPayload:  # type: ignore[valid-type]
        return await _start(info, AttemptKind.READING, input, ReadingSessionStartPayload)

    @strawberry.mutation(
        description=_desc(
            "Hand in one's listening session, once: the raw score and band are computed.",
            "ielts.session.take",
        )
    )
    async def listening_session_submit(
        self, info: Info, input: ListeningSessionSubmitInput
    ) -> ListeningSessionSubmitPayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.listening_session_submit(
                info.context,
                database_id_of(input.session_id, "ListeningSession", field="sessionId"),
                [
                    {"question_id": a.question_id, "answer": a.answer, "flagged": a.flagged}
                    for a in input.answers
                ],
            )

        return await _run(ListeningSessionSubmitPayload, "session", run)

    @strawberry.mutation(
        description=_desc(
            "Hand in one's reading session, once: the raw score and band are computed.",
            "ielts.session.take",
        )
    )
    async def reading_session_submit(
        self, info: Info, input: ReadingSessionSubmitInput
    ) -> ReadingSessionSubmitPayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.reading_session_submit(
                info.context,
                database_id_of(input.session_id, "ReadingSession", field="sessionId"),
                input.answers,
            )

        return await _run(ReadingSessionSubmitPayload, "session", run)

    @strawberry.mutation(
        description=_desc("Correct a listening session's score.", "ielts.session.grade")
    )
    async def listening_session_grade(
        self, info: Info, input: PracticeSessionGradeInput
    ) -> ListeningSessionGradePayload:  # type: ignore[valid-type]
        return await _grade(
            info, AttemptKind.LISTENING, "ListeningSession", input, ListeningSessionGradePayload
        )

    @strawberry.mutation(
        description=_desc("Correct a reading session's score.", "ielts.session.grade")
    )
    async def reading_session_grade(
        self, info: Info, input: PracticeSessionGradeInput
    ) -> ReadingSessionGradePayload:  # type: ignore[valid-type]
        return await _grade(
            info, AttemptKind.READING, "ReadingSession", input, ReadingSessionGradePayload
        )

    @strawberry.mutation(description=_desc("Start an essay.", "ielts.session.take"))
    async def essay_start(self, info: Info, input: EssayStartInput) -> EssayStartPayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.essay_start(
                info.context,
                input.task_type.value,
                input.diagnostic,
                _id(input.student_id, "Student", field="studentId"),
                input.prompt,
            )

        return await _run(EssayStartPayload, "essay", run)

    @strawberry.mutation(description=_desc("Hand in one's essay, once.", "ielts.session.take"))
    async def essay_submit(self, info: Info, input: EssaySubmitInput) -> EssaySubmitPayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.essay_submit(
                info.context, database_id_of(input.essay_id, "Essay", field="essayId"), input.text
            )

        return await _run(EssaySubmitPayload, "essay", run)

    @strawberry.mutation(
        description=_desc("Give (or replace) feedback on an essay.", "ielts.session.grade")
    )
    async def essay_grade(self, info: Info, input: EssayGradeInput) -> EssayGradePayload:  # type: ignore[valid-type]
        async def run() -> Any:
            criteria = vars(input.criteria) if input.criteria else None
            return await ielts_resolvers.essay_grade(
                info.context,
                database_id_of(input.essay_id, "Essay", field="essayId"),
                input.overall_score,
                criteria,
                input.comment,
                input.published,
            )

        return await _run(EssayGradePayload, "essay", run)

    @strawberry.mutation(description=_desc("Start a speaking session.", "ielts.session.take"))
    async def speaking_session_start(
        self, info: Info, input: SpeakingSessionStartInput
    ) -> SpeakingSessionStartPayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.speaking_session_start(
                info.context,
                input.diagnostic,
                _id(input.student_id, "Student", field="studentId"),
                input.conducted_at,
            )

        return await _run(SpeakingSessionStartPayload, "session", run)

    @strawberry.mutation(
        description=_desc("Grade a speaking session (it is then completed).", "ielts.session.grade")
    )
    async def speaking_session_grade(
        self, info: Info, input: SpeakingSessionGradeInput
    ) -> SpeakingSessionGradePayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.speaking_session_grade(
                info.context,
                database_id_of(input.session_id, "SpeakingSession", field="sessionId"),
                input.band,
                input.comment,
            )

        return await _run(SpeakingSessionGradePayload, "session", run)

    @strawberry.mutation(
        description=_desc("Create a mock test with its three parts.", "mock.test.create")
    )
    async def mock_test_create(
        self, info: Info, input: MockTestCreateInput
    ) -> MockTestCreatePayload:  # type: ignore[valid-type]
        async def run() -> Any:
            sections = {
                name: ielts_resolvers.MockSectionInput(
                    file=_upload(part.file, f"{name}.file"),
                    duration=part.duration,
                    question_count=part.question_count,
                    answer_key=part.answer_key,
                )
                for name, part in (("reading", input.reading), ("writing", input.writing))
            }
            sections["listening"] = ielts_resolvers.MockSectionInput(
                audio_file=_upload(input.listening.audio_file, "listening.audio_file"),
                question_file=_upload(input.listening.question_file, "listening.question_file"),
                duration=input.listening.duration,
                question_count=input.listening.question_count,
                answer_key=input.listening.answer_key,
            )
            return await ielts_resolvers.mock_test_create(info.context, input.title, sections)

        return await _run(MockTestCreatePayload, "test", run, lambda r: MockTest.from_row(info, r))

    @strawberry.mutation(description=_desc("Delete a mock test.", "mock.test.delete"))
    async def mock_test_delete(
        self, info: Info, input: MockTestDeleteInput
    ) -> MockTestDeletePayload:
        async def run() -> Any:
            return await ielts_resolvers.mock_test_delete(
                info.context, database_id_of(input.id, "MockTest")
            )

        return await mutate(
            run(),
            lambda _: MockTestDeletePayload(deleted_mock_test_id=input.id),
            lambda e: MockTestDeletePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(
        description=_desc(
            "Start a timed mock session (one active session per test).", "mock.session.start"
        )
    )
    async def mock_session_start(
        self, info: Info, input: MockSessionStartInput
    ) -> MockSessionStartPayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.mock_session_start(
                info.context, database_id_of(input.test_id, "MockTest", field="testId"), input.code
            )

        return await _run(
            MockSessionStartPayload, "session", run, lambda r: MockSession.from_row(info, r)
        )

    @strawberry.mutation(
        description=_desc("End one's own session before time is up.", "mock.session.take")
    )
    async def mock_session_finish(
        self, info: Info, input: MockSessionFinishInput
    ) -> MockSessionFinishPayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.mock_session_finish(
                info.context, database_id_of(input.id, "MockSession")
            )

        return await _run(
            MockSessionFinishPayload, "session", run, lambda r: MockSession.from_row(info, r)
        )

    @strawberry.mutation(
        description=_desc(
            "Answer a part of one's running session: reading and listening once, writing once "
            "per task.",
            "mock.session.take",
        )
    )
    async def mock_answer_create(
        self, info: Info, input: MockAnswerCreateInput
    ) -> MockAnswerCreatePayload:  # type: ignore[valid-type]
        async def run() -> Any:
            session_id = database_id_of(input.session_id, "MockSession", field="sessionId")
            await ielts_resolvers.mock_answer_create(
                info.context,
                session_id,
                ielts_models.MockPart(input.part.value),
                answers=input.answers,
                task_number=input.task_number,
                text=input.text,
            )
            return await ielts_resolvers.get_mock_session(info.context, session_id)

        return await _run(
            MockAnswerCreatePayload, "session", run, lambda r: MockSession.from_row(info, r)
        )

    @strawberry.mutation(
        description=_desc(
            "Score a completed session; the overall band follows the IELTS rule.",
            "mock.score.write",
        )
    )
    async def mock_score_create(
        self, info: Info, input: MockScoreCreateInput
    ) -> MockScoreCreatePayload:  # type: ignore[valid-type]
        async def run() -> Any:
            data = {n: getattr(input, n) for n in ielts_resolvers.SCORE_FIELDS}
            return await ielts_resolvers.mock_score_create(
                info.context,
                database_id_of(input.session_id, "MockSession", field="sessionId"),
                data,
            )

        return await _run(MockScoreCreatePayload, "score", run, MockScore.from_row)

    @strawberry.mutation(description=_desc("Change some bands of a score.", "mock.score.write"))
    async def mock_score_update(
        self, info: Info, input: MockScoreUpdateInput
    ) -> MockScoreUpdatePayload:  # type: ignore[valid-type]
        async def run() -> Any:
            data = {
                n: getattr(input, n)
                for n in ielts_resolvers.SCORE_FIELDS
                if getattr(input, n) is not strawberry.UNSET
            }
            return await ielts_resolvers.mock_score_update(
                info.context, database_id_of(input.id, "MockScore"), data
            )

        return await _run(MockScoreUpdatePayload, "score", run, MockScore.from_row)


TYPES: list[Any] = [
    IeltsTest,
    ListeningSession,
    ReadingSession,
    Essay,
    SpeakingSession,
    MockTest,
    MockSession,
    MockScore,
]
