"""A stand-in for the Telegram Bot API: a real HTTP server on a free port, in a thread.

It answers `POST /bot<token>/sendMessage` as Telegram does, records every request and every
message it accepted, and misbehaves on demand: fail the next requests, refuse a chat for
good, hold a request until the test releases it (then answer it, or drop it unanswered as if
it never arrived), or answer slowly.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "123456:TEST-token"


@dataclass
class Hold:
    """The next request waits at the door until `release()`."""

    arrived: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    deliver: bool = True

    def release(self, *, deliver: bool) -> None:
        self.deliver = deliver
        self.released.set()


class FakeTelegram:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        self.failures: deque[tuple[int, str, dict[str, Any] | None]] = deque()
        self.refused_chats: dict[Any, tuple[int, str]] = {}
        self.holds: deque[Hold] = deque()
        self.delay = 0.0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeTelegram:
        self.thread.start()
        return self

    def stop(self) -> None:
        for hold in list(self.holds):
            hold.release(deliver=False)
        self.server.shutdown()
        self.server.server_close()

    # -- what the test asks for --------------------------------------------------------------

    def fail_next(
        self, times: int, status: int = 500, description: str = "Internal Server Error"
    ) -> None:
        with self.lock:
            for _ in range(times):
                self.failures.append((status, description, None))

    def rate_limit_next(self, retry_after: int) -> None:
        with self.lock:
            self.failures.append(
                (429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
            )

    def refuse_chat(
        self, chat_id: Any, status: int = 400, description: str = "Bad Request: chat not found"
    ) -> None:
        with self.lock:
            self.refused_chats[chat_id] = (status, description)

    def hold_next(self) -> Hold:
        hold = Hold()
        with self.lock:
            self.holds.append(hold)
        return hold

    def sent_to(self, chat_id: Any) -> list[str]:
        with self.lock:
            return [m["text"] for m in self.sent if m["chat_id"] == chat_id]

    # -- the server --------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if self.path != f"/bot{fake.token}/sendMessage":
                    self._answer(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                body = json.loads(raw or b"{}")
                with fake.lock:
                    fake.requests.append(body)
                    hold = fake.holds.popleft() if fake.holds else None
                if hold is not None:
                    hold.arrived.set()
                    hold.released.wait(30)
                    if not hold.deliver:
                        # Lost on the way: never processed, never answered.
                        self.close_connection = True
                        return
                if fake.delay:
                    threading.Event().wait(fake.delay)
                with fake.lock:
                    refused = fake.refused_chats.get(body.get("chat_id"))
                    failure = fake.failures.popleft() if fake.failures and not refused else None
                    if refused is None and failure is None:
                        fake.sent.append({"chat_id": body.get("chat_id"), "text": body["text"]})
                if refused is not None or failure is not None:
                    status, description, parameters = (
                        (*refused, None) if refused is not None else failure  # type: ignore[misc]
                    )
                    answer: dict[str, Any] = {
                        "ok": False,
                        "error_code": status,
                        "description": description,
                    }
                    if parameters:
                        answer["parameters"] = parameters
                    self._answer(status, answer)
                    return
                self._answer(
                    200,
                    {
                        "ok": True,
                        "result": {
                            "message_id": len(fake.sent),
                            "chat": {"id": body.get("chat_id")},
                            "text": body["text"],
                        },
                    },
                )

        return Handler
