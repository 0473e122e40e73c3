"""Helpers for GraphQL tests: post a document, insist on no errors, read userErrors."""

from __future__ import annotations

from typing import Any

import httpx


async def post_graphql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"query": query}
    if variables is not None:
        body["variables"] = variables
    response = await client.post("/graphql", json=body, headers=headers or {})
    assert response.status_code == 200, response.text
    return dict(response.json())


def assert_no_errors(result: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in result, result["errors"]
    return dict(result["data"])


def error_codes(result: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in result.get("errors", [])]


def user_errors(result: dict[str, Any], mutation: str) -> list[dict[str, Any]]:
    data = assert_no_errors(result)
    return list(data[mutation]["userErrors"])


async def gql_ok(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    return assert_no_errors(await post_graphql(client, query, variables, headers))


async def post_refused(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> str:
    """Post with a credential the server refuses: 401, UNAUTHENTICATED, nothing ran. Returns
    the message."""
    body: dict[str, Any] = {"query": query}
    if variables is not None:
        body["variables"] = variables
    response = await client.post("/graphql", json=body, headers=headers or {})
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    result = response.json()
    assert "data" not in result and error_codes(result) == ["UNAUTHENTICATED"]
    return str(result["errors"][0]["message"])
