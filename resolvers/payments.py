"""Payments (seed 001 §11) and expenses (§12): reads, validation, writes.

Input is a mapping of the fields the client sent (absent = not given), in domain names:
payments `student_id`, `group_id`, `amount`, `months` (a list of `{year, month}`); expenses
`recipient`, `recipient_user_id`, `amount`, `reason`. Values may be raw JSON (REST) or typed
(GraphQL); `resolvers/values.py` reads both. Errors name the academy's fields (`student`,
`group`, `recipient_user`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, select, update

from auth import policies
from models import groups as group_models
from models import payments as payment_models
from models import people as people_models
from models.db import read_session, write_session
from resolvers import values
from resolvers.context import AppContext
from resolvers.errors import Collector, NotFound
from resolvers.pagination import Page, PageArgs, SortKey, paginate

Payment = payment_models.Payment
PaymentMonth = payment_models.PaymentMonth
Expense = payment_models.Expense
User = people_models.User
Role = people_models.Role

MONTH_NAMES = (
    "Yanvar",
    "Fevral",
    "Mart",
    "Aprel",
    "May",
    "Iyun",
    "Iyul",
    "Avgust",
    "Sentabr",
    "Oktabr",
    "Noyabr",
    "Dekabr",
)
YEAR_MIN, YEAR_MAX = 2000, 2100
RECIPIENT_MAX = 255


def month_name(month: int) -> str:
    """The month's name in Uzbek, as the academy writes it (1 = Yanvar)."""
    return MONTH_NAMES[month - 1]


def does_not_exist(pk: object) -> str:
    return f'Invalid pk "{pk}" - object does not exist.'


def _newest_first(model: Any) -> list[SortKey]:
    return [SortKey(model.created_at, True, datetime), SortKey(model.id, True, int)]


def _created_key(row: Any) -> list[Any]:
    return [row.created_at, row.id]


# ---------------------------------------------------------------------------------------------
# payments: reads


@dataclass(frozen=True)
class PaymentFilter:
    student_id: int | None = None
    group_id: int | None = None
    # Payments that cover this month (of `year`, when given) or any month of `year`.
    year: int | None = None
    month: int | None = None


def _payments(ctx: AppContext, flt: PaymentFilter) -> Select[Any]:
    ctx.require("payment.read")
    stmt = select(Payment)
    only = policies.payments_restricted_to(ctx.principal)
    if only is not None:
        stmt = stmt.where(Payment.student_id == only)
    if flt.student_id is not None:
        stmt = stmt.where(Payment.student_id == flt.student_id)
    if flt.group_id is not None:
        stmt = stmt.where(Payment.group_id == flt.group_id)
    if flt.year is not None or flt.month is not None:
        months = select(PaymentMonth.payment_id)
        if flt.year is not None:
            months = months.where(PaymentMonth.year == flt.year)
        if flt.month is not None:
            months = months.where(PaymentMonth.month == flt.month)
        stmt = stmt.where(Payment.id.in_(months))
    return stmt


async def _all(ctx: AppContext, stmt: Select[Any]) -> list[Any]:
    async with read_session(ctx.sessionmaker) as session:
        return list(await session.scalars(stmt))


async def list_payments(ctx: AppContext, flt: PaymentFilter = PaymentFilter()) -> list[Payment]:
    """Every payment the principal may see, newest first (the academy lists are not paged)."""
    stmt = _payments(ctx, flt).order_by(Payment.created_at.desc(), Payment.id.desc())
    return await _all(ctx, stmt)


async def payments_page(
    ctx: AppContext, flt: PaymentFilter = PaymentFilter(), page: PageArgs = PageArgs()
) -> Page[Payment]:
    return await paginate(
        ctx.sessionmaker, _payments(ctx, flt), _newest_first(Payment), page, key_of=_created_key
    )


def _mine(ctx: AppContext) -> PaymentFilter:
    ctx.require("payment.mine")
    # Only people have payments of their own; staff simply have none.
    return PaymentFilter(student_id=ctx.principal.user_id or -1)


