"""Attendance, points and homework mutations: the happy path, each userError code, and the
refusals for students and anonymous callers. Work logs follow employees' writes."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from models.people import Role
from resolvers.context import Services
from schema.common.node import encode_global_id as gid
from tests.academy.factories import MONDAY_IN_LESSON, add_homework, give_points, make_group, mark
from tests.graphql import error_codes, gql_ok, post_graphql

ATTENDANCE_CREATE = """
mutation($input: AttendanceCreateInput!) {
  attendanceCreate(input: $input) {
    attendance { id status date time student { username } group { name } markedBy { username } }
    userErrors { field message code }
  }
}
"""
ATTENDANCE_UPDATE = """
mutation($input: AttendanceUpdateInput!) {
  attendanceUpdate(input: $input) {
    attendance { status markedBy { username } } userErrors { field message code }
  }
}
"""
ATTENDANCE_DELETE = """
mutation($id: ID!) {
  attendanceDelete(input: {id: $id}) { deletedAttendanceId userErrors { field code } }
}
"""
ATTENDANCE_BULK = """
mutation($input: AttendanceBulkCreateInput!) {
  attendanceBulkCreate(input: $input) { created attendances { id } userErrors { field code } }
}
"""
POINT_CREATE = """
mutation($input: PointEntryCreateInput!) {
  pointEntryCreate(input: $input) {
    pointEntry { id score date student { username } givenBy { username } }
    userErrors { field message code }
  }
}
"""
POINT_UPDATE = """
mutation($input: PointEntryUpdateInput!) {
  pointEntryUpdate(input: $input) { pointEntry { score } userErrors { field message code } }
}
"""
POINT_DELETE = """
mutation($id: ID!) {
  pointEntryDelete(input: {id: $id}) { deletedPointEntryId userErrors { field code } }
}
"""
HOMEWORK_CREATE = """
mutation($input: HomeworkCreateInput!) {
  homeworkCreate(input: $input) {
    homework { id text fileUrl group { name } createdBy { username } }
    userErrors { field message code }
  }
}
"""
HOMEWORK_UPDATE = """
mutation($input: HomeworkUpdateInput!) {
  homeworkUpdate(input: $input) { homework { text fileUrl } userErrors { field message code } }
}
"""
HOMEWORK_DELETE = """
mutation($id: ID!) {
  homeworkDelete(input: {id: $id}) { deletedHomeworkId userErrors { field code } }
}
"""
WORK_LOGS = "{ workLogs { nodes { date employee { username } } } }"


def codes(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


@pytest.fixture
async def world(services: Services, make_user: Any, login_headers: Any, clock: Any) -> Any:
    group = await make_group(services, "IELTS-A1")
    inactive = await make_group(services, "Old", active=False)
    student = await make_user(Role.STUDENT, username="student001", group_id=group.id)
    other = await make_user(Role.STUDENT, username="student002", group_id=group.id)
    teacher = await make_user(Role.TEACHER, username="teacher01")
    headers = {
        "as_teacher": await login_headers(teacher),
        "as_admin": await login_headers(await make_user(Role.ADMIN)),
        "as_student": await login_headers(student),
    }
    clock.set(MONDAY_IN_LESSON)  # after the log-ins: tokens keep their real-time expiry
    return SimpleNamespace(
        group=group, inactive=inactive, student=student, other=other, teacher=teacher, **headers
    )


async def test_attendance_mutations(client: httpx.AsyncClient, world: Any) -> None:
    base = {
        "studentId": gid("Student", world.student.id),
        "groupId": gid("Group", world.group.id),
        "status": "PRESENT",
    }
    created = (await gql_ok(client, ATTENDANCE_CREATE, {"input": base}, world.as_teacher))[
        "attendanceCreate"
    ]
    assert created["userErrors"] == []
    record = created["attendance"]
    assert record["status"] == "PRESENT" and record["date"] == "2025-02-17"
    assert record["time"] == "10:00:00" and record["student"] == {"username": "student001"}
    assert record["markedBy"] == {"username": "teacher01"}
    logs = (await gql_ok(client, WORK_LOGS, headers=world.as_teacher))["workLogs"]["nodes"]
    assert logs == [{"date": "2025-02-17", "employee": {"username": "teacher01"}}]

    updated = await gql_ok(
        client, ATTENDANCE_UPDATE, {"input": {"id": record["id"], "status": "LATE"}}, world.as_admin
    )
    assert updated["attendanceUpdate"]["attendance"]["status"] == "LATE"
    assert updated["attendanceUpdate"]["attendance"]["markedBy"] is not None

    cases = [
        ({**base}, None, "UNIQUE"),
        ({**base, "studentId": "bogus"}, "studentId", "INVALID_ID"),
        ({**base, "studentId": gid("Student", 9999)}, "studentId", "DOES_NOT_EXIST"),
        ({**base, "studentId": gid("Student", world.teacher.id)}, "studentId", "NOT_A_STUDENT"),
        ({**base, "groupId": gid("Group", world.inactive.id)}, "groupId", "GROUP_INACTIVE"),
        ({**base, "groupId": gid("Group", 9999)}, "groupId", "DOES_NOT_EXIST"),
    ]
    for variables, field, code in cases:
        payload = (await gql_ok(client, ATTENDANCE_CREATE, {"input": variables}, world.as_teacher))[
            "attendanceCreate"
        ]
        assert payload["attendance"] is None and codes(payload) == [(field, code)], variables
    for variables, field, code in (
        ({"id": record["id"], "status": None}, "status", "NULL"),
        ({"id": gid("Attendance", 9999), "status": "LATE"}, "id", "NOT_FOUND"),
        ({"id": gid("PointEntry", 1), "status": "LATE"}, "id", "INVALID_ID"),
    ):
        payload = (await gql_ok(client, ATTENDANCE_UPDATE, {"input": variables}, world.as_teacher))[
            "attendanceUpdate"
        ]
        assert codes(payload) == [(field, code)], variables

    deleted = await gql_ok(client, ATTENDANCE_DELETE, {"id": record["id"]}, world.as_teacher)
    assert deleted["attendanceDelete"] == {"deletedAttendanceId": record["id"], "userErrors": []}
    again = await gql_ok(client, ATTENDANCE_DELETE, {"id": record["id"]}, world.as_teacher)
    assert codes(again["attendanceDelete"]) == [("id", "NOT_FOUND")]


async def test_bulk_create_mutation_errors(client: httpx.AsyncClient, world: Any) -> None:
    for group_id, field, code in (
        (gid("Group", world.inactive.id), "groupId", "GROUP_INACTIVE"),
        (gid("Group", 9999), "groupId", "NOT_FOUND"),
        (gid("Student", 1), "groupId", "INVALID_ID"),
    ):
        payload = (
            await gql_ok(client, ATTENDANCE_BULK, {"input": {"groupId": group_id}}, world.as_admin)
        )["attendanceBulkCreate"]
        assert payload["attendances"] is None and codes(payload) == [(field, code)]


async def test_point_entry_mutations(client: httpx.AsyncClient, world: Any) -> None:
    base = {
        "studentId": gid("Student", world.student.id),
        "groupId": gid("Group", world.group.id),
        "score": 85,
    }
    created = (await gql_ok(client, POINT_CREATE, {"input": base}, world.as_teacher))[
        "pointEntryCreate"
    ]
    assert created["userErrors"] == []
    entry = created["pointEntry"]
    assert entry["score"] == 85 and entry["date"] == "2025-02-17"
    assert entry["givenBy"] == {"username": "teacher01"}
    updated = await gql_ok(
        client, POINT_UPDATE, {"input": {"id": entry["id"], "score": 100}}, world.as_teacher
    )
    assert updated["pointEntryUpdate"] == {"pointEntry": {"score": 100}, "userErrors": []}

    cases = [
        ({**base, "score": 101}, "score", "OUT_OF_RANGE"),
        ({**base, "score": -1}, "score", "OUT_OF_RANGE"),
        ({**base, "studentId": gid("Student", world.teacher.id)}, "studentId", "NOT_A_STUDENT"),
        ({**base, "studentId": gid("Student", 9999)}, "studentId", "DOES_NOT_EXIST"),
        ({**base, "groupId": gid("Group", world.inactive.id)}, "groupId", "GROUP_INACTIVE"),
        ({**base, "groupId": "x"}, "groupId", "INVALID_ID"),
    ]
    for variables, field, code in cases:
        payload = (await gql_ok(client, POINT_CREATE, {"input": variables}, world.as_teacher))[
            "pointEntryCreate"
        ]
        assert payload["pointEntry"] is None and codes(payload) == [(field, code)], variables
    messages = (
        await gql_ok(client, POINT_CREATE, {"input": {**base, "score": 101}}, world.as_teacher)
    )["pointEntryCreate"]["userErrors"]
    assert messages[0]["message"] == "Ensure this value is less than or equal to 100."
    for variables, field, code in (
        ({"id": entry["id"], "score": None}, "score", "NULL"),
        ({"id": gid("PointEntry", 9999), "score": 1}, "id", "NOT_FOUND"),
    ):
        payload = (await gql_ok(client, POINT_UPDATE, {"input": variables}, world.as_teacher))[
            "pointEntryUpdate"
        ]
        assert codes(payload) == [(field, code)]

    deleted = await gql_ok(client, POINT_DELETE, {"id": entry["id"]}, world.as_teacher)
    assert deleted["pointEntryDelete"]["deletedPointEntryId"] == entry["id"]
    again = await gql_ok(client, POINT_DELETE, {"id": entry["id"]}, world.as_teacher)
    assert codes(again["pointEntryDelete"]) == [("id", "NOT_FOUND")]


async def test_homework_mutations(
    client: httpx.AsyncClient, world: Any, services: Services
) -> None:
    created = (
        await gql_ok(
            client,
            HOMEWORK_CREATE,
            {"input": {"groupId": gid("Group", world.group.id), "text": "Essay on p. 12"}},
            world.as_teacher,
        )
    )["homeworkCreate"]
    assert created["userErrors"] == []
    homework = created["homework"]
    assert homework["text"] == "Essay on p. 12" and homework["fileUrl"] is None
    assert homework["group"] == {"name": "IELTS-A1"}
    assert homework["createdBy"] == {"username": "teacher01"}

    updated = await gql_ok(
        client,
        HOMEWORK_UPDATE,
        {"input": {"id": homework["id"], "text": "p. 13"}},
        world.as_teacher,
    )
    assert updated["homeworkUpdate"] == {
        "homework": {"text": "p. 13", "fileUrl": None},
        "userErrors": [],
    }
    with_file = await add_homework(services, world.group.id, text=None, file="homework/x.pdf")
    file_only = gid("Homework", with_file.id)
    shown = await gql_ok(
        client, HOMEWORK_UPDATE, {"input": {"id": file_only, "groupId": None}}, world.as_teacher
    )
    assert codes(shown["homeworkUpdate"]) == [("groupId", "NULL")]

    group = gid("Group", world.group.id)
    for document, name, variables, field, code in (
        (HOMEWORK_CREATE, "homeworkCreate", {"groupId": group}, None, "TEXT_OR_FILE_REQUIRED"),
        (
            HOMEWORK_CREATE,
            "homeworkCreate",
            {"groupId": group, "text": "   "},
            None,
            "TEXT_OR_FILE_REQUIRED",
        ),
        (
            HOMEWORK_CREATE,
            "homeworkCreate",
            {"groupId": gid("Group", world.inactive.id), "text": "x"},
            "groupId",
            "GROUP_INACTIVE",
        ),
        (
            HOMEWORK_UPDATE,
            "homeworkUpdate",
            {"id": file_only, "removeFile": True},
            None,
            "TEXT_OR_FILE_REQUIRED",
        ),
        (HOMEWORK_UPDATE, "homeworkUpdate", {"id": gid("Homework", 9999)}, "id", "NOT_FOUND"),
    ):
        payload = (await gql_ok(client, document, {"input": variables}, world.as_teacher))[name]
        assert payload["homework"] is None and codes(payload) == [(field, code)], variables
    message = (
        await gql_ok(client, HOMEWORK_CREATE, {"input": {"groupId": group}}, world.as_teacher)
    )["homeworkCreate"]["userErrors"][0]["message"]
    assert message == "Fayl yoki matn kiritilishi shart."
    swapped = await gql_ok(
        client,
        HOMEWORK_UPDATE,
        {"input": {"id": file_only, "removeFile": True, "text": "Now text"}},
        world.as_teacher,
    )
    assert swapped["homeworkUpdate"]["homework"] == {"text": "Now text", "fileUrl": None}

    deleted = await gql_ok(client, HOMEWORK_DELETE, {"id": homework["id"]}, world.as_teacher)
    assert deleted["homeworkDelete"]["deletedHomeworkId"] == homework["id"]
    again = await gql_ok(client, HOMEWORK_DELETE, {"id": homework["id"]}, world.as_teacher)
    assert codes(again["homeworkDelete"]) == [("id", "NOT_FOUND")]


@pytest.mark.parametrize("who", ["student", "anonymous"])
async def test_students_and_anonymous_callers_may_not_write(
    client: httpx.AsyncClient, world: Any, services: Services, who: str
) -> None:
    headers = world.as_student if who == "student" else {}
    expected = ["FORBIDDEN"] if who == "student" else ["UNAUTHENTICATED"]
    record = await mark(services, world.student.id, world.group.id)
    [entry] = await give_points(services, world.student.id, world.group.id, 50)
    homework = await add_homework(services, world.group.id)
    student, group = gid("Student", world.student.id), gid("Group", world.group.id)
    for document, variables in (
        (ATTENDANCE_CREATE, {"input": {"studentId": student, "groupId": group, "status": "LATE"}}),
        (ATTENDANCE_UPDATE, {"input": {"id": gid("Attendance", record.id), "status": "LATE"}}),
        (ATTENDANCE_DELETE, {"id": gid("Attendance", record.id)}),
        (ATTENDANCE_BULK, {"input": {"groupId": group}}),
        (POINT_CREATE, {"input": {"studentId": student, "groupId": group, "score": 100}}),
        (POINT_UPDATE, {"input": {"id": gid("PointEntry", entry.id), "score": 100}}),
        (POINT_DELETE, {"id": gid("PointEntry", entry.id)}),
        (HOMEWORK_CREATE, {"input": {"groupId": group, "text": "x"}}),
        (HOMEWORK_UPDATE, {"input": {"id": gid("Homework", homework.id), "text": "x"}}),
        (HOMEWORK_DELETE, {"id": gid("Homework", homework.id)}),
    ):
        result = await post_graphql(client, document, variables, headers)
        assert error_codes(result) == expected, document


async def test_owner_writes_keep_no_work_log(client: httpx.AsyncClient, world: Any) -> None:
    variables = {
        "input": {
            "studentId": gid("Student", world.student.id),
            "groupId": gid("Group", world.group.id),
            "score": 10,
        }
    }
    await gql_ok(client, POINT_CREATE, variables, world.as_admin)
    await gql_ok(
        client,
        HOMEWORK_CREATE,
        {"input": {"groupId": gid("Group", world.group.id), "text": "x"}},
        world.as_admin,
    )
    assert (await gql_ok(client, WORK_LOGS, headers=world.as_admin))["workLogs"]["nodes"] == []
    # an employee's many writes on one day keep one log
    for _ in range(3):
        await gql_ok(client, POINT_CREATE, variables, world.as_teacher)
    logs = (await gql_ok(client, WORK_LOGS, headers=world.as_admin))["workLogs"]["nodes"]
    assert logs == [{"date": "2025-02-17", "employee": {"username": "teacher01"}}]
