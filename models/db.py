"""Engine and session factory for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import orjson
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SessionMaker = async_sessionmaker[AsyncSession]
T = TypeVar("T")

# A pooled PostgreSQL connection left unused for longer than this is checked (one round trip)
# before it is handed out again. One in steady use is not: checking every checkout (SQLAlchemy's
# pool_pre_ping, three round trips with asyncpg outside a transaction) cost a small request a
# fifth of its time. A connection lost since its last use (a restarted database) fails its
# statement instead, which reads then run once more on a new connection (ReadSession).
PING_AFTER_IDLE_SECONDS = 10.0


def create_engine(
    url: str, *, ping_after_idle: float = PING_AFTER_IDLE_SECONDS, **kwargs: Any
) -> AsyncEngine:
    # JSON columns are read with orjson: several times faster than the standard library, and
    # large reads (hundreds of students' results) read many of them.
    kwargs.setdefault("json_deserializer", orjson.loads)
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 10)
    engine = create_async_engine(url, **kwargs)
    _ping_idle_connections(engine, ping_after_idle)
    return engine


def _ping_idle_connections(engine: AsyncEngine, idle_seconds: float) -> None:
    pool = engine.sync_engine.pool
    dialect = engine.sync_engine.dialect

    @event.listens_for(pool, "checkin")
    def _on_checkin(dbapi_connection: Any, record: Any) -> None:
        if dbapi_connection is not None:
            record.info["idle_since"] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        # `info` starts empty for every new connection: a fresh one is not pinged.
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < idle_seconds:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as exc:
            # The pool throws this connection away and hands out a new one.
            raise DisconnectionError("an idle connection was lost") from exc


async def _read_once_more(session: AsyncSession, call: Callable[[], Awaitable[T]]) -> T:
    """`call()`, and once more on a new connection when its connection was found lost."""
    try:
        return await call()
    except DBAPIError as exc:
        if not exc.connection_invalidated:
            raise
        await session.rollback()
        return await call()


class ReadSession(AsyncSession):
    """A session that only reads (on PostgreSQL without a transaction). A statement whose
    connection turns out to be lost runs once more on a new connection: a read has nothing to
    undo."""

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        return await _read_once_more(
            self, lambda: super(ReadSession, self).execute(*args, **kwargs)
        )

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        return await _read_once_more(self, lambda: super(ReadSession, self).scalar(*args, **kwargs))

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        return await _read_once_more(self, lambda: super(ReadSession, self).get(*args, **kwargs))


async def read_rows(
    session: AsyncSession, stmt: Any, params: dict[str, Any] | None = None
) -> Sequence[Any]:
    """The rows of a column select, run on the session's connection (Core: the ORM's entity
    loading adds nothing to plain columns and costs microseconds a row), once more on a new
    connection when the first was found lost."""

    async def run() -> Sequence[Any]:
        connection = await session.connection()
        return (await connection.execute(stmt, params)).all()

    return await _read_once_more(session, run)


def _configure_sqlite(engine: AsyncEngine) -> None:
    """WAL, foreign keys, and transactions that take the write lock up front when they write.

    pysqlite's own transaction handling is turned off so that a writing unit of work can start
    with BEGIN IMMEDIATE: a deferred transaction that later wants to write fails at once with
    "database is locked" instead of waiting its turn.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("writes") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def create_sessionmaker(engine: AsyncEngine) -> SessionMaker:
    sessionmaker = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
    # On PostgreSQL reads run without BEGIN/ROLLBACK: each loader batch is one statement,
    # and the two extra round trips cost more than the statement itself. (SQLite has no round
    # trips to save.)
    reads = engine
    if engine.dialect.name == "postgresql":
        reads = engine.execution_options(isolation_level="AUTOCOMMIT")
    sessionmaker.reads = async_sessionmaker(  # type: ignore[attr-defined]
        reads, class_=ReadSession, expire_on_commit=False, autoflush=False
    )
    return sessionmaker


@asynccontextmanager
async def write_session(sessionmaker: SessionMaker) -> AsyncIterator[AsyncSession]:
    """One unit of work that writes: commits on success, rolls back on any error."""
    async with sessionmaker() as session:
        await session.connection(execution_options={"writes": True})
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


@asynccontextmanager
async def read_session(sessionmaker: SessionMaker) -> AsyncIterator[AsyncSession]:
    """A short-lived session for reads (no transaction: each statement stands alone)."""
    async with getattr(sessionmaker, "reads", sessionmaker)() as session:
        yield session
