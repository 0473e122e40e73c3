"""Reading exams: one, many, a page with filters and order, by entry code."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select

from auth import policies
from models import groups as group_models
from models import items as item_models
from models.db import read_session
from resolvers.context import AppContext
from resolvers.errors import (
    BLANK,
    REQUIRED,
    NotFound,
    ValidationFailed,
)
from resolvers.exams.common import (
    BANK_ID,
    CODE_LENGTH,
    EXAM,
    Bank,
    InvalidCode,
)
from resolvers.exams.views import (
    OptionView,
    QuestionView,
    _option_view,
    _question_view,
)
from resolvers.pagination import (
    Page,
    PageArgs,
    SortKey,
    paginate,
)
from resolvers.search import escape_like

# ---------------------------------------------------------------------------------------------
# reads: exams


async def get_exam(ctx: AppContext, exam_id: int | None) -> item_models.QuestionBank | None:
    """An exam the principal may see, or None (an invisible exam looks like a missing one)."""
    if exam_id is None or not ctx.allowed("exam.read"):
        return None
    exam = await ctx.loaders.exam_by_id.load(exam_id)
    if exam is None or not policies.can_view_exam(ctx.principal, exam):
        return None
    return exam


async def get_exams(
    ctx: AppContext, exam_ids: Sequence[int]
) -> list[item_models.QuestionBank | None]:
    if not ctx.allowed("exam.read"):
        return [None] * len(exam_ids)
    rows = await ctx.loaders.exam_by_id.load_many(list(exam_ids))
    return [r if r is not None and policies.can_view_exam(ctx.principal, r) else None for r in rows]


async def exam_detail(ctx: AppContext, exam_id: int) -> item_models.QuestionBank:
    ctx.require("exam.read")
    exam = await get_exam(ctx, exam_id)
    if exam is None:
        raise NotFound(field="id")
    return exam


async def get_questions(ctx: AppContext, exam_id: int) -> list[QuestionView]:
    """The exam's questions in order, with answers shown only to those who may see them."""
    if await get_exam(ctx, exam_id) is None:
        return []
    items = await ctx.loaders.questions_by_exam_id.load(exam_id)
    options = await ctx.loaders.options_by_question_id.load_many([i.id for i in items])
    reveal = policies.can_see_exam_answers(ctx.principal)
    return [_question_view(i, o, reveal) for i, o in zip(items, options, strict=True)]


async def get_question(ctx: AppContext, question_id: int) -> QuestionView | None:
    item = await ctx.loaders.exam_question_by_id.load(question_id)
    if item is None or await get_exam(ctx, item.bank_id) is None:
        return None
    options = await ctx.loaders.options_by_question_id.load(item.id)
    return _question_view(item, options, policies.can_see_exam_answers(ctx.principal))


async def get_option(ctx: AppContext, option_id: int) -> OptionView | None:
    row = await ctx.loaders.exam_option_by_id.load(option_id)
    if row is None or await get_question(ctx, row.item_id) is None:
        return None
    return _option_view(row, policies.can_see_exam_answers(ctx.principal))


async def question_count(ctx: AppContext, exam_id: int) -> int:
    return await ctx.loaders.question_count_by_exam_id.load(exam_id)


async def participant_count(ctx: AppContext, exam_id: int) -> int:
    return await ctx.loaders.participant_count_by_exam_id.load(exam_id)


async def get_subject(ctx: AppContext, subject_id: int | None) -> group_models.Subject | None:
    """An exam's subject: whoever sees the exam sees its subject's name."""
    if subject_id is None or not ctx.allowed("exam.read"):
        return None
    return await ctx.loaders.subject_by_id.load(subject_id)


class ExamOrderField(enum.Enum):
    CREATED_AT = "created_at"
    DATE = "date"
    TITLE = "title"


@dataclass(frozen=True)
class ExamFilter:
    subject_id: int | None = None
    is_published: bool | None = None
    is_active: bool | None = None
    search: str | None = None


