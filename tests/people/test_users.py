"""users and students connections, node lookups, and the user mutations."""

from __future__ import annotations

from typing import Any

import httpx

from models import groups as group_models
from models.db import write_session
from models.people import Role
from resolvers.context import Services
from schema.common.node import encode_global_id
from tests.graphql import error_codes, gql_ok, post_graphql

USERS = """
query($filter: UserFilter, $order: UserOrder, $first: Int, $after: String, $last: Int,
      $before: String) {
  users(filter: $filter, orderBy: $order, first: $first, after: $after, last: $last,
        before: $before) {
    totalCount
    nodes { username role }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
STUDENTS = """
query($filter: UserFilter, $first: Int) {
  students(filter: $filter, first: $first) {
    totalCount edges { cursor node { username studentId group { name } } }
  }
}
"""
CREATE = """
mutation($input: UserCreateInput!) {
  userCreate(input: $input) {
    user { id username role ... on Student { group { name } } }
    userErrors { field message code }
  }
}
"""
UPDATE = """
mutation($input: UserUpdateInput!) {
  userUpdate(input: $input) { user { username firstName email } userErrors { field message code } }
}
"""
DELETE = """
mutation($id: ID!) { userDelete(input: {id: $id}) { deletedUserId userErrors { field code } } }
"""


async def make_group(services: Services, name: str = "IELTS-A1", active: bool = True) -> Any:
    async with write_session(services.sessionmaker) as session:
        subject = group_models.Subject(name="IELTS")
        session.add(subject)
        await session.flush()
        group = group_models.Group(name=name, subject_id=subject.id, is_active=active)
        session.add(group)
    return group


async def test_users_pages_forward_and_backward_with_stable_cursors(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    admin = await make_user(Role.ADMIN, username="aaadmin")
    for i in range(6):
        await make_user(Role.STUDENT, username=f"student{i:02d}")
    headers = await login_headers(admin)
    first = (await gql_ok(client, USERS, {"first": 3}, headers))["users"]
    assert first["totalCount"] == 7
    assert [n["username"] for n in first["nodes"]] == ["aaadmin", "student00", "student01"]
    assert first["pageInfo"]["hasNextPage"] is True
    second = (
        await gql_ok(client, USERS, {"first": 3, "after": first["pageInfo"]["endCursor"]}, headers)
    )["users"]
    assert [n["username"] for n in second["nodes"]] == ["student02", "student03", "student04"]
    back = (
        await gql_ok(
            client, USERS, {"last": 2, "before": second["pageInfo"]["startCursor"]}, headers
        )
    )["users"]
    assert [n["username"] for n in back["nodes"]] == ["student00", "student01"]
    desc = (
        await gql_ok(
            client,
            USERS,
            {"first": 2, "order": {"field": "USERNAME", "direction": "DESC"}},
            headers,
        )
    )["users"]
    assert [n["username"] for n in desc["nodes"]] == ["student05", "student04"]


async def test_users_filters_by_role_and_search(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    admin = await make_user(Role.ADMIN)
    await make_user(Role.TEACHER, first_name="Bobur", last_name="Toshmatov")
    await make_user(Role.STUDENT, email="Jasur.Q@Example.com")
    headers = await login_headers(admin)
    teachers = await gql_ok(client, USERS, {"filter": {"role": "TEACHER"}}, headers)
    assert [n["role"] for n in teachers["users"]["nodes"]] == ["TEACHER"]
    for needle in ("toshm", "bobur tosh", "jasur.q@example"):
        found = await gql_ok(client, USERS, {"filter": {"search": needle}}, headers)
        assert found["users"]["totalCount"] == 1, needle
    # LIKE wildcards in the search are literal
    assert (await gql_ok(client, USERS, {"filter": {"search": "%"}}, headers))["users"][
        "totalCount"
    ] == 0


async def test_page_size_is_capped_and_cursors_checked(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    headers = await login_headers(await make_user(Role.ADMIN))
    for variables in (
        {"first": 101},
        {"first": -1},
        {"after": "garbage!"},
        {"first": 1, "last": 1},
    ):
        result = await post_graphql(client, USERS, variables, headers)
        assert error_codes(result) == ["BAD_USER_INPUT"], variables


async def test_users_is_for_admins_and_students_for_staff(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    teacher_headers = await login_headers(await make_user(Role.TEACHER))
    student_headers = await login_headers(await make_user(Role.STUDENT))
    assert error_codes(await post_graphql(client, USERS, {}, teacher_headers)) == ["FORBIDDEN"]
    assert "errors" not in await post_graphql(client, STUDENTS, {}, teacher_headers)
    assert error_codes(await post_graphql(client, STUDENTS, {}, student_headers)) == ["FORBIDDEN"]


async def test_students_filter_by_group(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    group = await make_group(services)
    await make_user(Role.STUDENT, group_id=group.id, code="2024001")
    await make_user(Role.STUDENT)
    headers = await login_headers(await make_user(Role.CURATOR))
    data = await gql_ok(
        client, STUDENTS, {"filter": {"groupId": encode_global_id("Group", group.id)}}, headers
    )
    assert data["students"]["totalCount"] == 1
    node = data["students"]["edges"][0]["node"]
    assert node["studentId"] == "2024001" and node["group"] == {"name": "IELTS-A1"}


async def test_node_and_nodes_respect_visibility(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    student = await make_user(Role.STUDENT)
    other = await make_user(Role.STUDENT)
    teacher = await make_user(Role.TEACHER)
    query = """query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on User { username } } }"""
    ids = [
        encode_global_id("Student", student.id),
        encode_global_id("Student", other.id),
        encode_global_id("Staff", student.id),  # wrong type for that row
        "not-an-id",
        encode_global_id("Student", 99999),
    ]
    as_student = await gql_ok(client, query, {"ids": ids}, await login_headers(student))
    assert as_student["nodes"] == [
        {"__typename": "Student", "username": student.username},
        None,
        None,
        None,
        None,
    ]
    as_teacher = await gql_ok(client, query, {"ids": ids}, await login_headers(teacher))
    assert [n and n["username"] for n in as_teacher["nodes"]] == [
        student.username,
        other.username,
        None,
        None,
        None,
    ]
    anonymous = await gql_ok(client, query, {"ids": ids[:1]})
    assert anonymous["nodes"] == [None]


async def test_user_create_happy_path_and_every_error(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    headers = await login_headers(await make_user(Role.ADMIN))
    group = await make_group(services)
    inactive = await make_group(services, "Old", active=False)
    ok = await gql_ok(
        client,
        CREATE,
        {
            "input": {
                "username": "student001",
                "password": "qwerty123",
                "role": "STUDENT",
                "email": "s1@example.com",
                "groupId": encode_global_id("Group", group.id),
            }
        },
        headers,
    )
    assert ok["userCreate"]["userErrors"] == []
    assert ok["userCreate"]["user"]["group"] == {"name": "IELTS-A1"}

    bad = await gql_ok(
        client,
        CREATE,
        {
            "input": {
                "username": "abc",
                "password": "short",
                "email": "not-an-email",
                "groupId": encode_global_id("Group", inactive.id),
            }
        },
        headers,
    )
    errors = {(e["field"], e["code"]) for e in bad["userCreate"]["userErrors"]}
    assert errors == {
        ("username", "TOO_SHORT"),
        ("password", "TOO_SHORT"),
        ("email", "INVALID"),
        ("groupId", "DOES_NOT_EXIST"),
    }
    assert bad["userCreate"]["user"] is None

    taken = await gql_ok(
        client,
        CREATE,
        {"input": {"username": "student001", "password": "qwerty123", "email": "S1@EXAMPLE.COM"}},
        headers,
    )
    assert {(e["field"], e["code"]) for e in taken["userCreate"]["userErrors"]} == {
        ("username", "UNIQUE"),
        ("email", "UNIQUE"),
    }
    messages = {e["message"] for e in taken["userCreate"]["userErrors"]}
    assert "A user with that username already exists." in messages


async def test_user_create_needs_admin(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    headers = await login_headers(await make_user(Role.TEACHER))
    result = await post_graphql(
        client, CREATE, {"input": {"username": "newperson", "password": "qwerty123"}}, headers
    )
    assert error_codes(result) == ["FORBIDDEN"]


async def test_user_update_self_and_admin(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    student = await make_user(Role.STUDENT)
    other = await make_user(Role.STUDENT)
    headers = await login_headers(student)
    sid = encode_global_id("Student", student.id)
    mine = await gql_ok(client, UPDATE, {"input": {"id": sid, "firstName": "Jasur"}}, headers)
    assert mine["userUpdate"]["user"]["firstName"] == "Jasur"
    role = await gql_ok(client, UPDATE, {"input": {"id": sid, "role": "ADMIN"}}, headers)
    assert role["userUpdate"]["userErrors"][0]["code"] == "FORBIDDEN_FIELD"
    theirs = await gql_ok(
        client,
        UPDATE,
        {"input": {"id": encode_global_id("Student", other.id), "firstName": "X"}},
        headers,
    )
    assert theirs["userUpdate"]["userErrors"][0]["code"] == "NOT_FOUND"
    admin_headers = await login_headers(await make_user(Role.ADMIN))
    by_admin = await gql_ok(
        client, UPDATE, {"input": {"id": sid, "username": other.username}}, admin_headers
    )
    assert by_admin["userUpdate"]["userErrors"][0]["code"] == "UNIQUE"


async def test_user_delete(client: httpx.AsyncClient, make_user: Any, login_headers: Any) -> None:
    admin = await make_user(Role.ADMIN)
    victim = await make_user(Role.STUDENT)
    headers = await login_headers(admin)
    vid = encode_global_id("Student", victim.id)
    done = await gql_ok(client, DELETE, {"id": vid}, headers)
    assert done["userDelete"] == {"deletedUserId": vid, "userErrors": []}
    again = await gql_ok(client, DELETE, {"id": vid}, headers)
    assert again["userDelete"]["userErrors"][0]["code"] == "NOT_FOUND"
    me = await gql_ok(client, DELETE, {"id": encode_global_id("Staff", admin.id)}, headers)
    assert me["userDelete"]["userErrors"][0]["code"] == "SELF"
