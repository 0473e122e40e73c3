"""GraphiQL, Swagger UI and ReDoc work with the network off: each page is loaded in headless
Chromium whose every name but the server's own resolves to nothing, and must render (GraphiQL
runs a query); every request the pages make goes to the server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from tests.serving import serving

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real server on the embedded SQLite database, as `bin/serve` starts it."""
    cwd = tmp_path_factory.mktemp("pages")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "OTEL_"))}
    env.update({"APP_ENV": "development", "RUN_WORKER": "false"})
    with serving(cwd, env) as base:
        yield base


class Page:
    """One tab of headless Chromium, driven over the DevTools protocol."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.next_id = 0
        self.requested: dict[str, str] = {}  # request id: url
        self.blocked: set[str] = set()  # request ids the page's own policy stopped
        self.failed: list[str] = []
        self.errors: list[str] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=30))
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return dict(message.get("result", {}))
            self._event(message)

    def _event(self, message: dict[str, Any]) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requested[params["requestId"]] = params["request"]["url"]
        elif method == "Network.loadingFailed":
            if params.get("blockedReason") == "csp":
                self.blocked.add(params["requestId"])
            else:
                self.failed.append(f"{params.get('errorText')} {params.get('requestId')}")
        elif method == "Runtime.exceptionThrown":
            self.errors.append(json.dumps(params["exceptionDetails"])[:500])

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, seconds: float = 30) -> Any:
        deadline = time.monotonic() + seconds
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            assert time.monotonic() < deadline, (expression, self.errors, self.failed)
            time.sleep(0.2)

    def open(self, url: str) -> None:
        self.requested.clear()
        self.call("Page.navigate", url=url)


@pytest.fixture(scope="module")
def browser() -> Iterator[Page]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "bin/test installs Debian's chromium"
    profile = tempfile.mkdtemp(prefix="edugraph-chromium-")
    process = subprocess.Popen(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            # the network is off: every name resolves to nothing, the loopback address excepted
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        active = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (active.exists() and active.read_text().count("\n") >= 1):
            assert process.poll() is None and time.monotonic() < deadline, "chromium did not start"
            time.sleep(0.1)
        port = active.read_text().splitlines()[0]
        targets = httpx.get(f"http://127.0.0.1:{port}/json/list").json()
        url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        with connect(url, max_size=None) as socket:
            page = Page(socket)
            page.call("Network.enable")
            page.call("Runtime.enable")
            page.call("Page.enable")
            yield page
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(profile, ignore_errors=True)


def only_local(page: Page, base: str) -> None:
    """Nothing left the machine: every request went to the server, or was stopped by the
    page's own Content-Security-Policy before it was sent."""
    time.sleep(0.5)  # let late events (images) arrive
    page.evaluate("1")
    outside = [
        url
        for request_id, url in page.requested.items()
        if not url.startswith((base, "data:", "blob:", "about:")) and request_id not in page.blocked
    ]
    assert outside == [], outside
    assert page.errors == [], page.errors


def test_graphiql_loads_from_the_server_and_runs_a_query(server: str, browser: Page) -> None:
    browser.open(f"{server}/graphql#query=%7B%20__typename%20%7D")
    browser.wait_for("!!document.querySelector('.graphiql-execute-button')")
    browser.evaluate("document.querySelector('.graphiql-execute-button').click()")
    result = browser.wait_for(
        "(() => { const r = document.querySelector('.result-window');"
        " return r && r.innerText.includes('Query') ? r.innerText : ''; })()"
    )
    assert '"__typename": "Query"' in result
    # its links lead to the REST dialects' documentation
    links = browser.evaluate("[...document.querySelectorAll('nav a')].map(a => a.pathname)")
    assert {"/docs", "/docs/academy", "/redoc/academy", "/docs/ielts-batch"} <= set(links)
    only_local(browser, server)


@pytest.mark.parametrize("path", ["/docs/academy", "/swdoc/", "/docs/ielts-batch"])
def test_swagger_ui_renders_each_dialects_document(server: str, browser: Page, path: str) -> None:
    browser.open(f"{server}{path}")
    title = browser.wait_for("(document.querySelector('.swagger-ui .title') || {}).innerText")
    operations = browser.wait_for("document.querySelectorAll('.opblock').length")
    if "ielts" in path:
        assert "IELTS" in title and operations == 3
    else:
        assert "Learning center" in title and operations > 50
    only_local(browser, server)


@pytest.mark.parametrize("path", ["/redoc/academy", "/redoc/"])
def test_redoc_renders(server: str, browser: Page, path: str) -> None:
    browser.open(f"{server}{path}")
    heading = browser.wait_for("(document.querySelector('.api-content h1') || {}).innerText")
    assert "Learning center" in heading
    assert browser.wait_for("document.querySelectorAll('[data-section-id]').length") > 20
    only_local(browser, server)


def test_index_lists_every_dialect(server: str, browser: Page) -> None:
    browser.open(f"{server}/docs")
    rows = browser.wait_for("document.querySelectorAll('main tr').length")
    assert rows == 3  # a header and two dialects
    only_local(browser, server)
