"""GraphQL over HTTP: methods, media types, limits, masking, introspection, GraphiQL."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from models.people import Role
from resolvers import people as people_resolvers
from resolvers.context import Services
from schema import build_schema
from schema.limits import DocumentChecker
from server import create_app
from settings import GraphQLLimits

GRAPHQL_RESPONSE = "application/graphql-response+json"


@pytest_asyncio.fixture
async def limited(services: Services) -> AsyncIterator[httpx.AsyncClient]:
    limits = GraphQLLimits(
        max_depth=4, max_aliases=2, max_directives=2, max_tokens=60, max_body_bytes=3000
    )
    app = create_app(services.settings.with_overrides(limits=limits), services)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


@pytest_asyncio.fixture
async def production(services: Services) -> AsyncIterator[httpx.AsyncClient]:
    settings = services.settings.with_overrides(app_env="production", graphiql=False)
    app = create_app(settings, services)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


async def test_get_runs_queries_but_not_mutations(client: httpx.AsyncClient) -> None:
    ok = await client.get("/graphql", params={"query": "{ viewer { id } }"})
    assert ok.status_code == 200 and ok.json() == {"data": {"viewer": None}}
    mutation = await client.get(
        "/graphql",
        params={"query": 'mutation { tokenRevoke(input: {refreshToken: "x"}) { revoked } }'},
        headers={"accept": GRAPHQL_RESPONSE},
    )
    assert mutation.status_code == 405 and mutation.headers["allow"] == "POST"


async def test_media_types_are_negotiated(client: httpx.AsyncClient) -> None:
    body = {"query": "{ __typename }"}
    plain = await client.post("/graphql", json=body)
    assert plain.headers["content-type"].startswith("application/json")
    modern = await client.post("/graphql", json=body, headers={"accept": GRAPHQL_RESPONSE})
    assert modern.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    refused = await client.post("/graphql", json=body, headers={"accept": "text/xml"})
    assert refused.status_code == 406


async def test_request_errors_use_4xx_with_graphql_response_json(
    client: httpx.AsyncClient,
) -> None:
    invalid = {"query": "{ nosuchfield }"}
    legacy = await client.post("/graphql", json=invalid)
    assert legacy.status_code == 200 and "data" not in legacy.json()
    modern = await client.post("/graphql", json=invalid, headers={"accept": GRAPHQL_RESPONSE})
    assert modern.status_code == 400 and "data" not in modern.json()
    assert modern.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("content", "headers", "status"),
    [
        (b"{not json", {"content-type": "application/json"}, 400),
        (b'{"query": 1}', {"content-type": "application/json"}, 400),
        (b'[{"query": "{ __typename }"}]', {"content-type": "application/json"}, 400),
        (
            b'{"query": "{ __typename }", "variables": "x"}',
            {"content-type": "application/json"},
            400,
        ),
        (b'{"query": "{ __typename }"}', {"content-type": "text/plain"}, 415),
        (b'{"query": "{ __typename }"}', {}, 415),
    ],
)
async def test_bad_requests_never_500(
    client: httpx.AsyncClient, content: bytes, headers: dict[str, str], status: int
) -> None:
    response = await client.post("/graphql", content=content, headers=headers)
    assert response.status_code == status
    assert response.json()["errors"][0]["message"]


async def test_unknown_enum_and_wrong_variable_types_are_bad_input(
    client: httpx.AsyncClient,
) -> None:
    query = "query($f: UserFilter) { users(filter: $f) { totalCount } }"
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": {"f": {"role": "WIZARD"}}},
        headers={"accept": GRAPHQL_RESPONSE},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_body_over_the_limit_is_refused_before_parsing(
    limited: httpx.AsyncClient,
) -> None:
    big = "{ viewer { id } } # " + "x" * 4000
    response = await limited.post("/graphql", json={"query": big})
    assert response.status_code == 413


async def test_depth_limit_counts_through_fragments(limited: httpx.AsyncClient) -> None:
    deep = """{ students { edges { node { group { teacher { id } } } } } }"""
    via_fragment = """
      query { students { ...S } }
      fragment S on StudentConnection { edges { node { group { teacher { id } } } } }
    """
    for query in (deep, via_fragment):
        response = await limited.post("/graphql", json={"query": query})
        assert "exceeds maximum operation depth" in response.json()["errors"][0]["message"]


async def test_alias_limit_counts_fragment_spreads(limited: httpx.AsyncClient) -> None:
    query = """
      query { ...A ...A }
      fragment A on Query { a: viewer { id } b: viewer { id } }
    """
    response = await limited.post("/graphql", json={"query": query})
    assert response.json()["errors"][0]["message"] == "4 aliases found. Allowed: 2."


async def test_directive_limit(limited: httpx.AsyncClient) -> None:
    query = "{ viewer @include(if: true) @skip(if: false) { id @include(if: true) } }"
    response = await limited.post("/graphql", json={"query": query})
    assert response.json()["errors"][0]["message"] == "3 directives found. Allowed: 2."


async def test_token_limit(limited: httpx.AsyncClient) -> None:
    query = "{ " + " ".join(["viewer { id }"] * 20) + " }"
    response = await limited.post("/graphql", json={"query": query})
    assert "more than 60 tokens" in response.json()["errors"][0]["message"]


async def test_internal_errors_are_masked(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(ctx: Any) -> Any:
        raise RuntimeError("SELECT secret FROM user -- internal detail")

    monkeypatch.setattr(people_resolvers, "get_viewer", broken)
    with caplog.at_level(logging.ERROR):
        response = await client.post("/graphql", json={"query": "{ viewer { id } }"})
    error = response.json()["errors"][0]
    assert error["message"] == "Internal server error."
    assert error["extensions"] == {"code": "INTERNAL"}
    assert "secret" not in response.text
    assert any("unexpected error" in r.message for r in caplog.records)


async def test_rejected_queries_are_logged_briefly_not_as_errors(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="edugraph.graphql"):
        await client.post("/graphql", json={"query": "{ nosuchfield_" + "y" * 500 + " }"})
    records = [r for r in caplog.records if r.name == "edugraph.graphql"]
    assert len(records) == 1 and records[0].levelno == logging.INFO
    assert len(records[0].getMessage()) < 300


async def test_production_hides_suggestions_and_introspection(
    production: httpx.AsyncClient, client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    typo = {"query": "{ studentz { totalCount } }"}
    dev = (await client.post("/graphql", json=typo)).json()
    assert "Did you mean" in dev["errors"][0]["message"]
    prod = (await production.post("/graphql", json=typo)).json()
    assert "Did you mean" not in prod["errors"][0]["message"]

    introspection = {"query": "{ __schema { queryType { name } } }"}
    assert "errors" not in (await client.post("/graphql", json=introspection)).json()
    teacher = await login_headers(await make_user(Role.TEACHER))
    refused = await production.post("/graphql", json=introspection, headers=teacher)
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    admin = await login_headers(await make_user(Role.ADMIN))
    allowed = await production.post("/graphql", json=introspection, headers=admin)
    assert allowed.json()["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_graphiql_in_development_only(
    client: httpx.AsyncClient, production: httpx.AsyncClient
) -> None:
    page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    hidden = await production.get("/graphql", headers={"accept": "text/html"})
    assert hidden.status_code == 400
    assert not hidden.headers["content-type"].startswith("text/html")


def test_parsed_documents_are_cached() -> None:
    schema = build_schema()
    checker = DocumentChecker(schema._schema, GraphQLLimits(), hide_suggestions=False)
    first = checker.check("{ viewer { id } }")
    second = checker.check("{ viewer { id } }")
    assert first is second and first.document is not None and first.errors == []
