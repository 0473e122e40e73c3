"""Mock tests, their parts, sessions, answers and scores."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from models import attempts as attempt_models
from models import ielts as ielts_models
from models import items as item_models
from resolvers import ielts as ielts_resolvers
from resolvers import people as people_resolvers
from schema.common.descriptions import described as _desc
from schema.common.node import Node, register_node
from schema.context import Info
from schema.ielts.common import (
    AttemptKind,
    _float,
    _int,
)
from schema.ielts.types import (
    IeltsTest,
    MockPart,
)
from schema.people import Staff, Student, user_from_row

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
