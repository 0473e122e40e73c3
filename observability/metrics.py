"""Prometheus metrics, and the small API other modules call to count.

    from observability import metrics
    metrics.rate_limit_refused("login")       # a request refused by a rate limit
    metrics.planner_declined("introspection")  # the planned executor left one to strawberry

Every function here is cheap (a dict lookup and an increment) and safe to call from anywhere,
in a server process or not. Labels stay bounded: routes are templates (`/api/v1/exams/{id}/`),
never raw paths; GraphQL operation names past the first `MAX_OPERATION_NAMES` count as `other`.

`GET /metrics` renders them (the process's own, or every process's when
`PROMETHEUS_MULTIPROC_DIR` is set, as prometheus-client's multiprocess mode has it), after
reading the outbox's backlog from the database: open in development, behind
`Authorization: Bearer <METRICS_TOKEN>` when that is set, and off (404) in production without it.
"""

from __future__ import annotations

import hmac
import os
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response

if TYPE_CHECKING:
    from resolvers.context import Services

# `*_created` series (a timestamp per label set) double the output and tell a monitor nothing.
disable_created_metrics()

REQUESTS = Counter(
    "edugraph_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "edugraph_http_request_duration_seconds",
    "Time from the request's arrival to the end of its response, by route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
STATEMENTS = Histogram(
    "edugraph_sql_statements_per_request",
    "SQL statements one request ran (transaction control left out), by route template.",
    ["route"],
    buckets=(0, 1, 2, 3, 4, 6, 8, 12, 16, 25, 50, 100),
)
OPERATIONS = Counter(
    "edugraph_graphql_operations",
    "GraphQL operations run, by type and operation name (`(anonymous)` when unnamed).",
    ["type", "operation"],
)
PLANNER_DECLINES = Counter(
    "edugraph_graphql_planner_declines",
    "Query operations the planned executor left to strawberry's ordinary execution, by reason.",
    ["reason"],
)
RATE_LIMIT_REFUSALS = Counter(
    "edugraph_rate_limit_refusals",
    "Requests refused by a rate limit, by kind of limit.",
    ["kind"],
)
OUTBOX_PENDING = Gauge(
    "edugraph_outbox_pending",
    "Outbox rows neither delivered nor failed, by kind (read from the database).",
    ["kind"],
    multiprocess_mode="max",
)
OUTBOX_RETRYING = Gauge(
    "edugraph_outbox_retrying",
    "Pending outbox rows whose last attempt failed, by kind.",
    ["kind"],
    multiprocess_mode="max",
)
OUTBOX_FAILED = Gauge(
    "edugraph_outbox_failed",
    "Outbox rows given up for good after their last attempt, by kind.",
    ["kind"],
    multiprocess_mode="max",
)
OUTBOX_LAG = Gauge(
    "edugraph_outbox_lag_seconds",
    "How long the longest-waiting due outbox row has been due, by kind (0 when none).",
    ["kind"],
    multiprocess_mode="max",
)

MAX_OPERATION_NAMES = 200
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
_operation_names: set[str] = set()


def rate_limit_refused(kind: str) -> None:
    """Count one request refused by the rate limit `kind` (e.g. "login")."""
    RATE_LIMIT_REFUSALS.labels(kind).inc()


def planner_declined(reason: str) -> None:
    PLANNER_DECLINES.labels(reason).inc()


def graphql_operation(operation_type: str, name: str | None) -> str:
    """Count one GraphQL operation; returns the label it was counted under."""
    if not name:
        label = "(anonymous)"
    elif not _NAME.fullmatch(name):
        label = "(invalid)"
    elif name in _operation_names or len(_operation_names) < MAX_OPERATION_NAMES:
        _operation_names.add(name)
        label = name
    else:
        label = "other"
    OPERATIONS.labels(operation_type, label).inc()
    return label


def request_finished(method: str, route: str, status: int, seconds: float, statements: int) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(seconds)
    STATEMENTS.labels(route).observe(statements)


async def _read_outbox(services: Services) -> None:
    from resolvers import outbox

    now = datetime.now(UTC)
    for kind, backlog in (await outbox.backlog(services.sessionmaker, now)).items():
        OUTBOX_PENDING.labels(kind).set(backlog.pending)
        OUTBOX_RETRYING.labels(kind).set(backlog.retrying)
        OUTBOX_FAILED.labels(kind).set(backlog.failed)
        OUTBOX_LAG.labels(kind).set(backlog.lag_seconds)


def render() -> bytes:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=directory)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def endpoint(services: Services) -> Callable[[Request], Awaitable[Response]]:
    """The `/metrics` endpoint for these services (see the module's docstring for access)."""
    settings = services.settings
    token = settings.metrics_token

    async def metrics(request: Request) -> Response:
        if token is None and settings.production:
            return Response("Not found.", status_code=404, media_type="text/plain")
        if token is not None:
            sent = request.headers.get("authorization", "")
            if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
                return Response(
                    "Send Authorization: Bearer <METRICS_TOKEN>.",
                    status_code=401,
                    media_type="text/plain",
                    headers={"WWW-Authenticate": "Bearer"},
                )
        await _read_outbox(services)
        return Response(render(), media_type=CONTENT_TYPE_LATEST)

    return metrics
