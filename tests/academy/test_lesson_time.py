"""bulk_create's lesson rules with a controllable clock: employees only on the group's lesson
day and inside its lesson time, both in Asia/Tashkent; owners are exempt."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from models.people import Role
from resolvers.context import Services
from schema.common.node import encode_global_id
from tests.academy.factories import make_group
from tests.conftest import FakeClock
from tests.graphql import gql_ok

BULK = "/api/v1/attendance/bulk_create/"
NOT_DAY = {"error": "Bugun guruhning dars kuni emas. (Mon,Wed,Fri)"}
NOT_TIME = {"error": "Dars vaqti emas. (09:00:00-11:00:00)"}
BULK_MUTATION = """
mutation($input: AttendanceBulkCreateInput!) {
  attendanceBulkCreate(input: $input) {
    created attendances { status date student { username } }
    userErrors { field message code }
  }
}
"""


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Tuesday 10:00 in Tashkent
        (utc(2025, 2, 18, 5, 0), NOT_DAY),
        # Monday 08:59:59 and 11:00:01 in Tashkent
        (utc(2025, 2, 17, 3, 59, 59), NOT_TIME),
        (utc(2025, 2, 17, 6, 0, 1), NOT_TIME),
        # Sunday 23:30 UTC is already Monday 04:30 in Tashkent: the right day, not the time
        (utc(2025, 2, 16, 23, 30), NOT_TIME),
        # Monday 20:00 UTC is Tuesday 01:00 in Tashkent
        (utc(2025, 2, 17, 20, 0), NOT_DAY),
    ],
)
async def test_employees_are_refused_outside_the_lesson(
    client: httpx.AsyncClient,
    make_user: Any,
    login_headers: Any,
    services: Services,
    clock: FakeClock,
    moment: datetime,
    expected: dict[str, str],
) -> None:
    group = await make_group(services)
    await make_user(Role.STUDENT, group_id=group.id)
    headers = await login_headers(await make_user(Role.TEACHER))
    clock.set(moment)
    response = await client.post(BULK, json={"group_id": group.id}, headers=headers)
    assert response.status_code == 400
    assert response.json() == expected
    # nothing recorded: no attendance, no work log
    listed = await client.get("/api/v1/attendance/", headers=headers)
    assert listed.json() == []
    assert (await client.get("/api/v1/work-logs/", headers=headers)).json() == []


@pytest.mark.parametrize(
    "moment",
    [utc(2025, 2, 17, 4, 0, 0), utc(2025, 2, 19, 5, 30), utc(2025, 2, 21, 6, 0, 0)],
    ids=["monday-09:00:00", "wednesday-10:30", "friday-11:00:00"],
)
async def test_employees_may_mark_inside_the_lesson(
    client: httpx.AsyncClient,
    make_user: Any,
    login_headers: Any,
    services: Services,
    clock: FakeClock,
    moment: datetime,
) -> None:
    group = await make_group(services)
    await make_user(Role.STUDENT, group_id=group.id)
    # any employee is bound, a curator as much as a teacher
    headers = await login_headers(await make_user(Role.CURATOR))
    clock.set(moment)
    response = await client.post(BULK, json={"group_id": group.id}, headers=headers)
    assert response.status_code == 201
    assert [a["status"] for a in response.json()] == ["kelmadi"]
    logs = (await client.get("/api/v1/work-logs/", headers=headers)).json()
    assert [w["date"] for w in logs] == [moment.date().isoformat()]


async def test_owners_are_exempt(
    client: httpx.AsyncClient,
    make_user: Any,
    login_headers: Any,
    services: Services,
    clock: FakeClock,
) -> None:
    group = await make_group(services)
    await make_user(Role.STUDENT, group_id=group.id)
    headers = await login_headers(await make_user(Role.ADMIN))
    clock.set(utc(2025, 2, 16, 15, 0))  # Sunday 20:00 in Tashkent
    response = await client.post(BULK, json={"group_id": group.id}, headers=headers)
    assert response.status_code == 201 and response.json()[0]["date"] == "2025-02-16"


async def test_a_group_without_a_schedule_has_no_lesson_time(
    client: httpx.AsyncClient,
    make_user: Any,
    login_headers: Any,
    services: Services,
    clock: FakeClock,
) -> None:
    group = await make_group(services, start=None, end=None)
    headers = await login_headers(await make_user(Role.TEACHER))
    clock.set(utc(2025, 2, 17, 5, 0))
    response = await client.post(BULK, json={"group_id": group.id}, headers=headers)
    assert response.status_code == 400 and response.json() == {"error": "Dars vaqti emas. (-)"}


async def test_graphql_bulk_create_follows_the_same_rules(
    client: httpx.AsyncClient,
    make_user: Any,
    login_headers: Any,
    services: Services,
    clock: FakeClock,
) -> None:
    group = await make_group(services)
    student = await make_user(Role.STUDENT, group_id=group.id)
    headers = await login_headers(await make_user(Role.TEACHER))
    variables = {"input": {"groupId": encode_global_id("Group", group.id)}}

    clock.set(utc(2025, 2, 18, 5, 0))  # Tuesday
    refused = (await gql_ok(client, BULK_MUTATION, variables, headers))["attendanceBulkCreate"]
    assert refused["attendances"] is None
    assert refused["userErrors"] == [
        {"field": None, "message": NOT_DAY["error"], "code": "NOT_LESSON_DAY"}
    ]
    clock.set(utc(2025, 2, 17, 6, 30))  # Monday 11:30
    late = (await gql_ok(client, BULK_MUTATION, variables, headers))["attendanceBulkCreate"]
    assert late["userErrors"] == [
        {"field": None, "message": NOT_TIME["error"], "code": "NOT_LESSON_TIME"}
    ]
    clock.set(utc(2025, 2, 17, 5, 0))  # Monday 10:00
    created = (await gql_ok(client, BULK_MUTATION, variables, headers))["attendanceBulkCreate"]
    assert created["userErrors"] == [] and created["created"] is True
    assert created["attendances"] == [
        {"status": "ABSENT", "date": "2025-02-17", "student": {"username": student.username}}
    ]
    again = (await gql_ok(client, BULK_MUTATION, variables, headers))["attendanceBulkCreate"]
    assert again["created"] is False and again["attendances"] == created["attendances"]