async def my_payments(ctx: AppContext) -> list[Payment]:
    flt = _mine(ctx)
    stmt = select(Payment).where(Payment.student_id == flt.student_id)
    return await _all(ctx, stmt.order_by(Payment.created_at.desc(), Payment.id.desc()))


async def my_payments_page(ctx: AppContext, page: PageArgs = PageArgs()) -> Page[Payment]:
    flt = _mine(ctx)
    stmt = select(Payment).where(Payment.student_id == flt.student_id)
    return await paginate(ctx.sessionmaker, stmt, _newest_first(Payment), page, key_of=_created_key)


async def get_payments(ctx: AppContext, payment_ids: Sequence[int]) -> list[Payment | None]:
    """Payments by id in order; None where missing or not the principal's to see."""
    if not ctx.allowed("payment.read"):
        return [None] * len(payment_ids)
    rows = await ctx.loaders.payment_by_id.load_many([values.safe_id(i) for i in payment_ids])
    return [
        row
        if row is not None and policies.can_view_payment(ctx.principal, row.student_id)
        else None
        for row in rows
    ]


async def get_payment(ctx: AppContext, payment_id: int) -> Payment:
    ctx.require("payment.read")
    (row,) = await get_payments(ctx, [payment_id])
    if row is None:
        raise NotFound(field="id")
    return row


async def payment_months(ctx: AppContext, payment_id: int) -> list[PaymentMonth]:
    """The months of a payment the caller already holds (so already may see)."""
    return list(await ctx.loaders.months_by_payment_id.load(payment_id))


async def months_of(ctx: AppContext, payments: Sequence[Payment]) -> list[list[PaymentMonth]]:
    return list(await ctx.loaders.months_by_payment_id.load_many([p.id for p in payments]))


async def payments_of_student(ctx: AppContext, student_id: int) -> list[Payment]:
    """A student's payments, newest first; empty when the principal may not see them."""
    if not ctx.allowed("payment.read") or not policies.can_view_payment(ctx.principal, student_id):
        return []
    return list(await ctx.loaders.payments_by_student_id.load(values.safe_id(student_id)))


# ---------------------------------------------------------------------------------------------
# payments: writes


@dataclass(frozen=True)
class _PaymentInput:
    columns: dict[str, Any]
    months: list[tuple[int, int]] | None


def _read_months(errors: Collector, raw: Any) -> list[tuple[int, int]]:
    items = values.item_list(errors, "months", raw)
    months: list[tuple[int, int]] = []
    for item in items:
        if not isinstance(item, Mapping):
            errors.add(
                "months",
                f"Invalid data. Expected a dictionary, but got {type(item).__name__}.",
                "INVALID",
            )
            continue
        year = month = None
        for key in ("year", "month"):
            if values.required(errors, "months", dict(item), key):
                number = values.integer(errors, "months", item[key])
                if key == "year":
                    year = number
                else:
                    month = number
        if month is not None and not 1 <= month <= 12:
            errors.add("months", "Ensure the month is between 1 and 12.", "INVALID")
            month = None
        if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
            errors.add(
                "months", f"Ensure the year is between {YEAR_MIN} and {YEAR_MAX}.", "INVALID"
            )
            year = None
        if year is not None and month is not None:
            if (year, month) in months:
                errors.add(
                    "months", f"{month_name(month)} {year} is listed twice.", "DUPLICATE_MONTH"
                )
            else:
                months.append((year, month))
    return months


