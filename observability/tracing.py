"""OpenTelemetry traces: on only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set.

Then each request is a server span (ASGI), with a span per SQL statement (SQLAlchemy) and per
GraphQL operation and resolver (strawberry's extension; the planned executor's operations get
one span each), exported in batches over OTLP/HTTP to `$OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces`.
The standard `OTEL_*` variables (`OTEL_SERVICE_NAME`, `OTEL_EXPORTER_OTLP_HEADERS`, ...) apply.

Off, nothing of OpenTelemetry is imported, no middleware is added and no extension runs: the
cost is one `if` per planned operation.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.middleware import Middleware

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.trace import Tracer


@dataclass
class Tracing:
    provider: TracerProvider
    tracer: Tracer

    def middleware(self) -> Middleware:
        """The ASGI middleware that opens each request's server span."""
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

        # receive/send spans would add two spans per body chunk: the request's span is enough
        return Middleware(
            OpenTelemetryMiddleware,
            tracer_provider=self.provider,
            exclude_spans=["receive", "send"],
        )

    def instrument_engine(self, engine: AsyncEngine) -> None:
        from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

        # The instrumentation declares SQLAlchemy < 2.1 and otherwise does nothing; its event
        # hooks work on 2.1 unchanged (tests/observability/test_tracing.py checks the spans).
        SQLAlchemyInstrumentor().instrument(
            engine=engine.sync_engine, tracer_provider=self.provider, skip_dep_check=True
        )

    def graphql_extension(self) -> Any:
        """strawberry's OpenTelemetry extension, bound to this provider."""
        from strawberry.extensions.tracing import OpenTelemetryExtension

        provider = self.provider

        class Extension(OpenTelemetryExtension):
            def __init__(self, **kwargs: Any) -> None:
                super().__init__(tracer_provider=provider, **kwargs)

        return Extension

    def shutdown(self) -> None:
        self.provider.shutdown()


def configure(endpoint: str | None) -> Tracing | None:
    """A tracer provider exporting to the OTLP/HTTP endpoint, or None (tracing off)."""
    if not endpoint:
        return None
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    # OTEL_SERVICE_NAME (read by the SDK) names the service when it is set
    named = os.environ.get("OTEL_SERVICE_NAME")
    resource = Resource.create({} if named else {"service.name": "edugraph"})
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    global active
    active = Tracing(provider=provider, tracer=provider.get_tracer("edugraph"))
    return active


# The process's tracing, set by the app that turned it on (one per process in production).
active: Tracing | None = None


@contextlib.contextmanager
def span(name: str) -> Iterator[None]:
    """A span around a block when tracing is on (and `name` is not empty); nothing otherwise."""
    if active is None or not name:
        yield
        return
    with active.tracer.start_as_current_span(name):
        yield
