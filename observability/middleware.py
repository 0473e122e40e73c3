"""The outermost middleware: a request id, the request's record, its metrics and its log line.

- `X-Request-ID` is taken from the request when it is sane (1-128 of `A-Za-z0-9._:-`), made
  otherwise, and echoed on the response;
- the route is the template that matched (`/api/v1/exams/{id}/`), or `unmatched`, so metrics
  have one series per endpoint, not one per id;
- one log line per request on `edugraph.access`: request id, method, route, path and query
  (redacted), status, milliseconds, principal id, SQL statements, GraphQL operation.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from observability import metrics, requests
from observability.logging import redact_query

access_log = logging.getLogger("edugraph.access")

UNMATCHED = "unmatched"


def route_template(scope: Scope) -> str:
    """The template of the innermost route the router matched (Starlette keeps it in scope)."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if not isinstance(path, str):
        return UNMATCHED
    if getattr(route, "routes", None) is not None or type(route).__name__ == "Mount":
        # a mount that served the request itself (static files): its prefix
        return (path or "/").rstrip("/") + "/{path}" if path else UNMATCHED
    return path


class ObservabilityMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = None
        for name, value in scope.get("headers", ()):
            if name == b"x-request-id":
                header = value.decode("latin-1")
                break
        record = requests.RequestRecord(
            request_id=requests.request_id_from(header),
            method=scope["method"],
            path=scope.get("path", ""),
        )
        id_header = (b"x-request-id", record.request_id.encode())
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), id_header]
            await send(message)

        token = requests.begin(record)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            record.route = route_template(scope)
            metrics.request_finished(
                record.method, record.route, status, seconds, record.statements
            )
            fields: dict[str, Any] = {
                "request_id": record.request_id,
                "method": record.method,
                "route": record.route,
                "path": record.path,
                "status": status,
                "ms": round(seconds * 1000, 2),
                "principal": record.principal,
                "sql": record.statements,
            }
            query = scope.get("query_string", b"").decode("latin-1")
            if query:
                fields["query"] = redact_query(query)
            if record.operation is not None:
                fields["operation"] = record.operation
            access_log.info("request", extra={"fields": fields})
            requests.end(token)
