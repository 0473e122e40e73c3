"""`/metrics`: what an operator's Prometheus reads, and who may read it."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from models.db import write_session
from models.people import Role
from observability import metrics
from resolvers import outbox
from resolvers.context import Services
from server import create_app
from tests.graphql import gql_ok, post_graphql

STUDENTS = "query Roster { students(first: 50) { totalCount nodes { username } } }"


async def scrape(
    client: httpx.AsyncClient, **headers: str
) -> dict[tuple[str, frozenset[Any]], float]:
    response = await client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: dict[tuple[str, frozenset[Any]], float], name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_requests_latency_statements_and_operations_are_counted(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, count_statements: Any
) -> None:
    # given
    headers = await login_headers(await make_user(Role.ADMIN))
    for _ in range(3):
        await make_user(Role.STUDENT)
    before = await scrape(client)
    # when: two named GraphQL queries, a REST list, and a REST path that does not exist
    with count_statements() as counted:
        await gql_ok(client, STUDENTS, headers=headers)
    await gql_ok(client, STUDENTS, headers=headers)
    assert (await client.get("/api/v1/subjects/", headers=headers)).status_code == 200
    assert (await client.get("/api/v1/subjects/7/", headers=headers)).status_code == 404
    assert (await client.get("/no/such/page")).status_code == 404
    after = await scrape(client)

    # then: requests by route template and status, never by raw path
    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    requests = "edugraph_http_requests_total"
    assert delta(requests, method="POST", route="/graphql", status="200") == 2
    assert delta(requests, method="GET", route="/api/v1/subjects/", status="200") == 1
    assert (
        delta(requests, method="GET", route="/api/v1/subjects/{subject_id:int}/", status="404") == 1
    )
    assert delta(requests, method="GET", route="unmatched", status="404") == 1
    assert not any("/7/" in str(labels) for (_, labels) in after)
    # latency histograms
    latency = "edugraph_http_request_duration_seconds"
    assert delta(f"{latency}_count", method="POST", route="/graphql") == 2
    assert delta(f"{latency}_sum", method="POST", route="/graphql") > 0
    # SQL statements per request: the same count the statement-count tests see
    statements = "edugraph_sql_statements_per_request"
    assert delta(f"{statements}_count", route="/graphql") == 2
    assert delta(f"{statements}_sum", route="/graphql") == 2 * counted.count
    # GraphQL operations by name
    operations = "edugraph_graphql_operations_total"
    assert delta(operations, type="query", operation="Roster") == 2


async def test_planner_declines_rate_limit_refusals_and_outbox_backlog_are_shown(
    client: httpx.AsyncClient, services: Services
) -> None:
    before = await scrape(client)
    # mutations are left to strawberry's ordinary execution: a decline with its reason
    await gql_ok(client, 'mutation { tokenRevoke(input: {refreshToken: "x"}) { revoked } }')
    # the login throttle (or any limit) counts its refusals through this call
    metrics.rate_limit_refused("login")
    # two messages waiting, the older due for a minute; one failed for good
    now = services.clock()
    async with write_session(services.sessionmaker) as session:
        outbox.enqueue(session, "telegram", {"n": 1}, now - timedelta(seconds=60))
        outbox.enqueue(session, "telegram", {"n": 2}, now)
        failed = outbox.enqueue(session, "telegram", {"n": 3}, now)
        failed.failed_at = now
        failed.last_error = "Forbidden: bot was blocked by the user"
    after = await scrape(client)

    declines = "edugraph_graphql_planner_declines_total"
    assert (
        value(after, declines, reason="mutation") - value(before, declines, reason="mutation") == 1
    )
    refusals = "edugraph_rate_limit_refusals_total"
    assert value(after, refusals, kind="login") - value(before, refusals, kind="login") == 1
    assert value(after, "edugraph_outbox_pending", kind="telegram") == 2
    assert value(after, "edugraph_outbox_failed", kind="telegram") == 1
    # lag is measured against the real clock, so it is at least the minute the row waited
    assert value(after, "edugraph_outbox_lag_seconds", kind="telegram") >= 60
    # and the process's own figures come along (memory, for the soak's "flat" check)
    assert value(after, "process_resident_memory_bytes") > 0


async def test_metrics_are_open_in_development_and_guarded_in_production(
    services: Services,
) -> None:
    async def status(settings_changes: dict[str, Any], **headers: str) -> int:
        settings = services.settings.with_overrides(**settings_changes)
        app = create_app(settings, dataclasses.replace(services, settings=settings))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return (await client.get("/metrics", headers=headers)).status_code

    token = "m" * 32
    assert await status({"app_env": "development"}) == 200
    assert await status({"app_env": "production"}) == 404
    production = {"app_env": "production", "metrics_token": token}
    assert await status(production) == 401
    assert await status(production, authorization="Bearer wrong-token-of-some-length") == 401
    assert await status(production, authorization=f"Bearer {token}") == 200


async def test_operation_names_are_bounded(client: httpx.AsyncClient) -> None:
    seen = {
        metrics.graphql_operation("query", f"Op{i}") for i in range(metrics.MAX_OPERATION_NAMES + 5)
    }
    assert "other" in seen and len(seen) <= metrics.MAX_OPERATION_NAMES + 1
    assert metrics.graphql_operation("query", None) == "(anonymous)"
    result = await post_graphql(client, "query Op0 { __typename }")
    assert result == {"data": {"__typename": "Query"}}
