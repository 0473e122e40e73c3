"""Academy dialect (seed 001) §11 payments, §12 expenses, §16 dashboard: the seed's requests
replayed, answers checked for status codes, keys, value types and error envelopes, for each
role."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from models import academy as academy_models
from models import groups as group_models
from models.db import write_session
from models.people import Role, User
from resolvers.context import Services
from tests.conftest import FakeClock

PAYMENTS = "/api/v1/payments/"
MY_PAYMENTS = "/api/v1/payments/my-payments/"
EXPENSES = "/api/v1/expenses/"
DASHBOARD = "/api/v1/dashboard/"

PAYMENT_KEYS = {
    "id",
    "student",
    "group",
    "months_paid",
    "amount",
    "received_by",
    "months",
    "created_at",
}
PERSON_KEYS = {"id", "first_name", "last_name", "username"}
EXPENSE_KEYS = {"id", "recipient", "recipient_user", "amount", "reason", "created_at"}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
UNAUTHENTICATED = {"detail": "Authentication credentials were not provided."}
NOT_FOUND = {"detail": "Not found."}


class Center:
    """The seed's people: owner John Doe (admin123), student Jasur Qodirov (student001)."""

    def __init__(self, admin: User, teacher: User, student: User, other: User, group_id: int):
        self.admin, self.teacher, self.student, self.other = admin, teacher, student, other
        self.group_id = group_id


@pytest.fixture
async def center(services: Services, make_user: Any) -> Center:
    admin = await make_user(Role.ADMIN, username="admin123", first_name="John", last_name="Doe")
    teacher = await make_user(Role.TEACHER, username="teacher01")
    student = await make_user(
        Role.STUDENT, username="student001", first_name="Jasur", last_name="Qodirov"
    )
    other = await make_user(Role.STUDENT, username="student002")
    async with write_session(services.sessionmaker) as session:
        group = group_models.Group(name="IELTS A1")
        session.add(group)
    return Center(admin, teacher, student, other, group.id)


def seed_payment(center: Center, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "student": center.student.id,
        "group": center.group_id,
        "amount": "600000.00",
        "months": [{"year": 2025, "month": 1}, {"year": 2025, "month": 2}],
    }
    body.update(changes)
    return body


# ---------------------------------------------------------------------------------------------
# §11 payments


async def test_create_payment_answers_as_the_seed_shows(
    client: httpx.AsyncClient, center: Center, login_headers: Any, clock: FakeClock
) -> None:
    headers = await login_headers(center.admin)
    # (tokens are checked against the real clock: move the service clock after logging in)
    clock.set(datetime(2025, 2, 1, 5, 0, tzinfo=UTC))  # 10:00 in Tashkent
    # when: the seed's body, plus a received_by the server must ignore
    body = seed_payment(center, received_by=center.teacher.id, months_paid=7)
    response = await client.post(PAYMENTS, json=body, headers=headers)
    # then
    assert response.status_code == 201
    payment = response.json()
    assert set(payment) == PAYMENT_KEYS
    assert isinstance(payment["id"], int)
    assert payment["student"] == {
        "id": center.student.id,
        "first_name": "Jasur",
        "last_name": "Qodirov",
        "username": "student001",
    }
    assert payment["group"] == center.group_id
    assert payment["months_paid"] == 2
    assert payment["amount"] == "600000.00"
    assert payment["received_by"] == {
        "id": center.admin.id,
        "first_name": "John",
        "last_name": "Doe",
        "username": "admin123",
    }
    assert [(m["year"], m["month"], m["month_name"]) for m in payment["months"]] == [
        (2025, 1, "Yanvar"),
        (2025, 2, "Fevral"),
    ]
    assert all(set(m) == {"id", "year", "month", "month_name"} for m in payment["months"])
    assert all(isinstance(m["id"], int) for m in payment["months"])
    assert payment["created_at"] == "2025-02-01T10:00:00+05:00"


async def test_months_are_optional_and_every_month_has_its_uzbek_name(
    client: httpx.AsyncClient, center: Center, login_headers: Any
) -> None:
    headers = await login_headers(center.admin)
    bare = await client.post(PAYMENTS, json=seed_payment(center, months=None), headers=headers)
    assert bare.status_code == 400 and bare.json() == {"months": ["This field may not be null."]}
    body = seed_payment(center)
    del body["months"]
    response = await client.post(PAYMENTS, json=body, headers=headers)
    assert response.status_code == 201
    assert (response.json()["months_paid"], response.json()["months"]) == (0, [])
    year = [{"year": 2024, "month": m} for m in range(1, 13)]
    response = await client.post(PAYMENTS, json=seed_payment(center, months=year), headers=headers)
    assert [m["month_name"] for m in response.json()["months"]] == [
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
    ]
    assert response.json()["months_paid"] == 12


