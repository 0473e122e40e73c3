"""IELTS practice tests and module results (listening and reading sessions, essays, speaking
sessions), a student's latest and history, and the batch lookup's types, with their hot
fields' batch resolvers."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON

from models import items as item_models
from resolvers import ielts as ielts_resolvers
from resolvers import people as people_resolvers
from schema.common.node import Node, encode_global_id
from schema.context import Info
from schema.ielts.common import (
    AttemptKind,
    _float,
    _int,
)
from schema.people import Student, student_from_row
from schema.planner import BatchResolver, register_batch, resolve_one


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

    @strawberry.field(description="The integer ID used by the REST APIs.")  # type: ignore[misc]
    def database_id(root: ResultRow) -> int:
        return root.id

    @strawberry.field(description="When it started.")
    def started_at(root: ResultRow) -> datetime:
        return root.started_at

    @strawberry.field(description="A diagnostic attempt (left out by default).")
    def diagnostic(root: ResultRow) -> bool:
        return root.diagnostic

    @strawberry.field(description="A part of a scored mock session.")
    def from_mock(root: ResultRow) -> bool:
        return ielts_resolvers.from_mock(root)

    @strawberry.field(description="The integer ID of the test taken, if any.")
    def test_database_id(root: ResultRow) -> int | None:
        return root.bank_id

    @strawberry.field(description="Title of the test taken, if any.")
    async def test_title(root: ResultRow, info: Info) -> str | None:
        return await resolve_one(_test_titles_batch, info.context, root)

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
    return root.finished_at


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
        return cast(JSON, await ielts_resolvers.reading_answers(info.context, root))


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
    return root.started_at


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
        return await resolve_one(_LATEST[module], info.context, self)

    @strawberry.field(description="The latest listening session handed in.")
    async def listening(self, info: Info) -> ListeningSession | None:
        return await self._one(info, AttemptKind.LISTENING)

    @strawberry.field(description="The latest reading session handed in.")
    async def reading(self, info: Info) -> ReadingSession | None:
        return await self._one(info, AttemptKind.READING)

    @strawberry.field(description="The latest essay handed in.")
    async def writing(self, info: Info) -> Essay | None:
        return await self._one(info, AttemptKind.WRITING)

    @strawberry.field(description="The latest completed speaking session.")
    async def speaking(self, info: Info) -> SpeakingSession | None:
        return await self._one(info, AttemptKind.SPEAKING)

    @strawberry.field(
        description="IELTS-rounded mean of the bands of the four latest results that have one."
    )
    async def overall_band_approx(self, info: Info) -> float | None:
        return await resolve_one(_overall_band_batch, info.context, self)


@strawberry.type(description="The last results per module, newest first.")
class IeltsHistory:
    student_id: strawberry.Private[int]
    limit: strawberry.Private[int]
    include_diagnostics: strawberry.Private[bool]

    async def _many(self, info: Info, module: str) -> list[ResultRow]:
        return await resolve_one(_HISTORY[module], info.context, self)

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


# -- the batch lookup's hot fields, a level at a time: the planned executor asks for all parents
# at once (500 students cost a few calls instead of thousands of coroutines), the fields above
# ask the same functions for one parent.


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


_LATEST: dict[str, BatchResolver] = {
    m: _results_batch(m, latest=True) for m in ielts_resolvers.MODULES
}
_HISTORY: dict[str, BatchResolver] = {
    m: _results_batch(m, latest=False) for m in ielts_resolvers.MODULES
}
for _module, _history_field, _latest_field in (
    (AttemptKind.LISTENING, IeltsHistory.listening, IeltsLatest.listening),
    (AttemptKind.READING, IeltsHistory.reading, IeltsLatest.reading),
    (AttemptKind.WRITING, IeltsHistory.essays, IeltsLatest.writing),
    (AttemptKind.SPEAKING, IeltsHistory.speaking, IeltsLatest.speaking),
):
    register_batch(_history_field, _HISTORY[_module])
    register_batch(_latest_field, _LATEST[_module])
register_batch(IeltsLatest.overall_band_approx, _overall_band_batch)
register_batch(IeltsResult.test_title, _test_titles_batch)


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
        return await resolve_one(_profiles_batch, info.context, self)


async def _profiles_batch(ctx: Any, parents: Sequence[Any], args: dict[str, Any]) -> list[Any]:
    found = iter(await ielts_resolvers.student_profiles(ctx, [p.row for p in parents if p.row]))
    return [next(found) if p.row is not None else None for p in parents]


register_batch(StudentLookup.profile, _profiles_batch)


# ---------------------------------------------------------------------------------------------
