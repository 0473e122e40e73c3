"""API keys: shown once, stored hashed, scoped, revocable, last use recorded."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
from sqlalchemy import select

from models.db import read_session
from models.people import ApiKey, Role
from resolvers.context import Services
from tests.conftest import FakeClock
from tests.graphql import error_codes, gql_ok, post_graphql, post_refused

CREATE = """
mutation($name: String!, $scopes: [String!]!) {
  apiKeyCreate(input: {name: $name, scopes: $scopes}) {
    key apiKey { id name prefix scopes lastUsedAt revokedAt } userErrors { field code message }
  }
}
"""
REVOKE = """mutation($id: ID!) { apiKeyRevoke(input: {id: $id}) {
  apiKey { revokedAt } userErrors { code } } }"""
STUDENTS = "{ students(first: 5) { totalCount } }"
USERS = "{ users(first: 5) { totalCount } }"


async def create_key(client: httpx.AsyncClient, headers: dict[str, str], scopes: list[str]) -> Any:
    data = await gql_ok(client, CREATE, {"name": "reporting job", "scopes": scopes}, headers)
    return data["apiKeyCreate"]


async def test_key_is_shown_once_and_stored_only_as_a_hash(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    admin = await make_user(Role.ADMIN)
    created = await create_key(client, await login_headers(admin), ["students:read"])
    key = created["key"]
    assert created["userErrors"] == [] and key.startswith(created["apiKey"]["prefix"])
    async with read_session(services.sessionmaker) as session:
        row = await session.scalar(select(ApiKey))
    assert row is not None and row.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in (row.prefix, row.key_hash, row.name)


async def test_scope_allows_its_operation_only(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    admin = await make_user(Role.ADMIN)
    await make_user(Role.STUDENT)
    created = await create_key(client, await login_headers(admin), ["students:read"])
    headers = {"X-API-Key": created["key"]}
    assert (await gql_ok(client, STUDENTS, headers=headers))["students"]["totalCount"] == 1
    assert error_codes(await post_graphql(client, USERS, headers=headers)) == ["FORBIDDEN"]


async def test_revoked_key_is_refused_and_use_is_recorded(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, clock: FakeClock
) -> None:
    admin = await make_user(Role.ADMIN)
    admin_headers = await login_headers(admin)
    created = await create_key(client, admin_headers, ["students:read"])
    headers = {"X-API-Key": created["key"]}
    await gql_ok(client, STUDENTS, headers=headers)
    keys = await gql_ok(client, "{ apiKeys { lastUsedAt } }", headers=admin_headers)
    assert keys["apiKeys"][0]["lastUsedAt"] is not None

    revoked = await gql_ok(client, REVOKE, {"id": created["apiKey"]["id"]}, admin_headers)
    assert revoked["apiKeyRevoke"]["apiKey"]["revokedAt"] is not None
    assert await post_refused(client, STUDENTS, headers=headers) == "Invalid API key."


async def test_unknown_scopes_and_blank_name_are_user_errors(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    admin = await make_user(Role.ADMIN)
    data = await gql_ok(
        client, CREATE, {"name": " ", "scopes": ["everything"]}, await login_headers(admin)
    )
    errors = data["apiKeyCreate"]["userErrors"]
    assert {(e["field"], e["code"]) for e in errors} == {
        ("name", "REQUIRED"),
        ("scopes", "INVALID_CHOICE"),
    }
    assert data["apiKeyCreate"]["key"] is None


async def test_only_admins_create_keys(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    teacher = await make_user(Role.TEACHER)
    result = await post_graphql(
        client, CREATE, {"name": "x", "scopes": []}, await login_headers(teacher)
    )
    assert error_codes(result) == ["FORBIDDEN"]
    assert error_codes(await post_graphql(client, CREATE, {"name": "x", "scopes": []})) == [
        "UNAUTHENTICATED"
    ]


async def test_garbage_key_is_refused(client: httpx.AsyncClient) -> None:
    for key in ("nope", "egk_" + "a" * 40):
        assert await post_refused(client, STUDENTS, headers={"X-API-Key": key})
