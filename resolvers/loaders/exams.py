"""Exams, their questions and options, results and answers, and the counts exam lists show."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Select, func, select

from models import attempts as attempt_models
from models import items as item_models
from resolvers.loaders.base import BaseLoader, ByIdLoader

V = TypeVar("V")

Bank = item_models.QuestionBank
Item = item_models.Item
Option = item_models.ItemOption
Attempt = attempt_models.Attempt
Response = attempt_models.Response
EXAM = item_models.BankKind.EXAM.value
EXAM_ATTEMPT = attempt_models.AttemptKind.EXAM.value


class _ByParentLoader(BaseLoader[int, list[V]], Generic[V]):
    """All rows whose `parent` column equals the key, in `order_by` order; [] for none.

    (base.ByForeignKeyLoader reads its column through the instance, which a mapped attribute
    does not allow; the column here is named, and looked up on the model.)
    """

    model: Any
    parent: ClassVar[str]
    order_by: ClassVar[tuple[str, ...]] = ("id",)
    descending: ClassVar[bool] = False

    def statement(self, keys: Sequence[int]) -> Select[Any]:
        column = getattr(self.model, self.parent)
        order = [getattr(self.model, name) for name in self.order_by]
        return (
            select(self.model)
            .where(column.in_(set(keys)))
            .order_by(*(c.desc() if self.descending else c for c in order))
        )

    async def batch_load_fn(self, keys: Sequence[int]) -> list[list[V]]:
        grouped: dict[int, list[V]] = defaultdict(list)
        for row in await self.scalars(self.statement(keys)):
            grouped[getattr(row, self.parent)].append(row)
        return [grouped.get(k, []) for k in keys]


class ExamByIdLoader(BaseLoader[int, item_models.QuestionBank | None]):
    """Question banks of kind EXAM only: another kind's id is not an exam."""

    async def batch_load_fn(self, keys: Sequence[int]) -> list[item_models.QuestionBank | None]:
        found = await self.scalars(select(Bank).where(Bank.id.in_(set(keys)), Bank.kind == EXAM))
        by_id = {row.id: row for row in found}
        return [by_id.get(k) for k in keys]


class ExamQuestionByIdLoader(ByIdLoader[item_models.Item]):
    model = Item


class ExamOptionByIdLoader(ByIdLoader[item_models.ItemOption]):
    model = Option


class QuestionsByExamIdLoader(_ByParentLoader[item_models.Item]):
    model = Item
    parent = "bank_id"
    order_by = ("order", "id")


class OptionsByQuestionIdLoader(_ByParentLoader[item_models.ItemOption]):
    model = Option
    parent = "item_id"
    order_by = ("order", "id")


class _CountLoader(BaseLoader[int, int]):
    async def counts(self, stmt: Select[Any, Any]) -> dict[int, int]:
        return {key: int(n) for key, n in await self.rows(stmt)}


class QuestionCountByExamIdLoader(_CountLoader):
    async def batch_load_fn(self, keys: Sequence[int]) -> list[int]:
        found = await self.counts(
            select(Item.bank_id, func.count(Item.id))
            .where(Item.bank_id.in_(set(keys)))
            .group_by(Item.bank_id)
        )
        return [found.get(k, 0) for k in keys]


class ParticipantCountByExamIdLoader(_CountLoader):
    """Students who handed the exam in (one result each)."""

    async def batch_load_fn(self, keys: Sequence[int]) -> list[int]:
        found = await self.counts(
            select(Attempt.bank_id, func.count(func.distinct(Attempt.user_id)))
            .where(Attempt.bank_id.in_(set(keys)), Attempt.kind == EXAM_ATTEMPT)
            .group_by(Attempt.bank_id)
        )
        return [found.get(k, 0) for k in keys]


class ExamResultByIdLoader(BaseLoader[int, attempt_models.Attempt | None]):
    async def batch_load_fn(self, keys: Sequence[int]) -> list[attempt_models.Attempt | None]:
        found = await self.scalars(
            select(Attempt).where(Attempt.id.in_(set(keys)), Attempt.kind == EXAM_ATTEMPT)
        )
        by_id = {row.id: row for row in found}
        return [by_id.get(k) for k in keys]


class ExamResultsByExamIdLoader(_ByParentLoader[attempt_models.Attempt]):
    model = Attempt
    parent = "bank_id"

    def statement(self, keys: Sequence[int]) -> Select[Any]:
        return super().statement(keys).where(Attempt.kind == EXAM_ATTEMPT)


class ExamResultsByStudentIdLoader(_ByParentLoader[attempt_models.Attempt]):
    model = Attempt
    parent = "user_id"
    descending = True

    def statement(self, keys: Sequence[int]) -> Select[Any]:
        return super().statement(keys).where(Attempt.kind == EXAM_ATTEMPT)


class ExamAnswerByIdLoader(ByIdLoader[attempt_models.Response]):
    model = Response


class ExamAnswersByResultIdLoader(_ByParentLoader[attempt_models.Response]):
    model = Response
    parent = "attempt_id"