async def test_amounts_stay_exact(
    client: httpx.AsyncClient, center: Center, login_headers: Any
) -> None:
    headers = await login_headers(center.admin)
    for sent, shown in (("0.10", "0.10"), (0.2, "0.20"), (300000, "300000.00"), ("1.5", "1.50")):
        response = await client.post(
            PAYMENTS, json=seed_payment(center, amount=sent), headers=headers
        )
        assert response.status_code == 201 and response.json()["amount"] == shown
    dashboard = (await client.get(DASHBOARD, headers=headers)).json()
    assert dashboard["finance"]["income"] == "300001.80"


async def test_list_detail_update_and_delete(
    client: httpx.AsyncClient, center: Center, login_headers: Any, clock: FakeClock
) -> None:
    headers = await login_headers(center.admin)
    first = (await client.post(PAYMENTS, json=seed_payment(center), headers=headers)).json()
    clock.advance(hours=1)
    second = (
        await client.post(
            PAYMENTS,
            json=seed_payment(center, amount="300000.00", months=[{"year": 2025, "month": 3}]),
            headers=headers,
        )
    ).json()
    # the list, newest first, with and without the trailing slash
    for path in (PAYMENTS, PAYMENTS.rstrip("/")):
        listed = await client.get(path, headers=headers)
        assert listed.status_code == 200
        assert [p["id"] for p in listed.json()] == [second["id"], first["id"]]
        assert all(set(p) == PAYMENT_KEYS for p in listed.json())
    # one
    one = await client.get(f"{PAYMENTS}{first['id']}/", headers=headers)
    assert one.status_code == 200 and one.json() == first
    # PATCH with months replaces them as a whole
    patched = await client.patch(
        f"{PAYMENTS}{first['id']}/",
        json={"months": [{"year": 2025, "month": 4}]},
        headers=headers,
    )
    assert patched.status_code == 200
    assert patched.json()["months_paid"] == 1
    assert [m["month_name"] for m in patched.json()["months"]] == ["Aprel"]
    assert patched.json()["months"][0]["id"] not in {m["id"] for m in first["months"]}
    # PATCH without months keeps them
    kept = await client.patch(
        f"{PAYMENTS}{first['id']}", json={"amount": "650000.50"}, headers=headers
    )
    assert kept.json()["amount"] == "650000.50" and kept.json()["months_paid"] == 1
    # PUT is a full update: the required fields must all be there
    incomplete = await client.put(
        f"{PAYMENTS}{first['id']}/", json={"amount": "1.00"}, headers=headers
    )
    assert incomplete.status_code == 400
    assert incomplete.json() == {
        "student": ["This field is required."],
        "group": ["This field is required."],
    }
    full = await client.put(
        f"{PAYMENTS}{first['id']}/",
        json=seed_payment(center, student=center.other.id, months=[]),
        headers=headers,
    )
    assert full.status_code == 200
    assert full.json()["student"]["id"] == center.other.id and full.json()["months"] == []
    # DELETE
    deleted = await client.delete(f"{PAYMENTS}{first['id']}/", headers=headers)
    assert deleted.status_code == 204 and deleted.content == b""
    gone = await client.get(f"{PAYMENTS}{first['id']}/", headers=headers)
    assert gone.status_code == 404 and gone.json() == NOT_FOUND
    again = await client.delete(f"{PAYMENTS}{first['id']}/", headers=headers)
    assert again.status_code == 404


