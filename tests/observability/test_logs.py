"""One JSON line per request, with its request id and who asked; secrets never written."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest

from models.people import Role
from observability.logging import JSONFormatter, TextFormatter, redact

ACCESS = "edugraph.access"


def lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    formatter = JSONFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == ACCESS]


async def test_one_line_per_request_with_id_principal_route_status_and_time(
    client: httpx.AsyncClient,
    make_user: Any,
    login_headers: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    admin = await make_user(Role.ADMIN)
    headers = await login_headers(admin)
    caplog.set_level(logging.INFO, logger=ACCESS)
    # when: one request brings its own id, one does not
    mine = await client.post(
        "/graphql",
        json={"query": "query Me { viewer { username } }"},
        headers={**headers, "X-Request-ID": "frontend-42.7"},
    )
    made = await client.get("/api/v1/subjects/3/", headers=headers)
    # then: each answer carries its id
    assert mine.headers["x-request-id"] == "frontend-42.7"
    assert len(made.headers["x-request-id"]) == 32
    first, second = lines(caplog)
    assert first["request_id"] == "frontend-42.7"
    assert first["principal"] == f"user:{admin.id}"
    assert (first["method"], first["route"], first["status"]) == ("POST", "/graphql", 200)
    assert first["operation"] == "Me" and first["ms"] > 0 and first["sql"] >= 1
    assert second["request_id"] == made.headers["x-request-id"]
    assert second["route"] == "/api/v1/subjects/{subject_id:int}/"
    assert second["path"] == "/api/v1/subjects/3/" and second["status"] == 404
    assert second["level"] == "INFO" and second["logger"] == ACCESS and "time" in second


async def test_a_forged_request_id_is_replaced(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS)
    for forged in ("a" * 129, 'x" injected="1', "two words", "ünïcode".encode().decode("latin-1")):
        response = await client.get(
            "/healthz", headers=[(b"x-request-id", forged.encode("latin-1"))]
        )
        assert response.headers["x-request-id"] != forged
    assert all(len(line["request_id"]) == 32 for line in lines(caplog))


async def test_keys_and_tokens_in_query_strings_and_messages_are_redacted(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS)
    key = "egk_abcdef0123456789abcdef"
    await client.get(f"/api/v1/tasks?api_key={key}&page=2&token=t0ps3cret")
    (line,) = lines(caplog)
    written = json.dumps(line)
    assert key not in written and "t0ps3cret" not in written
    assert line["query"] == "api_key=[REDACTED]&page=2&token=[REDACTED]"

    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
    for text in (
        f"Authorization: Bearer {jwt}",
        f"refused {jwt} at login",
        f"X-API-Key {key}",
        'body {"password": "hunter2hunter2", "username": "ali"}',
        "url /x?api_key=abc123&a=1",
    ):
        cleaned = redact(text)
        for secret in (jwt, key, "hunter2hunter2", "abc123"):
            assert secret not in cleaned, cleaned
    assert redact('{"username": "ali"}') == '{"username": "ali"}'


def test_exceptions_and_text_lines_are_redacted_too() -> None:
    logger = logging.getLogger("edugraph.test")
    try:
        raise RuntimeError("token=abc.def.ghi rejected")
    except RuntimeError:
        record = logger.makeRecord(
            "edugraph.test", logging.ERROR, __file__, 1, "failed for %s", ("Bearer abc",), None
        )
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(JSONFormatter().format(record))
    assert line["message"] == "failed for Bearer [REDACTED]"
    assert "abc.def.ghi" not in line["exception"]
    record.exc_info = None
    record.exc_text = None
    assert TextFormatter().format(record) == "ERROR edugraph.test: failed for Bearer [REDACTED]"
