"""§11 payments and §12 expenses, in the academy's shapes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Body, Request
from starlette.responses import Response

from models import payments as payment_models
from models import people as people_models
from resolvers import payments as payment_resolvers
from resolvers import people as people_resolvers
from rest.academy import route, shapes
from rest.common import app_context

# The academy's field names, and the domain's.
PAYMENT_FIELDS = {
    "student": "student_id",
    "group": "group_id",
    "amount": "amount",
    "months": "months",
}
EXPENSE_FIELDS = {
    "recipient": "recipient",
    "recipient_user": "recipient_user_id",
    "amount": "amount",
    "reason": "reason",
}

JSONBody = Body(default=None)


def _domain(body: Mapping[str, Any] | None, names: Mapping[str, str]) -> dict[str, Any]:
    """The fields the client sent, under their domain names; anything else is ignored, and
    `received_by` / `created_by` never come from the body."""
    body = body or {}
    return {domain: body[academy] for academy, domain in names.items() if academy in body}


def money(value: Any) -> str:
    return f"{value:.2f}"


def person(user: people_models.User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {
        "id": user.id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "username": user.username,
    }


async def render_payments(
    request: Request, rows: Sequence[payment_models.Payment], *, received_by: bool = True
) -> list[dict[str, Any]]:
    """The seed's payment shape for each row, with a constant number of statements."""
    ctx = await app_context(request)
    months = await payment_resolvers.months_of(ctx, rows)
    ids = {r.student_id for r in rows} | {r.received_by_id for r in rows}
    wanted = sorted(i for i in ids if i is not None)
    people = dict(zip(wanted, await people_resolvers.get_users(ctx, wanted), strict=True))
    out = []
    for row, its_months in zip(rows, months, strict=True):
        shape: dict[str, Any] = {
            "id": row.id,
            "student": person(people.get(row.student_id)) if row.student_id else None,
            "group": row.group_id,
            "months_paid": len(its_months),
            "amount": money(row.amount),
        }
        if received_by:
            shape["received_by"] = (
                person(people.get(row.received_by_id)) if row.received_by_id else None
            )
        shape["months"] = [
            {
                "id": m.id,
                "year": m.year,
                "month": m.month,
                "month_name": payment_resolvers.month_name(m.month),
            }
            for m in its_months
        ]
        shape["created_at"] = shapes.local_time(row.created_at)
        out.append(shape)
    return out


async def list_payments(request: Request) -> list[dict[str, Any]]:
    ctx = await app_context(request)
    return await render_payments(request, await payment_resolvers.list_payments(ctx))


async def my_payments(request: Request) -> list[dict[str, Any]]:
    ctx = await app_context(request)
    # The seed's my-payments shape has no received_by.
    rows = await payment_resolvers.my_payments(ctx)
    return await render_payments(request, rows, received_by=False)


async def create_payment(
    request: Request, body: dict[str, Any] | None = JSONBody
) -> dict[str, Any]:
    ctx = await app_context(request)
    row = await payment_resolvers.payment_create(ctx, _domain(body, PAYMENT_FIELDS))
    (shape,) = await render_payments(request, [row])
    return shape


async def get_payment(request: Request, payment_id: int) -> dict[str, Any]:
    ctx = await app_context(request)
    (shape,) = await render_payments(
        request, [await payment_resolvers.get_payment(ctx, payment_id)]
    )
    return shape


async def put_payment(
    request: Request, payment_id: int, body: dict[str, Any] | None = JSONBody
) -> dict[str, Any]:
    ctx = await app_context(request)
    row = await payment_resolvers.payment_update(
        ctx, payment_id, _domain(body, PAYMENT_FIELDS), partial=request.method == "PATCH"
    )
    (shape,) = await render_payments(request, [row])
    return shape


async def delete_payment(request: Request, payment_id: int) -> Response:
    ctx = await app_context(request)
    await payment_resolvers.payment_delete(ctx, payment_id)
    return Response(status_code=204)


def render_expense(row: payment_models.Expense) -> dict[str, Any]:
    return {
        "id": row.id,
        "recipient": row.recipient,
        "recipient_user": row.recipient_user_id,
        "amount": money(row.amount),
        "reason": row.reason,
        "created_at": shapes.local_time(row.created_at),
    }


async def list_expenses(request: Request) -> list[dict[str, Any]]:
    ctx = await app_context(request)
    return [render_expense(r) for r in await payment_resolvers.list_expenses(ctx)]


async def create_expense(
    request: Request, body: dict[str, Any] | None = JSONBody
) -> dict[str, Any]:
    ctx = await app_context(request)
    row = await payment_resolvers.expense_create(ctx, _domain(body, EXPENSE_FIELDS))
    return render_expense(row)


async def get_expense(request: Request, expense_id: int) -> dict[str, Any]:
    ctx = await app_context(request)
    return render_expense(await payment_resolvers.get_expense(ctx, expense_id))


async def put_expense(
    request: Request, expense_id: int, body: dict[str, Any] | None = JSONBody
) -> dict[str, Any]:
    ctx = await app_context(request)
    row = await payment_resolvers.expense_update(
        ctx, expense_id, _domain(body, EXPENSE_FIELDS), partial=request.method == "PATCH"
    )
    return render_expense(row)


async def delete_expense(request: Request, expense_id: int) -> Response:
    ctx = await app_context(request)
    await payment_resolvers.expense_delete(ctx, expense_id)
    return Response(status_code=204)


def register(router: APIRouter) -> None:
    payments = "/api/v1/payments/"
    # my-payments before {id}: the int converter keeps them apart, the order keeps it obvious.
    route(router, payments + "my-payments/", ["GET"], summary="The caller's payments")(my_payments)
    route(router, payments, ["GET"], summary="List payments")(list_payments)
    route(router, payments, ["POST"], status_code=201, summary="Record a payment")(create_payment)
    one = payments + "{payment_id:int}/"
    route(router, one, ["GET"], summary="A payment")(get_payment)
    route(router, one, ["PUT", "PATCH"], summary="Change a payment")(put_payment)
    route(router, one, ["DELETE"], status_code=204, summary="Delete a payment")(delete_payment)

    expenses = "/api/v1/expenses/"
    route(router, expenses, ["GET"], summary="List expenses")(list_expenses)
    route(router, expenses, ["POST"], status_code=201, summary="Record an expense")(create_expense)
    one = expenses + "{expense_id:int}/"
    route(router, one, ["GET"], summary="An expense")(get_expense)
    route(router, one, ["PUT", "PATCH"], summary="Change an expense")(put_expense)
    route(router, one, ["DELETE"], status_code=204, summary="Delete an expense")(delete_expense)