def _visible_exams(ctx: AppContext, flt: ExamFilter) -> Select[Any]:
    stmt = select(Bank).where(Bank.kind == EXAM)
    if ctx.principal.is_student:
        # The same rule as policies.can_view_exam, in SQL.
        stmt = stmt.where(Bank.is_published.is_(True), Bank.is_active.is_(True))
    if flt.subject_id is not None:
        stmt = stmt.where(Bank.subject_id == flt.subject_id)
    if flt.is_published is not None:
        stmt = stmt.where(Bank.is_published.is_(flt.is_published))
    if flt.is_active is not None:
        stmt = stmt.where(Bank.is_active.is_(flt.is_active))
    if flt.search and flt.search.strip():
        needle = "%" + escape_like(flt.search.strip().lower()) + "%"
        stmt = stmt.where(func.lower(Bank.title).like(needle, escape="\\"))
    return stmt


def _exam_keys(field: ExamOrderField, descending: bool) -> list[SortKey]:
    column: Any
    python_type: type
    if field is ExamOrderField.DATE:
        column, python_type = func.coalesce(Bank.date, date.min), date
    elif field is ExamOrderField.TITLE:
        column, python_type = Bank.title, str
    else:
        column, python_type = Bank.created_at, datetime
    return [SortKey(column, descending, python_type), SortKey(BANK_ID, descending, int)]


def _exam_key_of(field: ExamOrderField) -> Callable[[item_models.QuestionBank], list[Any]]:
    def key(row: item_models.QuestionBank) -> list[Any]:
        if field is ExamOrderField.DATE:
            return [row.date or date.min, row.id]
        return [getattr(row, field.value), row.id]

    return key


async def list_exams(
    ctx: AppContext,
    flt: ExamFilter,
    order: ExamOrderField = ExamOrderField.CREATED_AT,
    descending: bool = True,
    page: PageArgs = PageArgs(),
) -> Page[item_models.QuestionBank]:
    ctx.require("exam.read")
    found = await paginate(
        ctx.sessionmaker,
        _visible_exams(ctx, flt),
        _exam_keys(order, descending),
        page,
        key_of=_exam_key_of(order),
    )
    _prime(ctx.loaders.exam_by_id, found.rows)
    return found


async def all_exams(ctx: AppContext, flt: ExamFilter = ExamFilter()) -> list[Any]:
    """Every visible exam, newest first (the academy's unpaginated list)."""
    ctx.require("exam.read")
    stmt = _visible_exams(ctx, flt).order_by(Bank.created_at.desc(), Bank.id.desc())
    async with read_session(ctx.sessionmaker) as session:
        rows = list((await session.scalars(stmt)).all())
    _prime(ctx.loaders.exam_by_id, rows)
    return rows


def _prime(loader: Any, rows: Sequence[Any]) -> None:
    """Rows a list just read need not be read again by id."""
    for row in rows:
        loader.prime(row.id, row)


async def find_exam_by_code(ctx: AppContext, code: str | None) -> item_models.QuestionBank | None:
    """The exam with this entry code (any case) that the caller may sit or see; else None."""
    ctx.require("exam.enter")
    wanted = (code or "").strip().upper()
    if not wanted or len(wanted) > CODE_LENGTH:
        return None
    async with read_session(ctx.sessionmaker) as session:
        exam = await session.scalar(select(Bank).where(Bank.code == wanted, Bank.kind == EXAM))
    if exam is None or not policies.can_view_exam(ctx.principal, exam):
        return None
    ctx.loaders.exam_by_id.prime(exam.id, exam)
    return exam


async def exam_enter_code(ctx: AppContext, code: Any) -> item_models.QuestionBank:
    """Enter an exam by its code; a code that opens nothing is one clean error."""
    ctx.require("exam.enter")
    if code is None:
        raise ValidationFailed.single("code", REQUIRED, "REQUIRED")
    if not isinstance(code, str):
        raise ValidationFailed.single("code", "Not a valid string.", "INVALID")
    if not code.strip():
        raise ValidationFailed.single("code", BLANK, "BLANK")
    exam = await find_exam_by_code(ctx, code)
    if exam is None:
        raise InvalidCode()
    return exam
