"""The request in flight: one record per HTTP request, in a context variable.

Tasks started during the request (dataloader batches) copy the context, so they see the same
record and what they count (SQL statements) adds up on it.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from auth.principal import Principal

# What we accept as a caller's request id: short, printable, no separators that could forge a
# log line or a header.
_GOOD_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


@dataclass
class RequestRecord:
    request_id: str
    method: str
    path: str
    route: str = ""
    principal: str = "anonymous"
    statements: int = 0
    operation: str | None = None


_current: ContextVar[RequestRecord | None] = ContextVar("edugraph_request", default=None)


def current() -> RequestRecord | None:
    return _current.get()


def begin(record: RequestRecord) -> object:
    return _current.set(record)


def end(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


def request_id_from(header: str | None) -> str:
    """The caller's X-Request-ID when it is sane, else a new one."""
    if header and _GOOD_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def describe(principal: Principal) -> str:
    """Who asked, for logs: an id, never a credential."""
    if principal.auth_error is not None:
        return "refused"
    if principal.kind == "api_key":
        return f"api_key:{principal.api_key_id}"
    if principal.kind == "user":
        if principal.user_id is not None:
            return f"user:{principal.user_id}"
        return f"firebase:{principal.firebase_uid}"
    return "anonymous"


def note_principal(principal: Principal) -> None:
    """Called where a request's principal is settled (the AppContext of a request)."""
    record = _current.get()
    if record is not None:
        record.principal = describe(principal)


def note_operation(name: str) -> None:
    record = _current.get()
    if record is not None:
        record.operation = name


def count_statement() -> None:
    record = _current.get()
    if record is not None:
        record.statements += 1
