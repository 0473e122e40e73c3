"""IELTS loaders. Module results per student come from one window-function statement for all
four modules and a whole batch of (student, limit) keys ("the latest" is the same statement
with a limit of 1), so a batch of 500 students costs what a batch of 5 does."""

from __future__ import annotations

import asyncio
import functools
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Integer, Select, bindparam, func, select
from sqlalchemy.orm import aliased

from models import attempts as attempt_models
from models import ielts as ielts_models
from models import items as item_models
from models.db import SessionMaker
from resolvers.loaders.base import BaseLoader, ByIdLoader, one_of

Attempt = attempt_models.Attempt
Bank = item_models.QuestionBank
V = TypeVar("V")

# What is ranked: the plain columns of a module result, and the JSON columns its few JSON-held
# values come out of once ranking has kept the rows wanted (extracting them, and joining the
# test's title, for every row before ranking cost a tenth of the statement).
RANKED_COLUMNS = (
    Attempt.id,
    Attempt.user_id,
    Attempt.kind,
    Attempt.bank_id,
    Attempt.started_at,
    Attempt.finished_at,
    Attempt.raw_score,
    Attempt.band,
    Attempt.diagnostic,
    Attempt.meta,
    Attempt.result,
)


@dataclass(slots=True)
class ModuleResult:
    """One finished module result as the loader hands it out. Both faces read each of its
    fields several times per result, and a slotted attribute reads in a fraction of the time
    a SQLAlchemy `Row`'s does: at hundreds of students that is tens of milliseconds."""

    id: int
    user_id: int
    kind: str
    bank_id: int | None
    started_at: datetime
    finished_at: datetime | None
    raw_score: Decimal | None
    band: Decimal | None
    diagnostic: bool
    mock_attempt_id: int | None
    task_type: str | None
    teacher_feedback: str | None  # JSON text
    test_title: str | None
    rank: int


@functools.cache
def results_statement(dialect: str, include_diagnostics: bool) -> Select[Any]:
    """The last `limit` finished results of the `kinds` of each of the `students`, ranked per
    student and module, newest first: what a module result carries, enough for both faces and
    nothing heavier (answers and essay texts are loaded separately, only when asked for). Built
    once per variant, so SQLAlchemy keeps its cache key instead of working it out per batch."""
    rank = (
        func.row_number()
        .over(
            partition_by=(Attempt.user_id, Attempt.kind),
            order_by=(Attempt.finished_at.desc(), Attempt.id.desc()),
        )
        .label("rank")
    )
    inner = select(*RANKED_COLUMNS, rank).where(
        one_of(Attempt.user_id, "students", dialect),
        one_of(Attempt.kind, "kinds", dialect),
        Attempt.finished_at.is_not(None),
    )
    if not include_diagnostics:
        inner = inner.where(Attempt.diagnostic.is_(False))
    ranked = inner.subquery()
    # The ranked rows read as attempts, so the model's hybrid expressions apply to them.
    row = aliased(Attempt, ranked)
    return (
        select(
            row.id,
            row.user_id,
            row.kind,
            row.bank_id,
            row.started_at,
            row.finished_at,
            row.raw_score,
            row.band,
            row.diagnostic,
            row.mock_attempt_id.label("mock_attempt_id"),
            row.task_type.label("task_type"),
            # As JSON text, decoded only where it is read (resolvers.ielts.essay_feedback): a
            # history of essays rarely shows its feedback, and decoding it row by row cost
            # milliseconds.
            row.result["teacher_feedback"].as_string().label("teacher_feedback"),
            Bank.title.label("test_title"),
            ranked.c.rank,
        )
        .outerjoin(Bank, Bank.id == row.bank_id)
        .where(ranked.c.rank <= bindparam("limit", type_=Integer))
        .order_by(row.user_id, row.kind, ranked.c.rank)
    )


# The four IELTS modules, as attempt kinds: what a module-results statement reads.
MODULE_KINDS = [
    attempt_models.AttemptKind.LISTENING.value,
    attempt_models.AttemptKind.READING.value,
    attempt_models.AttemptKind.WRITING.value,
    attempt_models.AttemptKind.SPEAKING.value,
]

ModuleResults = dict[str, list[ModuleResult]]
_NONE: ModuleResults = {}


