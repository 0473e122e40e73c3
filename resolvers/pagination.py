"""Keyset (cursor) pagination over any ordered select, shared by every connection and REST list.

A cursor carries the sort values and the id of a row, so pages stay stable while rows are added.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.sql import ColumnElement

from models.db import SessionMaker, read_session
from resolvers.errors import ValidationFailed

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class PageArgs:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


@dataclass(frozen=True)
class SortKey:
    """One ORDER BY term; `python_type` turns a cursor value back into a bind value."""

    column: ColumnElement[Any]
    descending: bool = False
    python_type: type = str


@dataclass
class Page(Generic[T]):
    rows: list[T]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    count: Callable[[], Awaitable[int]]

    @property
    def start_cursor(self) -> str | None:
        return self.cursors[0] if self.cursors else None

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _decode_value(value: Any, python_type: type) -> Any:
    if value is None:
        return None
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is time:
        return time.fromisoformat(value)
    return python_type(value)


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, keys: Sequence[SortKey], field: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != len(keys):
            raise ValueError
        return [_decode_value(v, k.python_type) for v, k in zip(values, keys, strict=True)]
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        raise ValidationFailed.single(field, "Invalid cursor.", "INVALID_CURSOR") from exc


def _after(keys: Sequence[SortKey], values: Sequence[Any]) -> ColumnElement[bool]:
    """Rows strictly after `values` in the order `keys` describe (mixed directions allowed)."""
    terms = []
    for i, key in enumerate(keys):
        equal = [keys[j].column == values[j] for j in range(i)]
        beyond = key.column < values[i] if key.descending else key.column > values[i]
        terms.append(and_(*equal, beyond))
    return or_(*terms)


def _before(keys: Sequence[SortKey], values: Sequence[Any]) -> ColumnElement[bool]:
    flipped = [SortKey(k.column, not k.descending, k.python_type) for k in keys]
    return _after(flipped, values)


def validate_page_args(args: PageArgs, max_size: int = MAX_PAGE_SIZE) -> None:
    if args.first is not None and args.last is not None:
        raise ValidationFailed.single("first", "Pass either first or last, not both.")
    for name in ("first", "last"):
        n = getattr(args, name)
        if n is not None and (n < 0 or n > max_size):
            raise ValidationFailed.single(
                name, f"Must be between 0 and {max_size}.", "PAGE_SIZE_OUT_OF_RANGE"
            )


async def paginate(
    sessionmaker: SessionMaker,
    stmt: Select[Any],
    keys: Sequence[SortKey],
    args: PageArgs,
    *,
    key_of: Callable[[Any], Sequence[Any]],
) -> Page[Any]:
    """`stmt` selects one entity and carries the filters; `keys` end with a unique column."""
    validate_page_args(args)
    backwards = args.last is not None and args.first is None
    size = args.last if backwards else (args.first if args.first is not None else DEFAULT_PAGE_SIZE)
    assert size is not None

    filtered = stmt
    if args.after:
        filtered = filtered.where(_after(keys, decode_cursor(args.after, keys, "after")))
    if args.before:
        filtered = filtered.where(_before(keys, decode_cursor(args.before, keys, "before")))
    order = [(k.column.asc() if k.descending == backwards else k.column.desc()) for k in keys]
    async with read_session(sessionmaker) as session:
        rows = list((await session.scalars(filtered.order_by(*order).limit(size + 1))).all())
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()

    async def count() -> int:
        async with read_session(sessionmaker) as session:
            total = await session.scalar(
                select(func.count()).select_from(stmt.order_by(None).subquery())
            )
        return int(total or 0)

    return Page(
        rows=rows,
        cursors=[encode_cursor(key_of(r)) for r in rows],
        has_next_page=more if not backwards else bool(args.before),
        has_previous_page=more if backwards else bool(args.after),
        count=count,
    )
