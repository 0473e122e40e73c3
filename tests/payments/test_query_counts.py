"""Payment and expense lists cost the same number of SQL statements for 5 rows as for 50."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from models import groups as group_models
from models import payments as payment_models
from models.db import write_session
from models.people import Role, User
from resolvers.context import Services
from tests.graphql import gql_ok

PAYMENTS_QUERY = """
{ payments(first: 100) { nodes {
    amount monthsPaid months { monthName } student { username } receivedBy { username }
    group { name }
} } }
"""
STUDENT_PAYMENTS = """
{ students(first: 100) { nodes { username payments { amount monthsPaid months { month } } } } }
"""
EXPENSES_QUERY = """
{ expenses(first: 100) { nodes { amount recipientUser { username } createdBy { username } } } }
"""


async def add_payments(services: Services, make_user: Any, admin: User, n: int) -> User:
    """n payments of n different students, each for two months; returns the last student."""
    async with write_session(services.sessionmaker) as session:
        group = group_models.Group(name=f"G{n}")
        session.add(group)
    student = admin
    for i in range(n):
        student = await make_user(Role.STUDENT)
        async with write_session(services.sessionmaker) as session:
            payment = payment_models.Payment(
                student_id=student.id,
                group_id=group.id,
                amount=Decimal("300000.00"),
                received_by_id=admin.id,
            )
            session.add(payment)
            await session.flush()
            session.add_all(
                [
                    payment_models.PaymentMonth(payment_id=payment.id, year=2025, month=m)
                    for m in (1 + i % 11, 2 + i % 11)
                ]
            )
    return student


async def add_expenses(services: Services, admin: User, n: int) -> None:
    async with write_session(services.sessionmaker) as session:
        session.add_all(
            payment_models.Expense(
                amount=Decimal("10.00"),
                reason="Ijara",
                recipient_user_id=admin.id,
                created_by_id=admin.id,
            )
            for _ in range(n)
        )


async def measure(
    client: httpx.AsyncClient,
    count_statements: Any,
    headers: dict[str, str],
    *,
    path: str | None = None,
    query: str | None = None,
) -> tuple[int, Any]:
    with count_statements() as counter:
        if path is not None:
            response = await client.get(path, headers=headers)
            assert response.status_code == 200, response.text
            body = response.json()
        else:
            body = await gql_ok(client, query or "", None, headers)
    return counter.count, body


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        # principal, payments, months, people (students and receivers together)
        ("/api/v1/payments/", None, 4),
        # principal, payments, months, people (students and receivers batched together), groups
        (None, PAYMENTS_QUERY, 5),
    ],
)
async def test_payment_lists_cost_the_same_for_5_and_50(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    count_statements: Any,
    path: str | None,
    query: str | None,
    expected: int,
) -> None:
    admin = await make_user(Role.ADMIN)
    headers = await login_headers(admin)
    await add_payments(services, make_user, admin, 5)
    small, body = await measure(client, count_statements, headers, path=path, query=query)
    await add_payments(services, make_user, admin, 45)
    large, body = await measure(client, count_statements, headers, path=path, query=query)
    rows = body if path else body["payments"]["nodes"]
    assert len(rows) == 50
    assert all(r["months_paid" if path else "monthsPaid"] == 2 for r in rows)
    assert small == large == expected


async def test_my_payments_cost_the_same_for_5_and_50(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    count_statements: Any,
) -> None:
    admin = await make_user(Role.ADMIN)
    student = await make_user(Role.STUDENT)
    headers = await login_headers(student)

    async def pay(n: int) -> None:
        async with write_session(services.sessionmaker) as session:
            for _ in range(n):
                payment = payment_models.Payment(
                    student_id=student.id, amount=Decimal("1.00"), received_by_id=admin.id
                )
                session.add(payment)
                await session.flush()
                session.add(payment_models.PaymentMonth(payment_id=payment.id, year=2025, month=1))

    await pay(5)
    small, body = await measure(
        client, count_statements, headers, path="/api/v1/payments/my-payments/"
    )
    await pay(45)
    large, body = await measure(
        client, count_statements, headers, path="/api/v1/payments/my-payments/"
    )
    assert len(body) == 50
    assert small == large == 4


async def test_student_payments_are_batched_for_5_and_50_students(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    count_statements: Any,
) -> None:
    admin = await make_user(Role.ADMIN)
    headers = await login_headers(admin)
    await add_payments(services, make_user, admin, 5)
    small, _ = await measure(client, count_statements, headers, query=STUDENT_PAYMENTS)
    await add_payments(services, make_user, admin, 45)
    large, body = await measure(client, count_statements, headers, query=STUDENT_PAYMENTS)
    nodes = body["students"]["nodes"]
    assert len(nodes) == 50 and all(len(n["payments"]) == 1 for n in nodes)
    # principal, students, payments by student, months by payment
    assert small == large == 4


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [("/api/v1/expenses/", None, 2), (None, EXPENSES_QUERY, 3)],
)
async def test_expense_lists_cost_the_same_for_5_and_50(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    count_statements: Any,
    path: str | None,
    query: str | None,
    expected: int,
) -> None:
    admin = await make_user(Role.ADMIN)
    headers = await login_headers(admin)
    await add_expenses(services, admin, 5)
    small, _ = await measure(client, count_statements, headers, path=path, query=query)
    await add_expenses(services, admin, 45)
    large, body = await measure(client, count_statements, headers, path=path, query=query)
    assert len(body if path else body["expenses"]["nodes"]) == 50
    assert small == large == expected
