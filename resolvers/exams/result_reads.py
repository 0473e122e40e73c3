"""Reading exam results: one, pages for staff, a student's own, per exam and student."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select

from auth import policies
from models import attempts as attempt_models
from models.db import read_session
from resolvers.context import AppContext
from resolvers.errors import (
    NotFound,
)
from resolvers.exams.common import (
    EXAM_ATTEMPT,
    RESULT_ID,
    Attempt,
)
from resolvers.exams.exam_reads import (
    _prime,
    get_exam,
)
from resolvers.exams.views import (
    AnswerView,
    answer_view,
)
from resolvers.pagination import (
    DEFAULT_PAGE_SIZE,
    Page,
    PageArgs,
    SortKey,
    decode_cursor,
    encode_cursor,
    paginate,
    validate_page_args,
)

# ---------------------------------------------------------------------------------------------
# reads: results


async def get_exam_result(ctx: AppContext, result_id: int | None) -> attempt_models.Attempt | None:
    if result_id is None or not ctx.allowed("examresult.read"):
        return None
    row = await ctx.loaders.exam_result_by_id.load(result_id)
    if row is None or not policies.can_view_exam_result(ctx.principal, row):
        return None
    return row


async def get_exam_results(
    ctx: AppContext, result_ids: Sequence[int]
) -> list[attempt_models.Attempt | None]:
    if not ctx.allowed("examresult.read"):
        return [None] * len(result_ids)
    rows = await ctx.loaders.exam_result_by_id.load_many(list(result_ids))
    return [
        r if r is not None and policies.can_view_exam_result(ctx.principal, r) else None
        for r in rows
    ]


async def exam_result_detail(ctx: AppContext, result_id: int) -> attempt_models.Attempt:
    ctx.require("examresult.read")
    row = await get_exam_result(ctx, result_id)
    if row is None:
        raise NotFound(field="id")
    return row


async def get_answers(ctx: AppContext, result_id: int) -> list[AnswerView]:
    if await get_exam_result(ctx, result_id) is None:
        return []
    return [answer_view(r) for r in await ctx.loaders.exam_answers_by_result_id.load(result_id)]


async def get_answer(ctx: AppContext, answer_id: int) -> AnswerView | None:
    row = await ctx.loaders.exam_answer_by_id.load(answer_id)
    if row is None or await get_exam_result(ctx, row.attempt_id) is None:
        return None
    return answer_view(row)


async def exam_title_of(ctx: AppContext, result: attempt_models.Attempt) -> str | None:
    """The exam's title for a result the caller may see, even once the exam is unpublished."""
    if result.bank_id is None or not policies.can_view_exam_result(ctx.principal, result):
        return None
    exam = await ctx.loaders.exam_by_id.load(result.bank_id)
    return exam.title if exam else None


@dataclass(frozen=True)
class ExamResultFilter:
    exam_id: int | None = None
    student_id: int | None = None
    is_checked: bool | None = None


def _visible_results(ctx: AppContext, flt: ExamResultFilter) -> Select[Any]:
    stmt = select(Attempt).where(Attempt.kind == EXAM_ATTEMPT)
    if ctx.principal.is_student:
        # The same rule as policies.can_view_exam_result, in SQL.
        stmt = stmt.where(Attempt.user_id == ctx.principal.user_id)
    if flt.exam_id is not None:
        stmt = stmt.where(Attempt.bank_id == flt.exam_id)
    if flt.student_id is not None:
        stmt = stmt.where(Attempt.user_id == flt.student_id)
    if flt.is_checked is not None:
        stmt = stmt.where(Attempt.is_checked.is_(flt.is_checked))
    return stmt


# Results are listed newest first.
RESULT_KEYS = [SortKey(RESULT_ID, True, int)]


def _result_key(row: attempt_models.Attempt) -> list[Any]:
    return [row.id]


async def list_exam_results(
    ctx: AppContext, flt: ExamResultFilter, page: PageArgs = PageArgs()
) -> Page[attempt_models.Attempt]:
    """Staff see every result; students only their own."""
    ctx.require("examresult.read")
    found = await paginate(
        ctx.sessionmaker, _visible_results(ctx, flt), RESULT_KEYS, page, key_of=_result_key
    )
    _prime(ctx.loaders.exam_result_by_id, found.rows)
    return found


