"""Traces: off unless an OTLP endpoint is set (and then nothing of OpenTelemetry is loaded);
on, a real server process exports its spans to a local OTLP/HTTP receiver."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from tests.serving import serving

ROOT = Path(__file__).resolve().parents[2]

OFF = """
import sys
from settings import Settings
from server import create_app
from observability import tracing
from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
app = create_app(Settings.from_env())
graphql = app.state.graphql
print(tracing.active is None)
print(any(m.cls is OpenTelemetryMiddleware for m in app.user_middleware))
print([getattr(e, "__name__", type(e).__name__) for e in graphql.schema.extensions])
print("opentelemetry.sdk.trace" in sys.modules)
"""


def test_off_means_no_tracer_no_middleware_no_extension(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", OFF],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT), "MEDIA_ROOT": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    no_tracer, otel_middleware, extensions, sdk_loaded = result.stdout.splitlines()
    assert no_tracer == "True" and otel_middleware == "False"
    assert "OpenTelemetry" not in extensions and "Extension" not in extensions
    assert sdk_loaded == "False"


class Receiver:
    """A local OTLP/HTTP endpoint: keeps every span it is sent."""

    def __init__(self) -> None:
        self.spans: list[tuple[str, dict[str, str]]] = []
        spans = self.spans

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                request = ExportTraceServiceRequest()
                request.ParseFromString(body)
                for resource in request.resource_spans:
                    for scope in resource.scope_spans:
                        for span in scope.spans:
                            attributes = {
                                a.key: a.value.string_value or str(a.value.int_value)
                                for a in span.attributes
                            }
                            spans.append((span.name, attributes))
                self.send_response(200)
                self.send_header("content-type", "application/x-protobuf")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def names(self) -> list[str]:
        return [name for name, _ in self.spans]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()
    r.server.server_close()


@pytest.mark.slow
def test_on_exports_asgi_sql_and_graphql_spans(receiver: Receiver, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "DATABASE_URL"))}
    env.update(
        {
            "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url,
            "OTEL_BSP_SCHEDULE_DELAY": "100",
            "OTEL_SERVICE_NAME": "edugraph-test",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "RUN_WORKER": "false",
        }
    )
    with serving(tmp_path, env) as base:
        # an ordinary operation (a mutation) and a planned one (a query)
        login = (
            'mutation LogIn { tokenCreate(input: {username: "nobody", password: "x"}) '
            "{ accessToken } }"
        )
        assert httpx.post(f"{base}/graphql", json={"query": login}).status_code == 200
        query = "query Ping { viewer { username } }"
        assert httpx.post(f"{base}/graphql", json={"query": query}).status_code == 200
        deadline = time.monotonic() + 30
        while not (
            "GraphQL Query: LogIn" in receiver.names()
            and "GraphQL Query: Ping (planned)" in receiver.names()
            and any(a.get("db.system") or a.get("db.system.name") for _, a in receiver.spans)
        ):
            assert time.monotonic() < deadline, "\n".join(map(str, receiver.spans))
            time.sleep(0.2)
    names = receiver.names()
    assert any(n.startswith("POST /graphql") or n == "POST" for n in names), names
    sql = [a for _, a in receiver.spans if a.get("db.system") or a.get("db.system.name")]
    assert any("SELECT" in (a.get("db.statement") or a.get("db.query.text") or "") for a in sql)
    # a mutation is never planned, so it has no planned span
    assert "GraphQL Query: LogIn (planned)" not in names