async def test_my_payments_shows_the_student_their_own(
    client: httpx.AsyncClient, center: Center, login_headers: Any
) -> None:
    admin = await login_headers(center.admin)
    mine = seed_payment(center, amount="300000.00", months=[{"year": 2025, "month": 3}])
    created = (await client.post(PAYMENTS, json=mine, headers=admin)).json()
    await client.post(PAYMENTS, json=seed_payment(center, student=center.other.id), headers=admin)
    # when
    response = await client.get(MY_PAYMENTS, headers=await login_headers(center.student))
    # then: the seed's my-payments shape (no received_by)
    assert response.status_code == 200
    (payment,) = response.json()
    assert set(payment) == PAYMENT_KEYS - {"received_by"}
    assert payment["id"] == created["id"] and payment["amount"] == "300000.00"
    assert payment["months_paid"] == 1
    assert payment["months"] == [
        {"id": payment["months"][0]["id"], "year": 2025, "month": 3, "month_name": "Mart"}
    ]
    assert payment["student"]["username"] == "student001"
    # staff have no payments of their own
    staff = await client.get(MY_PAYMENTS.rstrip("/"), headers=admin)
    assert staff.status_code == 200 and staff.json() == []
    anonymous = await client.get(MY_PAYMENTS)
    assert anonymous.status_code == 401 and anonymous.json() == UNAUTHENTICATED


async def test_payment_permissions_for_each_role(
    client: httpx.AsyncClient, center: Center, login_headers: Any
) -> None:
    admin = await login_headers(center.admin)
    theirs = (
        await client.post(
            PAYMENTS, json=seed_payment(center, student=center.other.id), headers=admin
        )
    ).json()
    own = (await client.post(PAYMENTS, json=seed_payment(center), headers=admin)).json()
    teacher = await login_headers(center.teacher)
    student = await login_headers(center.student)
    one = f"{PAYMENTS}{own['id']}/"

    # anonymous: 401 everywhere
    for method, path in (("GET", PAYMENTS), ("POST", PAYMENTS), ("GET", one), ("DELETE", one)):
        response = await client.request(method, path, json={})
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)
    # employees read everything, write nothing
    assert len((await client.get(PAYMENTS, headers=teacher)).json()) == 2
    assert (await client.get(one, headers=teacher)).status_code == 200
    for method, path in (("POST", PAYMENTS), ("PUT", one), ("PATCH", one), ("DELETE", one)):
        response = await client.request(method, path, json=seed_payment(center), headers=teacher)
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
    # students see their own payments only, and write nothing
    listed = (await client.get(PAYMENTS, headers=student)).json()
    assert [p["id"] for p in listed] == [own["id"]]
    assert (await client.get(one, headers=student)).status_code == 200
    hidden = await client.get(f"{PAYMENTS}{theirs['id']}/", headers=student)
    assert (hidden.status_code, hidden.json()) == (404, NOT_FOUND)
    for method, path in (("POST", PAYMENTS), ("PATCH", one), ("DELETE", one)):
        response = await client.request(method, path, json={}, headers=student)
        assert (response.status_code, response.json()) == (403, FORBIDDEN)


async def test_payment_validation_errors_use_drf_envelopes(
    client: httpx.AsyncClient, center: Center, login_headers: Any
) -> None:
    headers = await login_headers(center.admin)

    async def refused(body: Any) -> Any:
        response = await client.post(PAYMENTS, json=body, headers=headers)
        assert response.status_code == 400, response.text
        return response.json()

    assert await refused({}) == {
        "student": ["This field is required."],
        "group": ["This field is required."],
        "amount": ["This field is required."],
    }
    assert await refused(["not", "an", "object"]) == {
        "non_field_errors": ["Invalid data. Expected a dictionary, but got list."]
    }
    assert await refused(seed_payment(center, student=center.teacher.id)) == {
        "student": ["The user is not a student."]
    }
    assert await refused(seed_payment(center, student=999999, group=888888)) == {
        "student": ['Invalid pk "999999" - object does not exist.'],
        "group": ['Invalid pk "888888" - object does not exist.'],
    }
    assert await refused(seed_payment(center, student="abc")) == {
        "student": ["Incorrect type. Expected pk value, received str."]
    }
    for amount, message in (
        ("abc", "A valid number is required."),
        ("NaN", "A valid number is required."),
        (True, "A valid number is required."),
        ("1.005", "Ensure that there are no more than 2 decimal places."),
        ("0", "Ensure this value is greater than or equal to 0.01."),
        ("-5.00", "Ensure this value is greater than or equal to 0.01."),
        ("1" * 16, "Ensure that there are no more than 15 digits in total."),
    ):
        assert await refused(seed_payment(center, amount=amount)) == {"amount": [message]}
    assert await refused(seed_payment(center, months=[{"year": 2025, "month": 13}])) == {
        "months": ["Ensure the month is between 1 and 12."]
    }
    assert await refused(seed_payment(center, months=[{"year": 2025}])) == {
        "months": ["This field is required."]
    }
    assert await refused(seed_payment(center, months="Yanvar")) == {
        "months": ['Expected a list of items but got type "str".']
    }
    twice = [{"year": 2025, "month": 1}, {"year": 2025, "month": 1}]
    assert await refused(seed_payment(center, months=twice)) == {
        "months": ["Yanvar 2025 is listed twice."]
    }
    malformed = await client.post(
        PAYMENTS, content=b"{oops", headers={**headers, "content-type": "application/json"}
    )
    assert malformed.status_code == 400 and malformed.json()["detail"].startswith(
        "JSON parse error"
    )