class ModuleResultsByStudentIdLoader(BaseLoader[tuple[int, int], ModuleResults]):
    """The last `limit` finished results of every module per student, newest first, for keys
    (student id, limit): {module: [results]}, a module without results left out. Every key
    asked for in the same tick is one window-function statement (ranked per student and
    module, cut at the largest limit): "the latest" is the same statement with a limit of 1, so
    the latest and the history of the four modules of 500 students cost one statement and a
    thousand keys. Callers must not change the lists they get: keys share them."""

    max_batch_size = 20_000

    def __init__(self, sessionmaker: SessionMaker, include_diagnostics: bool) -> None:
        super().__init__(sessionmaker)
        self.include_diagnostics = include_diagnostics

    async def batch_load_fn(self, keys: Sequence[tuple[int, int]]) -> list[ModuleResults]:
        longest = max(n for _, n in keys)
        params: dict[str, Any] = {
            "students": list({student for student, _ in keys}),
            "kinds": MODULE_KINDS,
            "limit": longest,
        }
        stmt = results_statement(self.dialect, self.include_diagnostics)
        grouped: dict[int, ModuleResults] = {}
        for row in await self.rows(stmt, params):
            result = ModuleResult(*row)
            per_student = grouped.get(result.user_id)
            if per_student is None:
                per_student = grouped[result.user_id] = {}
            per_kind = per_student.get(result.kind)
            if per_kind is None:
                per_student[result.kind] = [result]
            else:
                per_kind.append(result)
        out: list[ModuleResults] = []
        for student, n in keys:
            found = grouped.get(student, _NONE)
            out.append(found if n == longest else {k: v[:n] for k, v in found.items()})
        return out


def _grouped(rows: Sequence[V], keys: Sequence[int], key: Callable[[V], int]) -> list[list[V]]:
    # (ByForeignKeyLoader reads its `column` through the instance, where an ORM attribute
    # raises; these two loaders group by hand.)
    grouped: dict[int, list[V]] = {}
    for row in rows:
        grouped.setdefault(key(row), []).append(row)
    return [grouped.get(k, []) for k in keys]


class BankByIdLoader(ByIdLoader[item_models.QuestionBank]):
    model = item_models.QuestionBank


class MockTestByUuidLoader(BaseLoader[uuid.UUID, item_models.QuestionBank | None]):
    async def batch_load_fn(
        self, keys: Sequence[uuid.UUID]
    ) -> list[item_models.QuestionBank | None]:
        found = await self.scalars(
            select(Bank).where(Bank.uuid.in_(set(keys)), Bank.kind == item_models.BankKind.MOCK)
        )
        by_uuid = {row.uuid: row for row in found}
        return [by_uuid.get(k) for k in keys]


class MockSectionsByBankIdLoader(BaseLoader[int, list[ielts_models.MockSection]]):
    async def batch_load_fn(self, keys: Sequence[int]) -> list[list[ielts_models.MockSection]]:
        Section = ielts_models.MockSection
        rows = await self.scalars(
            select(Section).where(Section.bank_id.in_(set(keys))).order_by(Section.id)
        )
        return _grouped(rows, keys, lambda r: r.bank_id)


class AttemptByIdLoader(ByIdLoader[attempt_models.Attempt]):
    model = attempt_models.Attempt


class ResponsesByAttemptIdLoader(BaseLoader[int, list[attempt_models.Response]]):
    async def batch_load_fn(self, keys: Sequence[int]) -> list[list[attempt_models.Response]]:
        Response = attempt_models.Response
        rows = await self.scalars(
            select(Response)
            .where(Response.attempt_id.in_(set(keys)))
            .order_by(Response.slot, Response.id)
        )
        return _grouped(rows, keys, lambda r: r.attempt_id)


class BandScoreByAttemptIdLoader(BaseLoader[int, attempt_models.BandScore | None]):
    async def batch_load_fn(self, keys: Sequence[int]) -> list[attempt_models.BandScore | None]:
        BandScore = attempt_models.BandScore
        found = await self.scalars(select(BandScore).where(BandScore.attempt_id.in_(set(keys))))
        by_attempt = {row.attempt_id: row for row in found}
        return [by_attempt.get(k) for k in keys]


class IeltsLoaders:
    """The IELTS loaders of one request; parameterised ones are made once per parameter set."""

    def __init__(self, sessionmaker: SessionMaker) -> None:
        self.sessionmaker = sessionmaker
        self._results: dict[bool, ModuleResultsByStudentIdLoader] = {}
        # Module results of a whole list of keys, shared by the calls that ask for the same
        # list (see resolvers.ielts.module_results_many).
        self.results_of_keys: dict[tuple[Any, ...], asyncio.Future[Any]] = {}
        self.bank_by_id = BankByIdLoader(sessionmaker)
        self.mock_test_by_uuid = MockTestByUuidLoader(sessionmaker)
        self.mock_sections_by_bank_id = MockSectionsByBankIdLoader(sessionmaker)
        self.attempt_by_id = AttemptByIdLoader(sessionmaker)
        self.responses_by_attempt_id = ResponsesByAttemptIdLoader(sessionmaker)
        self.band_score_by_attempt_id = BandScoreByAttemptIdLoader(sessionmaker)

    def module_results(self, include_diagnostics: bool) -> ModuleResultsByStudentIdLoader:
        loader = self._results.get(include_diagnostics)
        if loader is None:
            loader = ModuleResultsByStudentIdLoader(self.sessionmaker, include_diagnostics)
            self._results[include_diagnostics] = loader
        return loader
