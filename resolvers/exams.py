"""Exams and exam results (seed 001 §13-§14), on the shared question-bank and attempt tables.

An exam is a `QuestionBank` of kind EXAM; a `test` question is a SINGLE_CHOICE `Item` with
`ItemOption`s, a `written` one a TEXT item whose sample answer sits in `content`. A result is
an `Attempt` of kind EXAM (`raw_score` correct answers, `max_score` questions, `score` the
percentage); each answer is a `Response` in slot "item:<id>" that also keeps the question and
option texts as they were when the student answered, so results stay readable after the
questions are replaced.

Rules kept here for both faces:
- codes: 6 characters, uppercase letters and digits, unique in the database, drawn again on a
  collision; given on create and on copy, never taken from the client;
- a student submits an exam once (a partial unique index backs the check), only while it is
  published and active; test answers are graded at once, written ones wait for staff;
- students never see which option is correct nor the sample written answer.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from auth import policies
from models import attempts as attempt_models
from models import groups as group_models
from models import items as item_models
from models.db import read_session, write_session
from resolvers.assessment import codes
from resolvers.center_time import today
from resolvers.context import AppContext
from resolvers.errors import (
    BLANK,
    NULL,
    REQUIRED,
    Collector,
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    max_length,
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
from resolvers.search import escape_like

Bank = item_models.QuestionBank
Item = item_models.Item
Option = item_models.ItemOption
Attempt = attempt_models.Attempt
Response = attempt_models.Response

# Results page by id; typed loosely as every SortKey column is.
RESULT_ID: Any = Attempt.id
BANK_ID: Any = Bank.id

EXAM = item_models.BankKind.EXAM.value
EXAM_ATTEMPT = attempt_models.AttemptKind.EXAM.value

# The academy's question types and the unified item types they are stored as.
TEST = "test"
WRITTEN = "written"
ITEM_TYPE = {
    TEST: item_models.ItemType.SINGLE_CHOICE.value,
    WRITTEN: item_models.ItemType.TEXT.value,
}
ACADEMY_TYPE = {v: k for k, v in ITEM_TYPE.items()}
SAMPLE_KEY = "written_answer_sample"

CODE_LENGTH = codes.CODE_LENGTH
CODE_EXHAUSTED = "Could not draw a free exam code; try again."
TITLE_MAX = 255
COPY_SUFFIX = " (Nusxa)"
MAX_QUESTIONS = 500
MAX_OPTIONS = 20
MIN_OPTIONS = 2

# The center's own words (seed 001 uses them for mock-test codes and sessions too).
WRONG_CODE = "Test kodi noto'g'ri."
NOT_PUBLISHED = "Test hali nashr etilmagan."
NOT_ACTIVE = "Test faol emas."
ALREADY_SUBMITTED = "Siz bu testni allaqachon topshirgansiz."


class InvalidCode(DomainError):
    code = "INVALID_CODE"
    default_message = WRONG_CODE


# ---------------------------------------------------------------------------------------------
# views: what the faces render (answers already hidden from students)


@dataclass(frozen=True)
class OptionView:
    id: int
    question_id: int
    text: str
    order: int
    # None when the caller may not see it (students).
    is_correct: bool | None


@dataclass(frozen=True)
class QuestionView:
    id: int
    exam_id: int
    text: str
    type: str  # "test" or "written"
    order: int
    options: list[OptionView]
    written_answer_sample: str | None
    # False for students: is_correct and written_answer_sample are withheld, not merely empty.
    revealed: bool


@dataclass(frozen=True)
class AnswerView:
    id: int
    result_id: int
    question_id: int | None
    question_text: str
    type: str
    option_id: int | None
    option_text: str | None
    written_answer: str | None
    is_correct: bool | None
    created_at: datetime


def _option_view(row: item_models.ItemOption, reveal: bool) -> OptionView:
    return OptionView(
        id=row.id,
        question_id=row.item_id,
        text=row.text,
        order=row.order,
        is_correct=row.is_correct if reveal else None,
    )


def _question_view(
    item: item_models.Item, options: Sequence[item_models.ItemOption], reveal: bool
) -> QuestionView:
    sample = (item.content or {}).get(SAMPLE_KEY)
    return QuestionView(
        id=item.id,
        exam_id=item.bank_id,
        text=item.text,
        type=ACADEMY_TYPE.get(item.type, TEST),
        order=item.order,
        options=[_option_view(o, reveal) for o in options],
        written_answer_sample=sample if reveal else None,
        revealed=reveal,
    )


def answer_view(row: attempt_models.Response) -> AnswerView:
    given = row.answer if isinstance(row.answer, dict) else {}
    return AnswerView(
        id=row.id,
        result_id=row.attempt_id,
        question_id=row.item_id,
        question_text=str(given.get("question_text", "")),
        type=str(given.get("type", TEST)),
        option_id=given.get("option_id"),
        option_text=given.get("option_text"),
        written_answer=given.get("written_answer"),
        is_correct=row.is_correct,
        created_at=row.created_at,
    )


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


# ---------------------------------------------------------------------------------------------
# validation of exam input


@dataclass(frozen=True)
class OptionData:
    text: str
    is_correct: bool
    order: int


@dataclass(frozen=True)
class QuestionData:
    text: str
    type: str
    order: int
    options: list[OptionData]
    written_answer_sample: str | None


EXAM_FIELDS = frozenset(
    {
        "subject_id",
        "title",
        "description",
        "time_limit",
        "is_published",
        "is_active",
        "date",
        "questions",
    }
)
_MISSING = object()
_TRUE = {True, "true", "True", "TRUE", "1", "yes", "on"}
_FALSE = {False, "false", "False", "FALSE", "0", "no", "off"}


def _as_text(errors: Collector, field: str, value: Any, *, required: bool) -> str | None:
    """DRF CharField rules: required, not null, not blank; numbers become text."""
    if value is _MISSING:
        if required:
            errors.add(field, REQUIRED, "REQUIRED")
        return None
    if value is None:
        errors.add(field, NULL, "REQUIRED")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        errors.add(field, "Not a valid string.", "INVALID")
        return None
    text = str(value).strip()
    if required and not text:
        errors.add(field, BLANK, "BLANK")
        return None
    return text


def _as_int(errors: Collector, field: str, value: Any, *, minimum: int = 0) -> int | None:
    if value is None:
        errors.add(field, NULL, "REQUIRED")
        return None
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        number = int(value.strip())
    if number is None:
        errors.add(field, "A valid integer is required.", "INVALID")
        return None
    if number < minimum:
        errors.add(field, f"Ensure this value is greater than or equal to {minimum}.", "MIN_VALUE")
        return None
    return number


def _as_bool(errors: Collector, field: str, value: Any) -> bool | None:
    if value is None:
        errors.add(field, NULL, "REQUIRED")
        return None
    if isinstance(value, bool | int | str) and value in _TRUE:
        return True
    if isinstance(value, bool | int | str) and value in _FALSE:
        return False
    errors.add(field, "Must be a valid boolean.", "INVALID")
    return None


def _as_list(errors: Collector, field: str, value: Any, limit: int) -> list[Any] | None:
    if value is None:
        errors.add(field, NULL, "REQUIRED")
        return None
    if not isinstance(value, list | tuple):
        errors.add(
            field, f'Expected a list of items but got type "{type(value).__name__}".', "INVALID"
        )
        return None
    if len(value) > limit:
        errors.add(field, f"Ensure this field has no more than {limit} elements.", "TOO_MANY")
        return None
    return list(value)


def _as_mapping(errors: Collector, field: str, value: Any) -> Mapping[str, Any] | None:
    if not isinstance(value, Mapping):
        errors.add(
            field,
            f"Invalid data. Expected a dictionary, but got {type(value).__name__}.",
            "INVALID",
        )
        return None
    return value


def _parse_options(errors: Collector, base: str, raw: list[Any]) -> list[OptionData] | None:
    parsed: list[OptionData] = []
    ok = True
    for j, entry in enumerate(raw):
        field = f"{base}.{j}"
        option = _as_mapping(errors, field, entry)
        if option is None:
            ok = False
            continue
        text = _as_text(errors, f"{field}.text", option.get("text", _MISSING), required=True)
        correct_raw = option.get("is_correct", _MISSING)
        if correct_raw is _MISSING:
            errors.add(f"{field}.is_correct", REQUIRED, "REQUIRED")
            correct = None
        else:
            correct = _as_bool(errors, f"{field}.is_correct", correct_raw)
        order_raw = option.get("order")
        order = j + 1 if order_raw is None else _as_int(errors, f"{field}.order", order_raw)
        if text is None or correct is None or order is None:
            ok = False
            continue
        parsed.append(OptionData(text=text, is_correct=correct, order=order))
    return parsed if ok else None


def _parse_questions(errors: Collector, raw: Any) -> list[QuestionData]:
    entries = _as_list(errors, "questions", raw, MAX_QUESTIONS)
    questions: list[QuestionData] = []
    for i, entry in enumerate(entries or []):
        base = f"questions.{i}"
        question = _as_mapping(errors, base, entry)
        if question is None:
            continue
        text = _as_text(errors, f"{base}.text", question.get("text", _MISSING), required=True)
        kind = question.get("type", _MISSING)
        if kind is _MISSING:
            errors.add(f"{base}.type", REQUIRED, "REQUIRED")
            kind = None
        elif kind is None:
            errors.add(f"{base}.type", NULL, "REQUIRED")
        elif kind not in ITEM_TYPE:
            errors.add(f"{base}.type", f'"{kind}" is not a valid choice.', "INVALID_CHOICE")
            kind = None
        order_raw = question.get("order")
        order = i + 1 if order_raw is None else _as_int(errors, f"{base}.order", order_raw)

        options: list[OptionData] | None = []
        options_raw = question.get("options")
        if options_raw is not None:
            listed = _as_list(errors, f"{base}.options", options_raw, MAX_OPTIONS)
            options = None if listed is None else _parse_options(errors, f"{base}.options", listed)
        sample_raw = question.get(SAMPLE_KEY)
        sample = None
        if sample_raw is not None:
            sample = _as_text(errors, f"{base}.{SAMPLE_KEY}", sample_raw, required=False) or None

        if kind == WRITTEN and options:
            errors.add(f"{base}.options", "Only test questions have options.", "NOT_ALLOWED")
        if kind == TEST and sample:
            errors.add(
                f"{base}.{SAMPLE_KEY}",
                "Only written questions have a sample answer.",
                "NOT_ALLOWED",
            )
        if kind == TEST and options is not None:
            if len(options) < MIN_OPTIONS:
                errors.add(
                    f"{base}.options",
                    f"A test question needs at least {MIN_OPTIONS} options.",
                    "TOO_FEW_OPTIONS",
                )
            elif sum(o.is_correct for o in options) != 1:
                errors.add(
                    f"{base}.options", "Exactly one option must be correct.", "CORRECT_OPTION_COUNT"
                )
        if text is None or kind is None or order is None or options is None:
            continue
        questions.append(
            QuestionData(
                text=text,
                type=kind,
                order=order,
                options=options if kind == TEST else [],
                written_answer_sample=sample if kind == WRITTEN else None,
            )
        )
    return questions


async def _validate_exam(
    ctx: AppContext, data: Mapping[str, Any], *, full: bool
) -> tuple[dict[str, Any], list[QuestionData] | None]:
    """Column values and questions to write; every problem is reported at once.

    `full` (create, PUT) requires subject and title; a partial update (PATCH) requires nothing.
    """
    unknown = set(data) - EXAM_FIELDS
    if unknown:
        raise ValueError(f"unknown exam fields: {sorted(unknown)}")
    errors = Collector()
    values: dict[str, Any] = {}

    subject_id = data.get("subject_id", _MISSING)
    if subject_id is _MISSING:
        if full:
            errors.add("subject", REQUIRED, "REQUIRED")
    elif subject_id is None:
        errors.add("subject", NULL, "REQUIRED")
    else:
        values["subject_id"] = subject_id

    title = _as_text(errors, "title", data.get("title", _MISSING), required=full or "title" in data)
    if title is not None:
        if len(title) > TITLE_MAX:
            errors.add("title", max_length(TITLE_MAX), "TOO_LONG")
        values["title"] = title
    if "description" in data:
        # A blank or absent description is an empty one.
        description = data["description"]
        values["description"] = (
            ""
            if description is None
            else _as_text(errors, "description", description, required=False)
        )
    if "time_limit" in data:
        values["time_limit_minutes"] = _as_int(errors, "time_limit", data["time_limit"])
    for name in ("is_published", "is_active"):
        if name in data:
            values[name] = _as_bool(errors, name, data[name])
    if "date" in data:
        if data["date"] is None:
            errors.add("date", NULL, "REQUIRED")
        elif not isinstance(data["date"], date):
            errors.add(
                "date",
                "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
                "INVALID",
            )
        else:
            values["date"] = data["date"]

    questions = _parse_questions(errors, data["questions"]) if "questions" in data else None

    if "subject_id" in values and not errors.has("subject"):
        subject = await ctx.loaders.subject_by_id.load(values["subject_id"])
        if subject is None:
            errors.add(
                "subject",
                f'Invalid pk "{values["subject_id"]}" - object does not exist.',
                "DOES_NOT_EXIST",
            )
    errors.raise_if_any()
    return values, questions


# ---------------------------------------------------------------------------------------------
# writes: exams


async def _with_new_code(
    ctx: AppContext, build: Callable[[AsyncSession, str], Any]
) -> item_models.QuestionBank:
    """Run `build` in one transaction with a fresh code (see `assessment.codes`)."""
    exam: item_models.QuestionBank = await codes.with_new_code(
        ctx.sessionmaker, build, message=CODE_EXHAUSTED
    )
    ctx.loaders.exam_by_id.prime(exam.id, exam)
    return exam


async def _write_questions(
    session: AsyncSession, exam_id: int, questions: Sequence[QuestionData], now: datetime
) -> None:
    items = [
        Item(
            bank_id=exam_id,
            type=ITEM_TYPE[q.type],
            text=q.text,
            order=q.order,
            content={SAMPLE_KEY: q.written_answer_sample} if q.type == WRITTEN else {},
            source="academy",
            created_at=now,
            updated_at=now,
        )
        for q in questions
    ]
    session.add_all(items)
    await session.flush()
    session.add_all(
        Option(item_id=item.id, text=o.text, is_correct=o.is_correct, order=o.order)
        for item, q in zip(items, questions, strict=True)
        for o in q.options
    )
    await session.flush()


async def exam_create(ctx: AppContext, data: Mapping[str, Any]) -> item_models.QuestionBank:
    ctx.require("exam.create")
    values, questions = await _validate_exam(ctx, data, full=True)
    now = ctx.now()
    values.setdefault("date", today(ctx))

    async def build(session: AsyncSession, code: str) -> item_models.QuestionBank:
        exam = Bank(
            kind=EXAM,
            code=code,
            created_by_id=ctx.principal.user_id,
            created_at=now,
            updated_at=now,
            **values,
        )
        session.add(exam)
        await session.flush()
        await _write_questions(session, exam.id, questions or [], now)
        return exam

    return await _with_new_code(ctx, build)


async def _exam_for_change(ctx: AppContext, exam_id: int) -> item_models.QuestionBank:
    exam = await get_exam(ctx, exam_id)
    if exam is None:
        raise NotFound(field="id")
    return exam


def _forget_exam(ctx: AppContext, exam_id: int) -> None:
    loaders = ctx.loaders
    for loader in (
        loaders.exam_by_id,
        loaders.questions_by_exam_id,
        loaders.question_count_by_exam_id,
        loaders.participant_count_by_exam_id,
        loaders.exam_results_by_exam_id,
    ):
        loader.clear(exam_id)


async def exam_update(
    ctx: AppContext, exam_id: int, data: Mapping[str, Any], *, partial: bool = True
) -> item_models.QuestionBank:
    """Change an exam; `questions`, when given, replace the old ones as a whole."""
    ctx.require("exam.update")
    await _exam_for_change(ctx, exam_id)
    values, questions = await _validate_exam(ctx, data, full=not partial)
    now = ctx.now()
    async with write_session(ctx.sessionmaker) as session:
        if values:
            await session.execute(
                update(Bank).where(Bank.id == exam_id).values(updated_at=now, **values)
            )
        if questions is not None:
            # Options go with their questions (ON DELETE CASCADE); answers keep their texts.
            await session.execute(delete(Item).where(Item.bank_id == exam_id))
            await _write_questions(session, exam_id, questions, now)
        fresh = await session.get(Bank, exam_id, populate_existing=True)
    if fresh is None:
        raise NotFound(field="id")
    _forget_exam(ctx, exam_id)
    if questions is not None:
        # New questions may reuse old ids (SQLite does): forget every cached option list.
        ctx.loaders.options_by_question_id.clear_all()
    ctx.loaders.exam_by_id.prime(exam_id, fresh)
    return fresh


async def exam_delete(ctx: AppContext, exam_id: int) -> int:
    """Delete an exam with its questions and its results (as the center's old API did)."""
    ctx.require("exam.delete")
    await _exam_for_change(ctx, exam_id)
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(
            delete(Attempt).where(Attempt.bank_id == exam_id, Attempt.kind == EXAM_ATTEMPT)
        )
        await session.execute(delete(Bank).where(Bank.id == exam_id, Bank.kind == EXAM))
    _forget_exam(ctx, exam_id)
    return exam_id


async def exam_set_published(
    ctx: AppContext, exam_id: int, published: bool
) -> item_models.QuestionBank:
    """Publish or unpublish; doing it twice is harmless."""
    ctx.require("exam.publish")
    await _exam_for_change(ctx, exam_id)
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(
            update(Bank)
            .where(Bank.id == exam_id)
            .values(is_published=published, updated_at=ctx.now())
        )
        fresh = await session.get(Bank, exam_id, populate_existing=True)
    if fresh is None:
        raise NotFound(field="id")
    ctx.loaders.exam_by_id.clear(exam_id).prime(exam_id, fresh)
    return fresh


def copy_title(title: str) -> str:
    """ "<title> (Nusxa)", the original shortened if the whole would be too long."""
    return title[: TITLE_MAX - len(COPY_SUFFIX)] + COPY_SUFFIX


async def exam_copy(ctx: AppContext, exam_id: int) -> item_models.QuestionBank:
    """A copy with a new code and the same questions, not published."""
    ctx.require("exam.copy")
    await _exam_for_change(ctx, exam_id)
    now = ctx.now()

    async def build(session: AsyncSession, code: str) -> item_models.QuestionBank:
        original = await session.get(Bank, exam_id)
        if original is None:
            raise NotFound(field="id")
        items = list(
            await session.scalars(
                select(Item).where(Item.bank_id == exam_id).order_by(Item.order, Item.id)
            )
        )
        options = list(
            await session.scalars(
                select(Option)
                .where(Option.item_id.in_([i.id for i in items]))
                .order_by(Option.order, Option.id)
            )
        )
        copy = Bank(
            kind=EXAM,
            code=code,
            title=copy_title(original.title),
            description=original.description,
            subject_id=original.subject_id,
            time_limit_minutes=original.time_limit_minutes,
            date=original.date,
            is_published=False,
            is_active=original.is_active,
            meta=dict(original.meta or {}),
            created_by_id=ctx.principal.user_id,
            created_at=now,
            updated_at=now,
        )
        session.add(copy)
        await session.flush()
        questions = [
            QuestionData(
                text=item.text,
                type=ACADEMY_TYPE.get(item.type, TEST),
                order=item.order,
                options=[
                    OptionData(text=o.text, is_correct=o.is_correct, order=o.order)
                    for o in options
                    if o.item_id == item.id
                ],
                written_answer_sample=(item.content or {}).get(SAMPLE_KEY),
            )
            for item in items
        ]
        await _write_questions(session, copy.id, questions, now)
        return copy

    return await _with_new_code(ctx, build)


# ---------------------------------------------------------------------------------------------
# writes: submitting and checking results


@dataclass(frozen=True)
class AnswerData:
    question_id: int
    option_id: int | None
    written_answer: str | None


def _parse_answers(errors: Collector, raw: Any) -> list[AnswerData]:
    if raw is _MISSING:
        errors.add("answers", REQUIRED, "REQUIRED")
        return []
    entries = _as_list(errors, "answers", raw, MAX_QUESTIONS) or []
    answers: list[AnswerData] = []
    for i, entry in enumerate(entries):
        base = f"answers.{i}"
        answer = _as_mapping(errors, base, entry)
        if answer is None:
            continue
        question_raw = answer.get("question_id", _MISSING)
        if question_raw is _MISSING:
            errors.add(f"{base}.question_id", REQUIRED, "REQUIRED")
            continue
        question_id = _as_int(errors, f"{base}.question_id", question_raw, minimum=1)
        option_raw = answer.get("option_id")
        option_id = (
            None
            if option_raw is None
            else _as_int(errors, f"{base}.option_id", option_raw, minimum=1)
        )
        written_raw = answer.get("written_answer")
        written = (
            None
            if written_raw is None
            else _as_text(errors, f"{base}.written_answer", written_raw, required=False)
        )
        if question_id is None or (option_raw is not None and option_id is None):
            continue
        answers.append(AnswerData(question_id, option_id, written or None))
    return answers


def percentage(correct: int, total: int) -> Decimal:
    """Correct answers over all questions, as a percentage with two decimals (16/20 -> 80.00)."""
    if total <= 0:
        return Decimal("0.00")
    return (Decimal(correct) * 100 / Decimal(total)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def _already_submitted(exc: IntegrityError) -> bool:
    text = str(exc.orig).lower()
    return "uq_attempt_exam_user" in text or "attempt.bank_id, attempt.user_id" in text


async def exam_submit(ctx: AppContext, exam_id: int, answers_raw: Any) -> attempt_models.Attempt:
    """Hand in answers: test questions are graded now, written ones wait for staff.

    Refused unless the exam is published and active, and refused the second time: a student
    has one result per exam (checked here in the transaction, and by a unique index).
    """
    ctx.require("exam.submit")
    student_id = ctx.principal.user_id
    if student_id is None:
        # A student role from a token claim without an account here has no results to keep.
        raise PermissionDenied()
    errors = Collector()
    answers = _parse_answers(errors, answers_raw)
    errors.raise_if_any()
    now = ctx.now()
    try:
        async with write_session(ctx.sessionmaker) as session:
            exam = await session.get(Bank, exam_id)
            if exam is None or exam.kind != EXAM:
                raise NotFound(field="id")
            if not exam.is_published:
                raise Conflict(NOT_PUBLISHED, code="NOT_PUBLISHED")
            if not exam.is_active:
                raise Conflict(NOT_ACTIVE, code="NOT_ACTIVE")
            taken = await session.scalar(
                select(Attempt.id).where(
                    Attempt.kind == EXAM_ATTEMPT,
                    Attempt.bank_id == exam_id,
                    Attempt.user_id == student_id,
                )
            )
            if taken is not None:
                raise Conflict(ALREADY_SUBMITTED, code="ALREADY_SUBMITTED")
            items = list(await session.scalars(select(Item).where(Item.bank_id == exam_id)))
            options = {
                o.id: o
                for o in await session.scalars(
                    select(Option).where(Option.item_id.in_([i.id for i in items]))
                )
            }
            responses = _grade(errors, answers, {i.id: i for i in items}, options, now)
            errors.raise_if_any()
            correct = sum(1 for r in responses if r.is_correct)
            result = Attempt(
                kind=EXAM_ATTEMPT,
                user_id=student_id,
                bank_id=exam_id,
                status=(
                    attempt_models.AttemptStatus.SUBMITTED.value
                    if any(i.type == ITEM_TYPE[WRITTEN] for i in items)
                    else attempt_models.AttemptStatus.COMPLETED.value
                ),
                started_at=now,
                finished_at=now,
                source_system="academy",
                raw_score=Decimal(correct),
                max_score=Decimal(len(items)),
                score=percentage(correct, len(items)),
                is_checked=False,
                created_at=now,
                updated_at=now,
            )
            session.add(result)
            await session.flush()
            for response in responses:
                response.attempt_id = result.id
            session.add_all(responses)
    except IntegrityError as exc:
        if _already_submitted(exc):
            raise Conflict(ALREADY_SUBMITTED, code="ALREADY_SUBMITTED") from exc
        raise
    ctx.loaders.exam_result_by_id.prime(result.id, result)
    ctx.loaders.participant_count_by_exam_id.clear(exam_id)
    ctx.loaders.exam_results_by_exam_id.clear(exam_id)
    ctx.loaders.exam_results_by_student_id.clear(student_id)
    return result


def _grade(
    errors: Collector,
    answers: Sequence[AnswerData],
    items: Mapping[int, item_models.Item],
    options: Mapping[int, item_models.ItemOption],
    now: datetime,
) -> list[attempt_models.Response]:
    """One Response per answer, graded; every wrong answer is reported at once."""
    responses: list[attempt_models.Response] = []
    seen: set[int] = set()
    for i, answer in enumerate(answers):
        base = f"answers.{i}"
        item = items.get(answer.question_id)
        if item is None:
            errors.add(
                f"{base}.question_id",
                "This question is not part of this exam.",
                "QUESTION_NOT_IN_EXAM",
            )
            continue
        if item.id in seen:
            errors.add(
                f"{base}.question_id",
                "This question is answered more than once.",
                "DUPLICATE_ANSWER",
            )
            continue
        seen.add(item.id)
        kind = ACADEMY_TYPE.get(item.type, TEST)
        option = None
        is_correct: bool | None
        if kind == TEST:
            if answer.written_answer is not None:
                errors.add(
                    f"{base}.written_answer",
                    "A test question is answered with option_id.",
                    "WRONG_ANSWER_KIND",
                )
                continue
            if answer.option_id is not None:
                option = options.get(answer.option_id)
                if option is None or option.item_id != item.id:
                    errors.add(
                        f"{base}.option_id",
                        "This option does not belong to this question.",
                        "OPTION_NOT_IN_QUESTION",
                    )
                    continue
            # No option chosen: the question counts as answered wrongly.
            is_correct = bool(option and option.is_correct)
        else:
            if answer.option_id is not None:
                errors.add(
                    f"{base}.option_id",
                    "A written question is answered with written_answer.",
                    "WRONG_ANSWER_KIND",
                )
                continue
            is_correct = None  # a teacher decides
        responses.append(
            Response(
                item_id=item.id,
                slot=f"item:{item.id}",
                answer={
                    "type": kind,
                    "question_text": item.text,
                    "option_id": option.id if option else None,
                    "option_text": option.text if option else None,
                    "written_answer": answer.written_answer,
                },
                is_correct=is_correct,
                score=None if is_correct is None else Decimal(int(is_correct)),
                max_score=Decimal(1),
                created_at=now,
                updated_at=now,
            )
        )
    return responses


@dataclass(frozen=True)
class GradeData:
    answer_id: int
    is_correct: bool | None


def _parse_grades(errors: Collector, raw: Any) -> list[GradeData]:
    grades: list[GradeData] = []
    for i, entry in enumerate(_as_list(errors, "answers", raw, MAX_QUESTIONS) or []):
        base = f"answers.{i}"
        grade = _as_mapping(errors, base, entry)
        if grade is None:
            continue
        answer_raw = grade.get("id", _MISSING)
        if answer_raw is _MISSING:
            errors.add(f"{base}.id", REQUIRED, "REQUIRED")
            continue
        answer_id = _as_int(errors, f"{base}.id", answer_raw, minimum=1)
        correct_raw = grade.get("is_correct", _MISSING)
        if correct_raw is _MISSING:
            errors.add(f"{base}.is_correct", REQUIRED, "REQUIRED")
            continue
        # null takes a grade back.
        correct = (
            None if correct_raw is None else _as_bool(errors, f"{base}.is_correct", correct_raw)
        )
        if answer_id is None or (correct_raw is not None and correct is None):
            continue
        grades.append(GradeData(answer_id, correct))
    return grades


RESULT_FIELDS = frozenset({"is_checked", "answers"})


async def exam_result_update(
    ctx: AppContext, result_id: int, data: Mapping[str, Any]
) -> attempt_models.Attempt:
    """Mark a result checked (checked_by is the caller) and grade its written answers.

    `answers` = [{"id": answer id, "is_correct": true|false|null}] grades written answers by
    hand; the score is then counted again over all questions.
    """
    ctx.require("examresult.update")
    unknown = set(data) - RESULT_FIELDS
    if unknown:
        raise ValueError(f"unknown exam result fields: {sorted(unknown)}")
    await _result_for_change(ctx, result_id)
    errors = Collector()
    checked = _as_bool(errors, "is_checked", data["is_checked"]) if "is_checked" in data else None
    grades = _parse_grades(errors, data["answers"]) if "answers" in data else []
    errors.raise_if_any()
    now = ctx.now()
    caller = ctx.principal.user_id
    async with write_session(ctx.sessionmaker) as session:
        result = await session.get(Attempt, result_id)
        if result is None:
            raise NotFound(field="id")
        if grades:
            responses = {
                r.id: r
                for r in await session.scalars(
                    select(Response).where(Response.attempt_id == result_id)
                )
            }
            for i, grade in enumerate(grades):
                response = responses.get(grade.answer_id)
                if response is None:
                    errors.add(
                        f"answers.{i}.id",
                        "This answer is not part of this result.",
                        "ANSWER_NOT_IN_RESULT",
                    )
                elif answer_view(response).type != WRITTEN:
                    errors.add(
                        f"answers.{i}.id",
                        "Only written answers are graded by hand.",
                        "NOT_WRITTEN",
                    )
                else:
                    response.is_correct = grade.is_correct
                    response.score = (
                        None if grade.is_correct is None else Decimal(int(grade.is_correct))
                    )
                    response.checked_by_id = caller
                    response.updated_at = now
            errors.raise_if_any()
            correct = sum(1 for r in responses.values() if r.is_correct)
            total = int(result.max_score or 0)
            result.raw_score = Decimal(correct)
            result.score = percentage(correct, total)
        if checked is not None:
            result.is_checked = checked
            result.checked_by_id = caller if checked else None
            result.checked_at = now if checked else None
            if checked:
                result.status = attempt_models.AttemptStatus.COMPLETED.value
        result.updated_at = now
    ctx.loaders.exam_result_by_id.clear(result_id).prime(result_id, result)
    ctx.loaders.exam_answers_by_result_id.clear(result_id)
    return result


async def _result_for_change(ctx: AppContext, result_id: int) -> attempt_models.Attempt:
    row = await get_exam_result(ctx, result_id)
    if row is None:
        raise NotFound(field="id")
    return row


async def exam_result_delete(ctx: AppContext, result_id: int) -> int:
    ctx.require("examresult.delete")
    row = await _result_for_change(ctx, result_id)
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(delete(Attempt).where(Attempt.id == result_id))
    ctx.loaders.exam_result_by_id.clear(result_id)
    if row.bank_id is not None:
        ctx.loaders.participant_count_by_exam_id.clear(row.bank_id)
        ctx.loaders.exam_results_by_exam_id.clear(row.bank_id)
    ctx.loaders.exam_results_by_student_id.clear(row.user_id)
    return result_id