async def test_payment_methods_and_paths(
    client: httpx.AsyncClient, center: Center, login_headers: Any
) -> None:
    headers = await login_headers(center.admin)
    created = (await client.post(PAYMENTS, json=seed_payment(center), headers=headers)).json()
    for method, path in (
        ("DELETE", PAYMENTS),
        ("POST", f"{PAYMENTS}{created['id']}/"),
        ("POST", MY_PAYMENTS),
        ("PUT", MY_PAYMENTS),
    ):
        response = await client.request(method, path, headers=headers)
        assert response.status_code == 405
        assert response.json() == {"detail": f'Method "{method}" not allowed.'}
    for path in (f"{PAYMENTS}abc/", f"{PAYMENTS}99999999999999/", f"{PAYMENTS}0/"):
        response = await client.get(path, headers=headers)
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


# ---------------------------------------------------------------------------------------------
# §12 expenses


async def test_expenses_answer_as_the_seed_shows(
    client: httpx.AsyncClient, center: Center, login_headers: Any, clock: FakeClock
) -> None:
    headers = await login_headers(center.admin)
    clock.set(datetime(2025, 2, 19, 7, 0, tzinfo=UTC))
    # the seed's POST body (recipient_user is an employee)
    body = {
        "recipient": "Maosh",
        "recipient_user": center.teacher.id,
        "amount": "2000000.00",
        "reason": "Fevral uchun maosh",
        "created_by": center.student.id,
    }
    response = await client.post(EXPENSES, json=body, headers=headers)
    assert response.status_code == 201
    expense = response.json()
    assert expense == {
        "id": expense["id"],
        "recipient": "Maosh",
        "recipient_user": center.teacher.id,
        "amount": "2000000.00",
        "reason": "Fevral uchun maosh",
        "created_at": "2025-02-19T12:00:00+05:00",
    }
    # the list's other example: no recipient_user
    rent = await client.post(
        EXPENSES,
        json={"recipient": "IjaraChiqimi", "amount": "1500000.00", "reason": "Ijara"},
        headers=headers,
    )
    assert rent.status_code == 201 and rent.json()["recipient_user"] is None
    listed = await client.get(EXPENSES.rstrip("/"), headers=headers)
    assert listed.status_code == 200
    assert [e["id"] for e in listed.json()] == [rent.json()["id"], expense["id"]]
    assert all(set(e) == EXPENSE_KEYS for e in listed.json())
    one = f"{EXPENSES}{expense['id']}/"
    assert (await client.get(one, headers=headers)).json() == expense
    patched = await client.patch(one, json={"reason": "Mart uchun maosh"}, headers=headers)
    assert patched.status_code == 200 and patched.json()["reason"] == "Mart uchun maosh"
    assert patched.json()["amount"] == "2000000.00"
    put = await client.put(one, json={"recipient": "Maosh"}, headers=headers)
    assert put.status_code == 400
    assert put.json() == {
        "amount": ["This field is required."],
        "reason": ["This field is required."],
    }
    cleared = await client.patch(one, json={"recipient_user": None}, headers=headers)
    assert cleared.json()["recipient_user"] is None
    deleted = await client.delete(one, headers=headers)
    assert deleted.status_code == 204
    assert (await client.get(one, headers=headers)).json() == NOT_FOUND