async def _validate_payment(
    ctx: AppContext, data: Mapping[str, Any], *, partial: bool
) -> _PaymentInput:
    errors = Collector()
    given = dict(data)
    columns: dict[str, Any] = {}
    student_id = group_id = None
    for key, field in (("student_id", "student"), ("group_id", "group"), ("amount", "amount")):
        if partial and key not in given:
            continue
        if not values.required(errors, field, given, key):
            continue
        if key == "student_id":
            student_id = values.pk(errors, field, given[key])
        elif key == "group_id":
            group_id = values.pk(errors, field, given[key])
        else:
            amount = values.money(errors, field, given[key])
            if amount is not None:
                columns["amount"] = amount
    months = None
    if "months" in given and values.required(errors, "months", given, "months"):
        months = _read_months(errors, given["months"])

    async with read_session(ctx.sessionmaker) as session:
        if student_id is not None:
            student = await session.get(User, student_id)
            if student is None:
                errors.add("student", does_not_exist(student_id), "DOES_NOT_EXIST")
            elif student.role != Role.STUDENT.value:
                errors.add("student", "The user is not a student.", "NOT_A_STUDENT")
            else:
                columns["student_id"] = student_id
        if group_id is not None:
            if await session.get(group_models.Group, group_id) is None:
                errors.add("group", does_not_exist(group_id), "DOES_NOT_EXIST")
            else:
                columns["group_id"] = group_id
    errors.raise_if_any()
    return _PaymentInput(columns, months)


def _month_rows(payment_id: int, months: Sequence[tuple[int, int]]) -> list[PaymentMonth]:
    return [PaymentMonth(payment_id=payment_id, year=y, month=m) for y, m in months]


async def payment_create(ctx: AppContext, data: Mapping[str, Any]) -> Payment:
    ctx.require("payment.create")
    valid = await _validate_payment(ctx, data, partial=False)
    now = ctx.now()
    async with write_session(ctx.sessionmaker) as session:
        payment = Payment(
            **valid.columns,
            # Who took the money is whoever is logged in, never what the body says.
            received_by_id=ctx.principal.user_id,
            created_at=now,
            updated_at=now,
        )
        session.add(payment)
        await session.flush()
        session.add_all(_month_rows(payment.id, valid.months or []))
    ctx.loaders.payment_by_id.prime(payment.id, payment)
    return payment


async def _payment_for_change(ctx: AppContext, payment_id: int) -> Payment:
    async with read_session(ctx.sessionmaker) as session:
        payment = await session.get(Payment, values.safe_id(payment_id))
    if payment is None:
        raise NotFound(field="id")
    return payment


async def payment_update(
    ctx: AppContext, payment_id: int, data: Mapping[str, Any], *, partial: bool = True
) -> Payment:
    """Change a payment. Given `months` replace the old ones as a whole; `partial=False` (a
    REST PUT) needs every required field."""
    ctx.require("payment.update")
    await _payment_for_change(ctx, payment_id)
    valid = await _validate_payment(ctx, data, partial=partial)
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(
            update(Payment)
            .where(Payment.id == payment_id)
            .values(**valid.columns, updated_at=ctx.now())
        )
        if valid.months is not None:
            await session.execute(delete(PaymentMonth).where(PaymentMonth.payment_id == payment_id))
            session.add_all(_month_rows(payment_id, valid.months))
        fresh = await session.get(Payment, payment_id, populate_existing=True)
    if fresh is None:  # deleted by someone else meanwhile
        raise NotFound(field="id")
    ctx.loaders.payment_by_id.clear(payment_id).prime(payment_id, fresh)
    ctx.loaders.months_by_payment_id.clear(payment_id)
    return fresh


async def payment_delete(ctx: AppContext, payment_id: int) -> int:
    ctx.require("payment.delete")
    await _payment_for_change(ctx, payment_id)
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(delete(Payment).where(Payment.id == payment_id))
    ctx.loaders.payment_by_id.clear(payment_id)
    return payment_id


# ---------------------------------------------------------------------------------------------
# expenses


def _expenses(ctx: AppContext) -> Select[Any]:
    ctx.require("expense.read")
    return select(Expense)


async def list_expenses(ctx: AppContext) -> list[Expense]:
    stmt = _expenses(ctx).order_by(Expense.created_at.desc(), Expense.id.desc())
    return await _all(ctx, stmt)


async def expenses_page(ctx: AppContext, page: PageArgs = PageArgs()) -> Page[Expense]:
    return await paginate(
        ctx.sessionmaker, _expenses(ctx), _newest_first(Expense), page, key_of=_created_key
    )


