"""The real server, started as users start it, answering over real HTTP; and the
GraphQL-over-HTTP audit of graphql-http run against it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import Backend
from tests.firebase_emulator import node_tools_dir
from tests.serving import serving

ROOT = Path(__file__).resolve().parent.parent
SERVER = str(ROOT / "server.py")


def run_cli(env: dict[str, str], cwd: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, SERVER, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def server(backend: Backend, tmp_path: Path) -> Iterator[tuple[str, dict[str, str], Path]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "FIREBASE"))}
    env.update({"APP_ENV": "development", "MEDIA_ROOT": str(tmp_path / "media")})
    if backend.name == "postgresql":
        env["DATABASE_URL"] = backend.url
    # with SQLite, nothing is configured: the embedded default under ./var is what runs
    with serving(tmp_path, env) as base:
        yield base, env, tmp_path


def test_create_user_then_log_in_over_http_and_query(
    server: tuple[str, dict[str, str], Path],
) -> None:
    base, env, cwd = server
    username = f"owner{uuid.uuid4().hex[:6]}"
    run_cli(
        env,
        cwd,
        "create-user",
        "--username",
        username,
        "--password",
        "secret123",
        "--role",
        "owner",
        "--first-name",
        "John",
        "--last-name",
        "Doe",
    )
    if "DATABASE_URL" not in env:
        assert (cwd / "var" / "edugraph.sqlite3").exists()

    rest = httpx.post(f"{base}/api/v1/login/", json={"username": username, "password": "secret123"})
    assert rest.status_code == 200 and rest.json()["user"]["role"] == "owner"

    login = httpx.post(
        f"{base}/graphql",
        json={
            "query": """mutation($u: String!) {
        tokenCreate(input: {username: $u, password: "secret123"}) { accessToken } }""",
            "variables": {"u": username},
        },
    )
    for token in (
        rest.json()["tokens"]["access"],
        login.json()["data"]["tokenCreate"]["accessToken"],
    ):
        viewer = httpx.post(
            f"{base}/graphql",
            json={"query": "{ viewer { username fullName } }"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert viewer.json() == {"data": {"viewer": {"username": username, "fullName": "John Doe"}}}

    out = run_cli(env, cwd, "create-api-key", "--name", "reports", "--scope", "students:read")
    key = out.strip().splitlines()[-1]
    students = httpx.post(
        f"{base}/graphql", json={"query": "{ students { totalCount } }"}, headers={"X-API-Key": key}
    )
    assert "errors" not in students.json()


def test_graphql_over_http_audit_passes_every_must_and_should(
    server: tuple[str, dict[str, str], Path],
) -> None:
    base, _, _ = server
    tools = node_tools_dir()
    result = subprocess.run(
        [
            "node",
            str(ROOT / "tests" / "tools" / "graphql_http_audit.cjs"),
            str(tools),
            f"{base}/graphql",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    audits = json.loads(result.stdout)
    assert len(audits) > 50
    required = [a for a in audits if a["name"].startswith(("MUST", "SHOULD"))]
    failed = [f"{a['id']} {a['name']}: {a.get('reason')}" for a in required if a["status"] != "ok"]
    assert failed == []