async def test_expense_validation_and_roles(
    client: httpx.AsyncClient, center: Center, login_headers: Any
) -> None:
    admin = await login_headers(center.admin)
    refused = await client.post(EXPENSES, json={"recipient": "x" * 256}, headers=admin)
    assert refused.status_code == 400
    assert refused.json() == {
        "recipient": ["Ensure this field has no more than 255 characters."],
        "amount": ["This field is required."],
        "reason": ["This field is required."],
    }
    student_paid = await client.post(
        EXPENSES,
        json={"recipient_user": center.student.id, "amount": "1.00", "reason": " "},
        headers=admin,
    )
    assert student_paid.json() == {
        "recipient_user": [f'Invalid pk "{center.student.id}" - object does not exist.'],
        "reason": ["This field may not be blank."],
    }
    created = (
        await client.post(EXPENSES, json={"amount": "10.00", "reason": "Ijara"}, headers=admin)
    ).json()
    one = f"{EXPENSES}{created['id']}/"
    teacher = await login_headers(center.teacher)
    student = await login_headers(center.student)
    assert (await client.get(EXPENSES, headers=teacher)).status_code == 200
    assert (await client.get(one, headers=teacher)).status_code == 200
    for headers in (teacher, student):
        for method, path in (("POST", EXPENSES), ("PATCH", one), ("DELETE", one)):
            response = await client.request(method, path, json={}, headers=headers)
            assert (response.status_code, response.json()) == (403, FORBIDDEN)
    for path in (EXPENSES, one):
        assert (await client.get(path, headers=student)).json() == FORBIDDEN
        assert (await client.get(path)).json() == UNAUTHENTICATED


# ---------------------------------------------------------------------------------------------
# §16 dashboard


async def test_dashboard_answers_as_the_seed_shows(
    client: httpx.AsyncClient,
    services: Services,
    center: Center,
    make_user: Any,
    login_headers: Any,
    clock: FakeClock,
) -> None:
    headers = await login_headers(center.admin)
    for amount in ("6000000.00", "9000000.00"):
        await client.post(PAYMENTS, json=seed_payment(center, amount=amount), headers=headers)
    await client.post(EXPENSES, json={"amount": "5000000.00", "reason": "Ijara"}, headers=headers)
    # five active employees (the teacher plus four), an inactive one and owners who do not count
    curator = await make_user(Role.CURATOR)
    reviewer = await make_user(Role.REVIEWER)
    manager = await make_user(Role.MANAGER)
    teacher2 = await make_user(Role.TEACHER)
    gone = await make_user(Role.TEACHER, is_active=False)
    await make_user(Role.ADMIN)
    # 01:30 on 20 Feb in Tashkent is still 19 Feb in UTC: "today" is the Tashkent day
    clock.set(datetime(2025, 2, 19, 20, 30, tzinfo=UTC))
    today, yesterday = date(2025, 2, 20), date(2025, 2, 19)
    async with write_session(services.sessionmaker) as session:
        for person, day, status in (
            (center.teacher, today, True),
            (curator, today, True),
            (reviewer, today, True),
            (manager, today, True),
            (teacher2, yesterday, True),  # yesterday does not count
            (gone, today, True),  # inactive does not count
            (center.admin, today, True),  # owners are not employees
        ):
            session.add(academy_models.WorkLog(employee_id=person.id, date=day, status=status))
    response = await client.get(DASHBOARD, headers=headers)
    assert response.status_code == 200
    assert response.json() == {
        "finance": {"income": "15000000.00", "expense": "5000000.00", "profit": "10000000.00"},
        "attendance": {"employees_present_today": 4, "total_employees": 5},
    }


async def test_dashboard_profit_may_be_negative_and_starts_at_zero(
    client: httpx.AsyncClient, center: Center, login_headers: Any
) -> None:
    headers = await login_headers(center.admin)
    empty = (await client.get(DASHBOARD.rstrip("/"), headers=headers)).json()
    assert empty["finance"] == {"income": "0.00", "expense": "0.00", "profit": "0.00"}
    await client.post(EXPENSES, json={"amount": "100.50", "reason": "Ijara"}, headers=headers)
    assert (await client.get(DASHBOARD, headers=headers)).json()["finance"]["profit"] == "-100.50"


async def test_dashboard_roles(
    client: httpx.AsyncClient, center: Center, login_headers: Any
) -> None:
    assert (
        await client.get(DASHBOARD, headers=await login_headers(center.teacher))
    ).status_code == 200
    student = await client.get(DASHBOARD, headers=await login_headers(center.student))
    assert (student.status_code, student.json()) == (403, FORBIDDEN)
    anonymous = await client.get(DASHBOARD)
    assert (anonymous.status_code, anonymous.json()) == (401, UNAUTHENTICATED)
    method = await client.post(DASHBOARD, headers=await login_headers(center.admin))
    assert method.status_code == 405
