"""Log lines: JSON (one object a line) or plain text, with secrets redacted.

Every line carries the request id of the request it was written in, if any. The one line per
request (`edugraph.access`) is written by the middleware. Whatever a line holds, its message
and fields pass through `redact`: bearer tokens, JWTs, API keys and the values of query
parameters and fields with secret-sounding names (`api_key`, `token`, `password`, ...) are
replaced by `[REDACTED]`.
"""

from __future__ import annotations

import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

import orjson

from observability import requests

REDACTED = "[REDACTED]"
SECRET_NAMES = re.compile(
    r"api[_-]?key|token|password|passwd|secret|authorization|signature|refresh|access|session",
    re.IGNORECASE,
)
_SECRETS_IN_TEXT = [
    # Authorization: Bearer <anything>
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+"), r"\1 " + REDACTED),
    # name=value and "name": "value" pairs whose name sounds secret
    (
        re.compile(
            r"(?i)\b([A-Za-z_-]*(?:api[_-]?key|token|password|secret)[A-Za-z_-]*)"
            r"(\"?\s*[=:]\s*\"?)([^\s&\"',;]+)"
        ),
        r"\1\2" + REDACTED,
    ),
    # a JWT anywhere (three base64url parts, the first one a JSON header)
    (re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), REDACTED),
    # the server's own API keys
    (re.compile(r"\begk_[A-Za-z0-9_-]{8,}"), REDACTED),
]


def redact(text: str) -> str:
    for pattern, replacement in _SECRETS_IN_TEXT:
        text = pattern.sub(replacement, text)
    return text


def redact_query(query: str) -> str:
    """A query string with the values of secret-sounding parameters replaced."""
    if not query:
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode(
        [(k, REDACTED if SECRET_NAMES.search(k) else redact(v)) for k, v in pairs], safe="[]"
    )


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        current = requests.current()
        if current is not None:
            line["request_id"] = current.request_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update({k: redact(v) if isinstance(v, str) else v for k, v in fields.items()})
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        return orjson.dumps(line, default=str).decode()


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = redact(super().format(record))
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            text += " " + " ".join(f"{k}={redact(str(v))}" for k, v in fields.items())
        current = requests.current()
        if current is not None and not (isinstance(fields, dict) and "request_id" in fields):
            text += f" request_id={current.request_id}"
        return text


_HANDLER_NAME = "edugraph"


def configure(log_format: str = "json", level: str = "INFO") -> None:
    """Send every log record to stderr in `log_format` ("json" or "text"); idempotent."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(JSONFormatter() if log_format == "json" else TextFormatter())
    root.addHandler(handler)
    root.setLevel(level.upper())
    # uvicorn's own lines go through ours too (its access log is replaced by ours).
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
