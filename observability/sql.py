"""SQL statements per request: one listener on the engine adds each statement to the record of
the request in flight (transaction control left out, as the statement-count tests count)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from observability import requests

_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def _on_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
    if requests.current() is not None and not statement.lstrip()[:9].upper().startswith(
        _TRANSACTION_CONTROL
    ):
        requests.count_statement()


def count_statements(engine: AsyncEngine) -> None:
    """Listen once per engine (several apps may share one, as the tests' do)."""
    target = engine.sync_engine
    if not event.contains(target, "before_cursor_execute", _on_execute):
        event.listen(target, "before_cursor_execute", _on_execute)
