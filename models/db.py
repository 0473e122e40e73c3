"""Engine and session factory for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SessionMaker = async_sessionmaker[AsyncSession]


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    # JSON columns are read with orjson: several times faster than the standard library, and
    # large reads (hundreds of students' results) read many of them.
    kwargs.setdefault("json_deserializer", orjson.loads)
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 10)
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


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
    if engine.dialect.name != "postgresql":
        return sessionmaker
    # On PostgreSQL reads run without BEGIN/ROLLBACK: each loader batch is one statement,
    # and the two extra round trips cost more than the statement itself. (SQLite has no round
    # trips to save.)
    sessionmaker.reads = async_sessionmaker(  # type: ignore[attr-defined]
        engine.execution_options(isolation_level="AUTOCOMMIT"),
        expire_on_commit=False,
        autoflush=False,
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
