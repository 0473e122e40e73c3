"""payments (filtered by month), myPayments, Student.payments, expenses, node lookups."""

from __future__ import annotations

from typing import Any

import httpx

from auth.principal import Principal
from models import groups as group_models
from models.db import write_session
from models.people import Role, User
from resolvers import payments as payment_resolvers
from resolvers.context import AppContext, Services
from schema.common.node import encode_global_id
from tests.conftest import FakeClock
from tests.graphql import error_codes, gql_ok, post_graphql

PAYMENTS = """
query($filter: PaymentFilter, $first: Int, $after: String) {
  payments(filter: $filter, first: $first, after: $after) {
    totalCount
    nodes { databaseId amount monthsPaid months { monthName } student { username } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
MY_PAYMENTS = """
{ myPayments { totalCount nodes { amount months { year month monthName } } } }
"""
STUDENT_PAYMENTS = """
query($id: ID!) {
  node(id: $id) { ... on Student { username payments { amount monthsPaid } } }
}
"""
NODE = """
query($id: ID!) { node(id: $id) { id ... on Payment { amount receivedBy { username } } } }
"""
EXPENSES = """
{ expenses(first: 10) { totalCount nodes { amount reason recipient } } }
"""


async def record(
    services: Services,
    admin: User,
    student: User,
    group_id: int,
    amount: str,
    months: list[tuple[int, int]],
) -> int:
    ctx = AppContext(services, Principal(kind="user", user_id=admin.id, role=Role.ADMIN))
    payment = await payment_resolvers.payment_create(
        ctx,
        {
            "student_id": student.id,
            "group_id": group_id,
            "amount": amount,
            "months": [{"year": y, "month": m} for y, m in months],
        },
    )
    return payment.id


async def setting(services: Services, make_user: Any, clock: FakeClock) -> dict[str, Any]:
    admin = await make_user(Role.ADMIN, username="admin123")
    jasur = await make_user(Role.STUDENT, username="student001")
    dilnoza = await make_user(Role.STUDENT, username="student002")
    async with write_session(services.sessionmaker) as session:
        group = group_models.Group(name="IELTS A1")
        session.add(group)
    ids = []
    for student, amount, months in (
        (jasur, "600000.00", [(2025, 1), (2025, 2)]),
        (dilnoza, "300000.00", [(2025, 2)]),
        (jasur, "300000.00", [(2025, 3)]),
        (dilnoza, "250000.00", [(2024, 3)]),
    ):
        # same time for all: the id breaks the tie, newest first
        ids.append(await record(services, admin, student, group.id, amount, months))
    return {"admin": admin, "jasur": jasur, "dilnoza": dilnoza, "group": group.id, "ids": ids}


async def test_payments_filter_by_month_year_student_and_group(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    clock: FakeClock,
) -> None:
    s = await setting(services, make_user, clock)
    headers = await login_headers(s["admin"])

    async def ids(flt: dict[str, Any] | None) -> list[int]:
        data = await gql_ok(client, PAYMENTS, {"filter": flt}, headers)
        return [n["databaseId"] for n in data["payments"]["nodes"]]

    first, second, third, fourth = s["ids"]
    assert await ids(None) == [fourth, third, second, first]  # newest first
    assert await ids({"year": 2025, "month": 2}) == [second, first]
    assert await ids({"month": 3}) == [fourth, third]
    assert await ids({"year": 2024}) == [fourth]
    student = encode_global_id("Student", s["jasur"].id)
    assert await ids({"studentId": student, "month": 1}) == [first]
    assert await ids({"groupId": encode_global_id("Group", s["group"])}) == [
        fourth,
        third,
        second,
        first,
    ]
    data = await gql_ok(client, PAYMENTS, {"first": 2}, headers)
    assert data["payments"]["totalCount"] == 4
    assert data["payments"]["nodes"][0]["months"] == [{"monthName": "Mart"}]
    after = data["payments"]["pageInfo"]["endCursor"]
    rest = await gql_ok(client, PAYMENTS, {"first": 2, "after": after}, headers)
    assert [n["databaseId"] for n in rest["payments"]["nodes"]] == [second, first]
    assert rest["payments"]["pageInfo"]["hasNextPage"] is False


async def test_students_see_their_own_payments_only(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    clock: FakeClock,
) -> None:
    s = await setting(services, make_user, clock)
    headers = await login_headers(s["jasur"])
    data = await gql_ok(client, PAYMENTS, None, headers)
    assert [n["student"]["username"] for n in data["payments"]["nodes"]] == ["student001"] * 2
    mine = (await gql_ok(client, MY_PAYMENTS, None, headers))["myPayments"]
    assert mine["totalCount"] == 2
    assert mine["nodes"][0] == {
        "amount": "300000.00",
        "months": [{"year": 2025, "month": 3, "monthName": "Mart"}],
    }
    # another student's payment is not there for them
    theirs = encode_global_id("Payment", s["ids"][1])
    assert (await gql_ok(client, NODE, {"id": theirs}, headers))["node"] is None
    own = encode_global_id("Payment", s["ids"][0])
    assert (await gql_ok(client, NODE, {"id": own}, headers))["node"]["amount"] == "600000.00"
    # nor are their payments through the Student type
    other = await gql_ok(
        client, STUDENT_PAYMENTS, {"id": encode_global_id("Student", s["dilnoza"].id)}, headers
    )
    assert other["node"] is None
    me = await gql_ok(
        client, STUDENT_PAYMENTS, {"id": encode_global_id("Student", s["jasur"].id)}, headers
    )
    assert [p["amount"] for p in me["node"]["payments"]] == ["300000.00", "600000.00"]


async def test_staff_read_every_payment_through_the_student(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    clock: FakeClock,
) -> None:
    s = await setting(services, make_user, clock)
    headers = await login_headers(await make_user(Role.TEACHER))
    data = await gql_ok(
        client, STUDENT_PAYMENTS, {"id": encode_global_id("Student", s["dilnoza"].id)}, headers
    )
    assert data["node"]["payments"] == [
        {"amount": "250000.00", "monthsPaid": 1},
        {"amount": "300000.00", "monthsPaid": 1},
    ]
    node = await gql_ok(client, NODE, {"id": encode_global_id("Payment", s["ids"][0])}, headers)
    assert node["node"]["receivedBy"] == {"username": "admin123"}
    assert (await gql_ok(client, MY_PAYMENTS, None, headers))["myPayments"]["totalCount"] == 0


async def test_anonymous_and_forbidden_reads(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    assert error_codes(await post_graphql(client, PAYMENTS)) == ["UNAUTHENTICATED"]
    assert error_codes(await post_graphql(client, MY_PAYMENTS)) == ["UNAUTHENTICATED"]
    student = await login_headers(await make_user(Role.STUDENT))
    assert error_codes(await post_graphql(client, EXPENSES, headers=student)) == ["FORBIDDEN"]


async def test_expenses_connection(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, clock: FakeClock
) -> None:
    admin = await login_headers(await make_user(Role.ADMIN))
    teacher = await login_headers(await make_user(Role.TEACHER))
    for amount, reason in (("1500000.00", "Ijara"), ("2000000.00", "Maosh")):
        await client.post(
            "/api/v1/expenses/", json={"amount": amount, "reason": reason}, headers=admin
        )
        clock.advance(minutes=1)
    data = await gql_ok(client, EXPENSES, None, teacher)
    assert data["expenses"]["totalCount"] == 2
    assert data["expenses"]["nodes"] == [
        {"amount": "2000000.00", "reason": "Maosh", "recipient": None},
        {"amount": "1500000.00", "reason": "Ijara", "recipient": None},
    ]