async def get_expenses(ctx: AppContext, expense_ids: Sequence[int]) -> list[Expense | None]:
    if not ctx.allowed("expense.read"):
        return [None] * len(expense_ids)
    return list(await ctx.loaders.expense_by_id.load_many([values.safe_id(i) for i in expense_ids]))


async def get_expense(ctx: AppContext, expense_id: int) -> Expense:
    ctx.require("expense.read")
    row = await ctx.loaders.expense_by_id.load(values.safe_id(expense_id))
    if row is None:
        raise NotFound(field="id")
    return row


async def _validate_expense(
    ctx: AppContext, data: Mapping[str, Any], *, partial: bool
) -> dict[str, Any]:
    errors = Collector()
    given = dict(data)
    columns: dict[str, Any] = {}
    if "recipient" in given:
        raw = given["recipient"]
        text = (
            None
            if raw is None
            else values.string(errors, "recipient", raw, max_len=RECIPIENT_MAX, allow_blank=True)
        )
        if not errors.has("recipient"):
            columns["recipient"] = text or None
    recipient_user_id = None
    if given.get("recipient_user_id") is not None:
        recipient_user_id = values.pk(errors, "recipient_user", given["recipient_user_id"])
    elif "recipient_user_id" in given:
        columns["recipient_user_id"] = None
    if not (partial and "amount" not in given) and values.required(
        errors, "amount", given, "amount"
    ):
        amount = values.money(errors, "amount", given["amount"])
        if amount is not None:
            columns["amount"] = amount
    if not (partial and "reason" not in given) and values.required(
        errors, "reason", given, "reason"
    ):
        reason = values.string(errors, "reason", given["reason"])
        if reason is not None:
            columns["reason"] = reason
    if recipient_user_id is not None:
        async with read_session(ctx.sessionmaker) as session:
            person = await session.get(User, recipient_user_id)
        # Salaries go to staff: a student is no valid recipient_user.
        if person is None or person.role == Role.STUDENT.value:
            errors.add("recipient_user", does_not_exist(recipient_user_id), "DOES_NOT_EXIST")
        else:
            columns["recipient_user_id"] = recipient_user_id
    errors.raise_if_any()
    return columns


async def expense_create(ctx: AppContext, data: Mapping[str, Any]) -> Expense:
    ctx.require("expense.create")
    columns = await _validate_expense(ctx, data, partial=False)
    now = ctx.now()
    async with write_session(ctx.sessionmaker) as session:
        expense = Expense(
            **columns, created_by_id=ctx.principal.user_id, created_at=now, updated_at=now
        )
        session.add(expense)
    ctx.loaders.expense_by_id.prime(expense.id, expense)
    return expense


async def _expense_for_change(ctx: AppContext, expense_id: int) -> Expense:
    async with read_session(ctx.sessionmaker) as session:
        expense = await session.get(Expense, values.safe_id(expense_id))
    if expense is None:
        raise NotFound(field="id")
    return expense


async def expense_update(
    ctx: AppContext, expense_id: int, data: Mapping[str, Any], *, partial: bool = True
) -> Expense:
    ctx.require("expense.update")
    await _expense_for_change(ctx, expense_id)
    columns = await _validate_expense(ctx, data, partial=partial)
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(
            update(Expense).where(Expense.id == expense_id).values(**columns, updated_at=ctx.now())
        )
        fresh = await session.get(Expense, expense_id, populate_existing=True)
    if fresh is None:
        raise NotFound(field="id")
    ctx.loaders.expense_by_id.clear(expense_id).prime(expense_id, fresh)
    return fresh


async def expense_delete(ctx: AppContext, expense_id: int) -> int:
    ctx.require("expense.delete")
    await _expense_for_change(ctx, expense_id)
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(delete(Expense).where(Expense.id == expense_id))
    ctx.loaders.expense_by_id.clear(expense_id)
    return expense_id