async def all_exam_results(
    ctx: AppContext, flt: ExamResultFilter = ExamResultFilter()
) -> list[Any]:
    ctx.require("examresult.read")
    return await _all_results(ctx, _visible_results(ctx, flt))


async def _all_results(ctx: AppContext, stmt: Select[Any]) -> list[Any]:
    async with read_session(ctx.sessionmaker) as session:
        rows = list((await session.scalars(stmt.order_by(Attempt.id.desc()))).all())
    _prime(ctx.loaders.exam_result_by_id, rows)
    return rows


def _mine(ctx: AppContext) -> Select[Any]:
    return select(Attempt).where(
        Attempt.kind == EXAM_ATTEMPT, Attempt.user_id == ctx.principal.user_id
    )


async def my_exam_results(
    ctx: AppContext, page: PageArgs = PageArgs()
) -> Page[attempt_models.Attempt]:
    """The caller's own results, newest first (staff have none)."""
    ctx.require("examresult.mine")
    found = await paginate(ctx.sessionmaker, _mine(ctx), RESULT_KEYS, page, key_of=_result_key)
    _prime(ctx.loaders.exam_result_by_id, found.rows)
    return found


async def all_my_exam_results(ctx: AppContext) -> list[Any]:
    ctx.require("examresult.mine")
    return await _all_results(ctx, _mine(ctx))


async def results_of_exam(
    ctx: AppContext, exam_id: int, page: PageArgs = PageArgs()
) -> Page[attempt_models.Attempt]:
    """An exam's results (a student's own only), in the order handed in.

    Loaded for many exams at once through a loader and paged in memory, so a list of exams with
    their results costs the same number of statements however long it is.
    """
    validate_page_args(page)
    if await get_exam(ctx, exam_id) is None or not ctx.allowed("examresult.read"):
        return page_of([], page)
    rows = await ctx.loaders.exam_results_by_exam_id.load(exam_id)
    _prime(ctx.loaders.exam_result_by_id, rows)
    return page_of([r for r in rows if policies.can_view_exam_result(ctx.principal, r)], page)


async def results_of_student(
    ctx: AppContext, student_id: int, page: PageArgs = PageArgs()
) -> Page[attempt_models.Attempt]:
    """A student's results, newest first: staff see anyone's, a student only their own.

    Paged in memory over a loader, like `results_of_exam`.
    """
    validate_page_args(page)
    if not ctx.allowed("examresult.read"):
        return page_of([], page)
    rows = await ctx.loaders.exam_results_by_student_id.load(student_id)
    _prime(ctx.loaders.exam_result_by_id, rows)
    visible = [r for r in rows if policies.can_view_exam_result(ctx.principal, r)]
    return page_of(visible, page, descending=True)


def page_of(
    rows: list[attempt_models.Attempt], args: PageArgs, *, descending: bool = False
) -> Page[attempt_models.Attempt]:
    """A page of results already loaded in `id` order (ascending, or descending when told);
    the cursor is the id."""
    validate_page_args(args)
    keys = [SortKey(RESULT_ID, descending, int)]

    def beyond(row_id: int, cursor: int) -> bool:
        return row_id < cursor if descending else row_id > cursor

    window = rows
    if args.after:
        after = decode_cursor(args.after, keys, "after")[0]
        window = [r for r in window if beyond(r.id, after)]
    if args.before:
        before = decode_cursor(args.before, keys, "before")[0]
        window = [r for r in window if beyond(before, r.id)]
    if args.last is not None and args.first is None:
        chosen = window[-args.last :] if args.last else []
        has_next, has_previous = bool(args.before), len(window) > len(chosen)
    else:
        size = args.first if args.first is not None else DEFAULT_PAGE_SIZE
        chosen = window[:size]
        has_next, has_previous = len(window) > len(chosen), bool(args.after)
    total = len(rows)

    async def count() -> int:
        return total

    return Page(
        rows=chosen,
        cursors=[encode_cursor([r.id]) for r in chosen],
        has_next_page=has_next,
        has_previous_page=has_previous,
        count=count,
    )
