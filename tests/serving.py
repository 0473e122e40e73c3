"""A real server process, started as users start it (`server.py serve`), for tests that talk to
it over real HTTP (the GraphQL-over-HTTP audit, headless Chromium, an OTLP receiver)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.firebase_emulator import free_port

SERVER = str(Path(__file__).resolve().parent.parent / "server.py")


@contextlib.contextmanager
def serving(cwd: Path, env: dict[str, str]) -> Iterator[str]:
    """Serve from `cwd` with `env` on a free port; yields the base URL once /healthz answers,
    and stops the server after. Its output goes to `cwd/server.log`."""
    port = free_port()
    log_path = cwd / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, SERVER, "serve", "--port", str(port)],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, log_path.read_text()
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)
