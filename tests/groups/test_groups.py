"""Subjects and groups in GraphQL: connections, computed fields, the rating, and every
mutation (happy path, each userError code, permission denial)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from models.people import Role
from resolvers.context import Services
from schema.common.node import encode_global_id
from tests.academy.factories import add_homework, give_points, make_group, make_subject
from tests.graphql import error_codes, gql_ok, post_graphql

GROUPS = """
query($filter: GroupFilter, $order: GroupOrder, $first: Int, $after: String) {
  groups(filter: $filter, orderBy: $order, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes {
      name isActive days startTime endTime totalPoints studentsCount homeworkCount rank
      subject { name } teacher { username }
    }
  }
}
"""
GROUP_STUDENTS = """
query($id: ID!, $first: Int, $after: String, $search: String, $order: GroupStudentsOrder) {
  node(id: $id) {
    ... on Group {
      students(first: $first, after: $after, search: $search, orderBy: $order) {
        totalCount pageInfo { hasNextPage endCursor } nodes { username totalPoints rank }
      }
      homework(first: 10) { totalCount nodes { text } }
    }
  }
}
"""
RATING = "{ groupRating { rank totalPoints studentsCount group { name } } }"
SUBJECTS = "{ subjects { totalCount nodes { databaseId name } } }"
SUBJECT_CREATE = """
mutation($input: SubjectCreateInput!) {
  subjectCreate(input: $input) { subject { id name } userErrors { field message code } }
}
"""
SUBJECT_UPDATE = """
mutation($input: SubjectUpdateInput!) {
  subjectUpdate(input: $input) { subject { name } userErrors { field message code } }
}
"""
SUBJECT_DELETE = """
mutation($id: ID!) {
  subjectDelete(input: {id: $id}) { deletedSubjectId userErrors { field message code } }
}
"""
GROUP_CREATE = """
mutation($input: GroupCreateInput!) {
  groupCreate(input: $input) {
    group { id name days startTime endTime isActive subject { name } teacher { username } }
    userErrors { field message code }
  }
}
"""
GROUP_UPDATE = """
mutation($input: GroupUpdateInput!) {
  groupUpdate(input: $input) {
    group { name days isActive teacher { username } }
    userErrors { field message code }
  }
}
"""
GROUP_DELETE = """
mutation($id: ID!) {
  groupDelete(input: {id: $id}) { deletedGroupId userErrors { field message code } }
}
"""


def gid(type_name: str, key: int) -> str:
    return encode_global_id(type_name, key)


async def test_groups_connection_filters_orders_and_computes(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    ielts = await make_subject(services, "IELTS")
    sat = await make_subject(services, "SAT")
    teacher = await make_user(Role.TEACHER)
    a1 = await make_group(services, "IELTS-A1", subject=ielts, teacher_id=teacher.id)
    await make_group(services, "SAT-B2", subject=sat)
    await make_group(services, "Old", subject=sat, active=False)
    student = await make_user(Role.STUDENT, group_id=a1.id)
    await give_points(services, student.id, a1.id, 40, 60)
    await add_homework(services, a1.id)
    headers = await login_headers(student)

    data = (await gql_ok(client, GROUPS, {"first": 2}, headers))["groups"]
    assert data["totalCount"] == 3 and data["pageInfo"]["hasNextPage"] is True
    assert [n["name"] for n in data["nodes"]] == ["IELTS-A1", "Old"]
    first = data["nodes"][0]
    assert first["totalPoints"] == 100 and first["studentsCount"] == 1
    assert first["homeworkCount"] == 1 and first["rank"] == 1
    assert first["days"] == "Mon,Wed,Fri" and first["startTime"] == "09:00:00"
    assert first["subject"] == {"name": "IELTS"}
    assert first["teacher"] == {"username": teacher.username}
    assert data["nodes"][1]["rank"] is None  # inactive groups are not rated
    rest = await gql_ok(
        client, GROUPS, {"first": 2, "after": data["pageInfo"]["endCursor"]}, headers
    )
    assert [n["name"] for n in rest["groups"]["nodes"]] == ["SAT-B2"]

    active = await gql_ok(client, GROUPS, {"filter": {"isActive": True, "search": "sat"}}, headers)
    assert [n["name"] for n in active["groups"]["nodes"]] == ["SAT-B2"]
    by_subject = await gql_ok(
        client, GROUPS, {"filter": {"subjectId": gid("Subject", ielts.id)}}, headers
    )
    assert by_subject["groups"]["totalCount"] == 1
    newest = await gql_ok(
        client, GROUPS, {"order": {"field": "NAME", "direction": "DESC"}}, headers
    )
    assert [n["name"] for n in newest["groups"]["nodes"]] == ["SAT-B2", "Old", "IELTS-A1"]
    staff = await login_headers(await make_user(Role.CURATOR))
    by_teacher = await gql_ok(
        client, GROUPS, {"filter": {"teacherId": gid("Staff", teacher.id)}}, staff
    )
    assert by_teacher["groups"]["nodes"][0]["teacher"] == {"username": teacher.username}
    assert error_codes(await post_graphql(client, GROUPS, {})) == ["UNAUTHENTICATED"]


async def test_group_students_page_and_rank(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    group = await make_group(services)
    students = [
        await make_user(Role.STUDENT, username=f"student{i:02d}", group_id=group.id)
        for i in range(5)
    ]
    await give_points(services, students[3].id, group.id, 90)
    await give_points(services, students[1].id, group.id, 50)
    await add_homework(services, group.id, "Essay")
    teacher = await login_headers(await make_user(Role.TEACHER))
    variables: dict[str, Any] = {"id": gid("Group", group.id), "first": 2}

    page = (await gql_ok(client, GROUP_STUDENTS, variables, teacher))["node"]
    assert page["students"]["totalCount"] == 5
    assert [n["username"] for n in page["students"]["nodes"]] == ["student00", "student01"]
    assert page["students"]["nodes"][1] == {"username": "student01", "totalPoints": 50, "rank": 2}
    assert page["homework"] == {"totalCount": 1, "nodes": [{"text": "Essay"}]}
    variables["after"] = page["students"]["pageInfo"]["endCursor"]
    following = (await gql_ok(client, GROUP_STUDENTS, variables, teacher))["node"]["students"]
    assert [n["username"] for n in following["nodes"]] == ["student02", "student03"]
    assert following["nodes"][1]["rank"] == 1
    ordered = await gql_ok(
        client,
        GROUP_STUDENTS,
        {"id": gid("Group", group.id), "order": {"field": "USERNAME", "direction": "DESC"}},
        teacher,
    )
    assert ordered["node"]["students"]["nodes"][0]["username"] == "student04"
    found = await gql_ok(
        client, GROUP_STUDENTS, {"id": gid("Group", group.id), "search": "NT03"}, teacher
    )
    assert [n["username"] for n in found["node"]["students"]["nodes"]] == ["student03"]

    # a student sees only themselves among the group's students
    own = await login_headers(students[2])
    mine = (await gql_ok(client, GROUP_STUDENTS, {"id": gid("Group", group.id)}, own))["node"]
    assert [n["username"] for n in mine["students"]["nodes"]] == ["student02"]
    assert mine["homework"]["totalCount"] == 1
    other_group = await make_group(services, "Other")
    outsider = await login_headers(await make_user(Role.STUDENT, group_id=other_group.id))
    theirs = await gql_ok(client, GROUP_STUDENTS, {"id": gid("Group", group.id)}, outsider)
    assert theirs["node"]["homework"]["totalCount"] == 0


async def test_group_rating(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    a = await make_group(services, "A")
    b = await make_group(services, "B")
    await make_group(services, "Idle")
    await make_group(services, "Closed", active=False)
    student = await make_user(Role.STUDENT, group_id=b.id)
    await give_points(services, student.id, b.id, 70)
    await give_points(services, student.id, a.id, 30)
    data = await gql_ok(client, RATING, headers=await login_headers(student))
    assert data["groupRating"] == [
        {"rank": 1, "totalPoints": 70, "studentsCount": 1, "group": {"name": "B"}},
        {"rank": 2, "totalPoints": 30, "studentsCount": 0, "group": {"name": "A"}},
        {"rank": 3, "totalPoints": 0, "studentsCount": 0, "group": {"name": "Idle"}},
    ]
    assert error_codes(await post_graphql(client, RATING)) == ["UNAUTHENTICATED"]


async def test_subject_mutations(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    admin = await login_headers(await make_user(Role.ADMIN))
    # happy paths
    created = (await gql_ok(client, SUBJECT_CREATE, {"input": {"name": " IELTS "}}, admin))[
        "subjectCreate"
    ]
    assert created["userErrors"] == [] and created["subject"]["name"] == "IELTS"
    subject_id = created["subject"]["id"]
    updated = await gql_ok(
        client, SUBJECT_UPDATE, {"input": {"id": subject_id, "name": "IELTS (Updated)"}}, admin
    )
    assert updated["subjectUpdate"]["subject"] == {"name": "IELTS (Updated)"}
    assert (await gql_ok(client, SUBJECTS, headers=admin))["subjects"]["totalCount"] == 1
    # every userError code
    cases = [
        (SUBJECT_CREATE, {"input": {"name": ""}}, "subjectCreate", "name", "BLANK"),
        (SUBJECT_CREATE, {"input": {"name": "x" * 101}}, "subjectCreate", "name", "TOO_LONG"),
        (
            SUBJECT_UPDATE,
            {"input": {"id": subject_id, "name": None}},
            "subjectUpdate",
            "name",
            "NULL",
        ),
        (SUBJECT_UPDATE, {"input": {"id": "nonsense"}}, "subjectUpdate", "id", "INVALID_ID"),
        (
            SUBJECT_UPDATE,
            {"input": {"id": gid("Subject", 999)}},
            "subjectUpdate",
            "id",
            "NOT_FOUND",
        ),
        (SUBJECT_DELETE, {"id": gid("Group", 1)}, "subjectDelete", "id", "INVALID_ID"),
    ]
    for document, variables, name, field, code in cases:
        errors = (await gql_ok(client, document, variables, admin))[name]["userErrors"]
        assert [(e["field"], e["code"]) for e in errors] == [(field, code)], (name, variables)
    await make_group(services, subject=await _subject(services, subject_id))
    protected = (await gql_ok(client, SUBJECT_DELETE, {"id": subject_id}, admin))["subjectDelete"]
    assert protected["deletedSubjectId"] is None
    assert [e["code"] for e in protected["userErrors"]] == ["PROTECTED"]
    lone = await make_subject(services, "SAT")
    deleted = await gql_ok(client, SUBJECT_DELETE, {"id": gid("Subject", lone.id)}, admin)
    assert deleted["subjectDelete"] == {
        "deletedSubjectId": gid("Subject", lone.id),
        "userErrors": [],
    }


async def _subject(services: Services, global_id: str) -> Any:
    from models.db import read_session
    from models.groups import Subject
    from schema.common.node import decode_global_id

    decoded = decode_global_id(global_id)
    assert decoded is not None
    async with read_session(services.sessionmaker) as session:
        return await session.get(Subject, decoded[1])


async def test_group_mutations(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    admin = await login_headers(await make_user(Role.ADMIN))
    subject = await make_subject(services)
    teacher = await make_user(Role.TEACHER)
    student = await make_user(Role.STUDENT)
    base = {"name": "IELTS-A1", "subjectId": gid("Subject", subject.id)}
    created = (
        await gql_ok(
            client,
            GROUP_CREATE,
            {
                "input": {
                    **base,
                    "days": "mon,wed,fri",
                    "startTime": "09:00:00",
                    "endTime": "11:00:00",
                    "teacherId": gid("Staff", teacher.id),
                }
            },
            admin,
        )
    )["groupCreate"]
    assert created["userErrors"] == []
    group = created["group"]
    assert group["days"] == "Mon,Wed,Fri" and group["isActive"] is True
    assert (
        group["subject"] == {"name": "IELTS"} and group["teacher"]["username"] == teacher.username
    )

    updated = await gql_ok(
        client,
        GROUP_UPDATE,
        {"input": {"id": group["id"], "isActive": False, "teacherId": None, "days": "Sat"}},
        admin,
    )
    assert updated["groupUpdate"]["group"] == {
        "name": "IELTS-A1",
        "days": "Sat",
        "isActive": False,
        "teacher": None,
    }

    cases = [
        (GROUP_CREATE, {**base, "name": " "}, "name", "BLANK"),
        (GROUP_CREATE, {**base, "name": "x" * 31}, "name", "TOO_LONG"),
        (GROUP_CREATE, {**base, "isActive": None}, "isActive", "NULL"),
        (GROUP_CREATE, {**base, "subjectId": gid("Subject", 999)}, "subjectId", "DOES_NOT_EXIST"),
        (
            GROUP_CREATE,
            {**base, "teacherId": gid("Staff", student.id)},
            "teacherId",
            "DOES_NOT_EXIST",
        ),
        (GROUP_CREATE, {**base, "subjectId": gid("Group", 1)}, "subjectId", "INVALID_ID"),
        (GROUP_CREATE, {**base, "days": "Someday"}, "days", "INVALID_DAYS"),
        (
            GROUP_CREATE,
            {**base, "startTime": "12:00:00", "endTime": "10:00:00"},
            "endTime",
            "INVALID_TIME_RANGE",
        ),
        (GROUP_UPDATE, {"id": gid("Group", 999), "name": "X"}, "id", "NOT_FOUND"),
        (
            GROUP_UPDATE,
            {"id": group["id"], "endTime": "00:30:00", "startTime": "01:00:00"},
            "endTime",
            "INVALID_TIME_RANGE",
        ),
    ]
    for document, variables, field, code in cases:
        name = "groupCreate" if document is GROUP_CREATE else "groupUpdate"
        payload = (await gql_ok(client, document, {"input": variables}, admin))[name]
        assert payload["group"] is None
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(field, code)], (
            variables
        )

    deleted = await gql_ok(client, GROUP_DELETE, {"id": group["id"]}, admin)
    assert deleted["groupDelete"] == {"deletedGroupId": group["id"], "userErrors": []}
    again = await gql_ok(client, GROUP_DELETE, {"id": group["id"]}, admin)
    assert [e["code"] for e in again["groupDelete"]["userErrors"]] == ["NOT_FOUND"]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.CURATOR, Role.STUDENT, None])
async def test_subject_and_group_mutations_are_for_admins(
    client: httpx.AsyncClient,
    make_user: Any,
    login_headers: Any,
    services: Services,
    role: Role | None,
) -> None:
    headers = await login_headers(await make_user(role)) if role else {}
    subject = await make_subject(services)
    group = await make_group(services, subject=subject)
    expected = ["FORBIDDEN"] if role else ["UNAUTHENTICATED"]
    for document, variables in (
        (SUBJECT_CREATE, {"input": {"name": "X"}}),
        (SUBJECT_UPDATE, {"input": {"id": gid("Subject", subject.id), "name": "X"}}),
        (SUBJECT_DELETE, {"id": gid("Subject", subject.id)}),
        (GROUP_CREATE, {"input": {"name": "X", "subjectId": gid("Subject", subject.id)}}),
        (GROUP_UPDATE, {"input": {"id": gid("Group", group.id), "name": "X"}}),
        (GROUP_DELETE, {"id": gid("Group", group.id)}),
    ):
        result = await post_graphql(client, document, variables, headers)
        assert error_codes(result) == expected, document
