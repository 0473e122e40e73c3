"""The planned path over HTTP: what it plans, what it declines (and counts), and that it can
be switched off."""

from __future__ import annotations

from typing import Any

import httpx

from models.people import Role
from server import create_app
from tests.graphql import error_codes, gql_ok, post_graphql

STUDENTS = """
query Students($first: Int!, $withGroup: Boolean!) {
  all: students(first: $first) {
    edges { node { ...Person group @include(if: $withGroup) { name } } }
  }
}
fragment Person on User { __typename username ... on Student { studentId } }
"""


def planner_of(app: Any) -> Any:
    return app.state.graphql.planner


async def test_queries_run_on_the_planned_path(
    app: Any, client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    headers = await login_headers(await make_user(Role.CURATOR))
    await make_user(Role.STUDENT, username="student0001", code="2024001")
    before = planner_of(app).stats["planned"]
    data = await gql_ok(client, STUDENTS, {"first": 5, "withGroup": False}, headers)
    assert data == {
        "all": {
            "edges": [
                {
                    "node": {
                        "__typename": "Student",
                        "username": "student0001",
                        "studentId": "2024001",
                    }
                }
            ]
        }
    }
    assert planner_of(app).stats["planned"] == before + 1


async def test_mutations_and_bad_variables_are_declined_and_counted(
    app: Any, client: httpx.AsyncClient
) -> None:
    stats = planner_of(app).stats
    await post_graphql(client, 'mutation { tokenRevoke(input: {refreshToken: "x"}) { revoked } }')
    assert stats["declined: mutation"] == 1
    result = await post_graphql(client, STUDENTS, {"first": "many", "withGroup": True})
    assert error_codes(result) == ["BAD_USER_INPUT"]
    assert stats["declined: variable coercion failed"] == 1


async def test_errors_null_the_nearest_nullable_parent(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    headers = await login_headers(await make_user(Role.TEACHER))
    # users is non-null and forbidden to teachers: the whole data becomes null
    result = await post_graphql(
        client, "{ viewer { username } users { totalCount } }", headers=headers
    )
    assert result["data"] is None and error_codes(result) == ["FORBIDDEN"]
    assert result["errors"][0]["path"] == ["users"]


async def test_the_planner_can_be_switched_off(services: Any) -> None:
    app = create_app(services.settings.with_overrides(graphql_planner=False), services)
    assert planner_of(app) is None
