"""paymentCreate/Update/Delete and expenseCreate/Update/Delete: happy paths, every userError
code, permission denials."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from models import groups as group_models
from models.db import write_session
from models.people import Role, User
from resolvers.context import Services
from schema.common.node import encode_global_id
from tests.graphql import error_codes, gql_ok, post_graphql, user_errors

PAYMENT_FIELDS = """
  payment {
    id databaseId amount monthsPaid months { year month monthName }
    student { username } group { name } receivedBy { username }
  }
  userErrors { field message code }
"""
PAYMENT_CREATE = f"""
mutation($input: PaymentCreateInput!) {{ paymentCreate(input: $input) {{ {PAYMENT_FIELDS} }} }}
"""
PAYMENT_UPDATE = f"""
mutation($input: PaymentUpdateInput!) {{ paymentUpdate(input: $input) {{ {PAYMENT_FIELDS} }} }}
"""
PAYMENT_DELETE = """
mutation($input: PaymentDeleteInput!) {
  paymentDelete(input: $input) { deletedPaymentId userErrors { field message code } }
}
"""
EXPENSE_FIELDS = """
  expense { id amount reason recipient recipientUser { username } createdBy { username } }
  userErrors { field message code }
"""
EXPENSE_CREATE = f"""
mutation($input: ExpenseCreateInput!) {{ expenseCreate(input: $input) {{ {EXPENSE_FIELDS} }} }}
"""
EXPENSE_UPDATE = f"""
mutation($input: ExpenseUpdateInput!) {{ expenseUpdate(input: $input) {{ {EXPENSE_FIELDS} }} }}
"""
EXPENSE_DELETE = """
mutation($input: ExpenseDeleteInput!) {
  expenseDelete(input: $input) { deletedExpenseId userErrors { field message code } }
}
"""


def gid(type_name: str, database_id: int) -> str:
    return encode_global_id(type_name, database_id)


class People:
    def __init__(self, admin: User, teacher: User, student: User, group_id: int) -> None:
        self.admin, self.teacher, self.student, self.group_id = admin, teacher, student, group_id


@pytest.fixture
async def people(services: Services, make_user: Any) -> People:
    admin = await make_user(Role.ADMIN, username="admin123")
    teacher = await make_user(Role.TEACHER, username="teacher01")
    student = await make_user(Role.STUDENT, username="student001")
    async with write_session(services.sessionmaker) as session:
        group = group_models.Group(name="IELTS A1")
        session.add(group)
    return People(admin, teacher, student, group.id)


def payment_input(p: People, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "studentId": gid("Student", p.student.id),
        "groupId": gid("Group", p.group_id),
        "amount": "600000.00",
        "months": [{"year": 2025, "month": 1}, {"year": 2025, "month": 2}],
    }
    data.update(changes)
    return data


async def create_payment(client: httpx.AsyncClient, p: People, headers: Any) -> dict[str, Any]:
    data = await gql_ok(client, PAYMENT_CREATE, {"input": payment_input(p)}, headers)
    return dict(data["paymentCreate"]["payment"])


# ---------------------------------------------------------------------------------------------
# payments


async def test_payment_create_records_the_caller_as_receiver(
    client: httpx.AsyncClient, people: People, login_headers: Any
) -> None:
    headers = await login_headers(people.admin)
    data = await gql_ok(client, PAYMENT_CREATE, {"input": payment_input(people)}, headers)
    result = data["paymentCreate"]
    assert result["userErrors"] == []
    payment = result["payment"]
    assert payment["amount"] == "600000.00" and payment["monthsPaid"] == 2
    assert payment["months"] == [
        {"year": 2025, "month": 1, "monthName": "Yanvar"},
        {"year": 2025, "month": 2, "monthName": "Fevral"},
    ]
    assert payment["student"] == {"username": "student001"}
    assert payment["group"] == {"name": "IELTS A1"}
    assert payment["receivedBy"] == {"username": "admin123"}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"amount": "0.001"}, ("amount", "INVALID")),
        ({"amount": "0"}, ("amount", "INVALID")),
        ({"months": [{"year": 2025, "month": 13}]}, ("months", "INVALID")),
        ({"months": [{"year": 2025, "month": 5}] * 2}, ("months", "DUPLICATE_MONTH")),
        ({"studentId": gid("Student", 999999)}, ("studentId", "DOES_NOT_EXIST")),
        ({"groupId": gid("Group", 999999)}, ("groupId", "DOES_NOT_EXIST")),
        ({"studentId": gid("Group", 1)}, ("studentId", "INVALID_ID")),
    ],
)
async def test_payment_create_user_errors(
    client: httpx.AsyncClient,
    people: People,
    login_headers: Any,
    changes: dict[str, Any],
    expected: tuple[str, str],
) -> None:
    headers = await login_headers(people.admin)
    result = await post_graphql(
        client, PAYMENT_CREATE, {"input": payment_input(people, **changes)}, headers
    )
    errors = user_errors(result, "paymentCreate")
    assert [(e["field"], e["code"]) for e in errors] == [expected]
    assert result["data"]["paymentCreate"]["payment"] is None


async def test_payment_create_refuses_a_staff_member_as_student(
    client: httpx.AsyncClient, people: People, login_headers: Any
) -> None:
    headers = await login_headers(people.admin)
    variables = {"input": payment_input(people, studentId=gid("Staff", people.teacher.id))}
    errors = user_errors(
        await post_graphql(client, PAYMENT_CREATE, variables, headers), "paymentCreate"
    )
    assert errors == [
        {"field": "studentId", "message": "The user is not a student.", "code": "NOT_A_STUDENT"}
    ]


async def test_payment_writes_are_for_admins_only(
    client: httpx.AsyncClient, people: People, login_headers: Any
) -> None:
    payment = await create_payment(client, people, await login_headers(people.admin))
    for user in (people.teacher, people.student, None):
        headers = await login_headers(user) if user else {}
        for document, variables in (
            (PAYMENT_CREATE, {"input": payment_input(people)}),
            (PAYMENT_UPDATE, {"input": {"id": payment["id"], "amount": "1.00"}}),
            (PAYMENT_DELETE, {"input": {"id": payment["id"]}}),
        ):
            result = await post_graphql(client, document, variables, headers)
            assert error_codes(result) == ["FORBIDDEN" if user else "UNAUTHENTICATED"]
            assert result["data"] is None


async def test_payment_update_replaces_months_as_a_whole(
    client: httpx.AsyncClient, people: People, login_headers: Any
) -> None:
    headers = await login_headers(people.admin)
    payment = await create_payment(client, people, headers)
    data = await gql_ok(
        client,
        PAYMENT_UPDATE,
        {"input": {"id": payment["id"], "months": [{"year": 2025, "month": 3}]}},
        headers,
    )
    updated = data["paymentUpdate"]["payment"]
    assert updated["monthsPaid"] == 1 and updated["months"][0]["monthName"] == "Mart"
    assert updated["amount"] == "600000.00"
    data = await gql_ok(
        client, PAYMENT_UPDATE, {"input": {"id": payment["id"], "amount": "1.50"}}, headers
    )
    assert data["paymentUpdate"]["payment"]["amount"] == "1.50"
    assert data["paymentUpdate"]["payment"]["monthsPaid"] == 1


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"amount": None}, ("amount", "REQUIRED")),
        ({"amount": "-1"}, ("amount", "INVALID")),
        ({"months": None}, ("months", "REQUIRED")),
        ({"months": [{"year": 1990, "month": 1}]}, ("months", "INVALID")),
        ({"months": [{"year": 2025, "month": 1}] * 2}, ("months", "DUPLICATE_MONTH")),
        ({"studentId": gid("Student", 999999)}, ("studentId", "DOES_NOT_EXIST")),
        ({"groupId": gid("Group", 999999)}, ("groupId", "DOES_NOT_EXIST")),
        ({"id": gid("Payment", 999999)}, ("id", "NOT_FOUND")),
        ({"id": "not-an-id"}, ("id", "INVALID_ID")),
    ],
)
async def test_payment_update_user_errors(
    client: httpx.AsyncClient,
    people: People,
    login_headers: Any,
    changes: dict[str, Any],
    expected: tuple[str, str],
) -> None:
    headers = await login_headers(people.admin)
    payment = await create_payment(client, people, headers)
    result = await post_graphql(
        client, PAYMENT_UPDATE, {"input": {"id": payment["id"], **changes}}, headers
    )
    assert [(e["field"], e["code"]) for e in user_errors(result, "paymentUpdate")] == [expected]


async def test_payment_update_refuses_a_staff_member_as_student(
    client: httpx.AsyncClient, people: People, login_headers: Any
) -> None:
    headers = await login_headers(people.admin)
    payment = await create_payment(client, people, headers)
    variables = {"input": {"id": payment["id"], "studentId": gid("Staff", people.admin.id)}}
    result = await post_graphql(client, PAYMENT_UPDATE, variables, headers)
    assert [e["code"] for e in user_errors(result, "paymentUpdate")] == ["NOT_A_STUDENT"]


async def test_payment_delete(
    client: httpx.AsyncClient, people: People, login_headers: Any
) -> None:
    headers = await login_headers(people.admin)
    payment = await create_payment(client, people, headers)
    data = await gql_ok(client, PAYMENT_DELETE, {"input": {"id": payment["id"]}}, headers)
    assert data["paymentDelete"] == {"deletedPaymentId": payment["id"], "userErrors": []}
    again = await post_graphql(client, PAYMENT_DELETE, {"input": {"id": payment["id"]}}, headers)
    assert [(e["field"], e["code"]) for e in user_errors(again, "paymentDelete")] == [
        ("id", "NOT_FOUND")
    ]
    wrong = await post_graphql(
        client, PAYMENT_DELETE, {"input": {"id": gid("Expense", 1)}}, headers
    )
    assert [e["code"] for e in user_errors(wrong, "paymentDelete")] == ["INVALID_ID"]


# ---------------------------------------------------------------------------------------------
# expenses


async def test_expense_create_update_delete(
    client: httpx.AsyncClient, people: People, login_headers: Any
) -> None:
    headers = await login_headers(people.admin)
    data = await gql_ok(
        client,
        EXPENSE_CREATE,
        {
            "input": {
                "amount": "2000000.00",
                "reason": "Fevral uchun maosh",
                "recipient": "Maosh",
                "recipientUserId": gid("Staff", people.teacher.id),
            }
        },
        headers,
    )
    expense = data["expenseCreate"]["expense"]
    assert expense["amount"] == "2000000.00" and expense["reason"] == "Fevral uchun maosh"
    assert expense["recipientUser"] == {"username": "teacher01"}
    assert expense["createdBy"] == {"username": "admin123"}
    data = await gql_ok(
        client,
        EXPENSE_UPDATE,
        {"input": {"id": expense["id"], "recipientUserId": None, "recipient": "Ijara"}},
        headers,
    )
    updated = data["expenseUpdate"]["expense"]
    assert updated["recipientUser"] is None and updated["recipient"] == "Ijara"
    assert updated["amount"] == "2000000.00"
    data = await gql_ok(client, EXPENSE_DELETE, {"input": {"id": expense["id"]}}, headers)
    assert data["expenseDelete"] == {"deletedExpenseId": expense["id"], "userErrors": []}


@pytest.mark.parametrize(
    ("document", "mutation", "changes", "expected"),
    [
        (EXPENSE_CREATE, "expenseCreate", {"amount": "1.234"}, ("amount", "INVALID")),
        (EXPENSE_CREATE, "expenseCreate", {"reason": "  "}, ("reason", "BLANK")),
        (EXPENSE_CREATE, "expenseCreate", {"recipient": "x" * 256}, ("recipient", "TOO_LONG")),
        (
            EXPENSE_CREATE,
            "expenseCreate",
            {"recipientUserId": gid("Student", 999999)},
            ("recipientUserId", "DOES_NOT_EXIST"),
        ),
        (
            EXPENSE_CREATE,
            "expenseCreate",
            {"recipientUserId": "bogus"},
            ("recipientUserId", "INVALID_ID"),
        ),
        (EXPENSE_UPDATE, "expenseUpdate", {"reason": None}, ("reason", "REQUIRED")),
        (EXPENSE_UPDATE, "expenseUpdate", {"id": gid("Expense", 999999)}, ("id", "NOT_FOUND")),
        (EXPENSE_UPDATE, "expenseUpdate", {"id": gid("Payment", 1)}, ("id", "INVALID_ID")),
        (EXPENSE_DELETE, "expenseDelete", {"id": gid("Expense", 999999)}, ("id", "NOT_FOUND")),
        (EXPENSE_DELETE, "expenseDelete", {"id": "bogus"}, ("id", "INVALID_ID")),
    ],
)
async def test_expense_user_errors(
    client: httpx.AsyncClient,
    people: People,
    login_headers: Any,
    document: str,
    mutation: str,
    changes: dict[str, Any],
    expected: tuple[str, str],
) -> None:
    headers = await login_headers(people.admin)
    if mutation == "expenseCreate":
        variables = {"input": {"amount": "10.00", "reason": "Ijara", **changes}}
    else:
        created = await gql_ok(
            client, EXPENSE_CREATE, {"input": {"amount": "10.00", "reason": "Ijara"}}, headers
        )
        variables = {"input": {"id": created["expenseCreate"]["expense"]["id"], **changes}}
    result = await post_graphql(client, document, variables, headers)
    assert [(e["field"], e["code"]) for e in user_errors(result, mutation)] == [expected]


async def test_expense_writes_are_for_admins_only(
    client: httpx.AsyncClient, people: People, login_headers: Any
) -> None:
    created = await gql_ok(
        client,
        EXPENSE_CREATE,
        {"input": {"amount": "10.00", "reason": "Ijara"}},
        await login_headers(people.admin),
    )
    expense_id = created["expenseCreate"]["expense"]["id"]
    for user in (people.teacher, people.student, None):
        headers = await login_headers(user) if user else {}
        for document, variables in (
            (EXPENSE_CREATE, {"input": {"amount": "10.00", "reason": "Ijara"}}),
            (EXPENSE_UPDATE, {"input": {"id": expense_id, "reason": "x"}}),
            (EXPENSE_DELETE, {"input": {"id": expense_id}}),
        ):
            result = await post_graphql(client, document, variables, headers)
            assert error_codes(result) == ["FORBIDDEN" if user else "UNAUTHENTICATED"]
