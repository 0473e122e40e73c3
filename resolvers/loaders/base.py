"""Generic loaders. Each batch opens its own short-lived session: aiodataloader runs every batch
as its own task, and one AsyncSession must never be used by two tasks at once."""

from __future__ import annotations

import asyncio
import functools
from collections import defaultdict
from collections.abc import Coroutine, Hashable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from aiodataloader import DataLoader
from sqlalchemy import Select, any_, bindparam, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import InstrumentedAttribute

from models.db import SessionMaker, read_rows, read_session

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# Keeps each IN (...) list well inside every backend's bound-parameter limit.
MAX_BATCH = 2000


class BaseLoader(DataLoader[K, V], Generic[K, V]):
    max_batch_size = MAX_BATCH

    def __init__(self, sessionmaker: SessionMaker) -> None:
        super().__init__()
        self.sessionmaker = sessionmaker

    @property
    def dialect(self) -> str:
        """The database's dialect name ("postgresql", "sqlite"), for statements that differ."""
        return str(self.sessionmaker.kw["bind"].dialect.name)

    def load_many(self, keys: Iterable[K]) -> Coroutine[Any, Any, list[V]]:  # type: ignore[override]
        """The values of `keys`, as aiodataloader's load_many (the keys are queued at once),
        without its gather: keys asked for together are dispatched together, so once the
        first future is done the rest usually are too, and a planned level of 500 parents
        costs 500 callbacks less."""
        return _collect([self.load(key) for key in keys])

    async def rows(self, stmt: Select[Any], params: dict[str, Any] | None = None) -> Sequence[Any]:
        """Rows of a column select, run on the connection (Core): the ORM's entity loading
        adds nothing to plain columns and costs microseconds a row."""
        async with read_session(self.sessionmaker) as session:
            return await read_rows(session, stmt, params)

    async def scalars(
        self, stmt: Select[Any], params: dict[str, Any] | None = None
    ) -> Sequence[Any]:
        async with read_session(self.sessionmaker) as session:
            return (await session.scalars(stmt, params)).all()

    async def entities(
        self, stmt: Select[Any], params: dict[str, Any] | None = None
    ) -> Sequence[Any]:
        """Rows of ORM objects, for a select of several entities."""
        async with read_session(self.sessionmaker) as session:
            return (await session.execute(stmt, params)).all()


async def _collect(futures: list[asyncio.Future[V]]) -> list[V]:
    values: list[V] = []
    try:
        for future in futures:
            values.append(await future)
    except BaseException:
        # As gather does: every other failure counts as seen, not "never retrieved".
        for future in futures:
            if future.done():
                _ = future.cancelled() or future.exception()
            else:
                future.add_done_callback(_observe)
        raise
    return values


def _observe(future: asyncio.Future[Any]) -> None:
    _ = future.cancelled() or future.exception()


def one_of(column: Any, name: str, dialect: str) -> Any:
    """`column` is one of the values in the list parameter `name`. On PostgreSQL that is
    `= ANY(:name)` with one array parameter: the statement's text is the same for lists of any
    length, so it is prepared once, and nothing is rendered per call (an expanded IN of 500
    values took a millisecond to render, and each new length was a new prepared statement).
    Other backends get an expanding IN."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=postgresql.ARRAY(column.type)))
    return column.in_(bindparam(name, expanding=True))


@functools.cache
def by_id_statement(model: Any, dialect: str) -> Select[Any]:
    """Rows of `model` whose id is in the list `ids`. Built once: SQLAlchemy keeps a built
    statement's cache key, which otherwise is worked out again for every batch."""
    return select(model).where(one_of(model.id, "ids", dialect))


class ByIdLoader(BaseLoader[int, V | None]):
    """Rows of `model` by primary key; None for a missing key."""

    model: Any

    async def batch_load_fn(self, keys: Sequence[int]) -> list[V | None]:
        stmt = by_id_statement(self.model, self.dialect)
        found = await self.scalars(stmt, {"ids": list(set(keys))})
        by_id = {row.id: row for row in found}
        return [by_id.get(k) for k in keys]


class ByForeignKeyLoader(BaseLoader[K, list[V]]):
    """All rows of `model` whose `column` equals the key, ordered by `order_by`; [] for none."""

    model: Any
    column: InstrumentedAttribute[Any]
    order_by: tuple[Any, ...] = ()

    def statement(self, keys: Sequence[K]) -> Select[Any]:
        # Read the mapped column through the class: through an instance, SQLAlchemy's
        # descriptor treats the loader as a mapped object and raises.
        column = type(self).column
        stmt = select(self.model).where(column.in_(set(keys)))
        return stmt.order_by(*(self.order_by or (self.model.id,)))

    async def batch_load_fn(self, keys: Sequence[K]) -> list[list[V]]:
        grouped: dict[Any, list[V]] = defaultdict(list)
        attr = type(self).column.key
        for row in await self.scalars(self.statement(keys)):
            grouped[getattr(row, attr)].append(row)
        return [grouped.get(k, []) for k in keys]
