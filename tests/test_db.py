"""Pooled PostgreSQL connections that were lost (a restarted database, a dropped idle link):
reads find a new connection by themselves, and a connection that sat idle is checked before
anything is written on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
import pytest_asyncio
from sqlalchemy import func, make_url, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from models.db import create_engine, create_sessionmaker, read_rows, read_session, write_session
from models.people import Role, User
from resolvers.context import Services
from resolvers.loaders import Loaders

# The pools these tests cut carry this name, so that only their connections are ended.
APPLICATION = "edugraph-test-cut"


@pytest_asyncio.fixture
async def own_engine(services: Services) -> AsyncIterator[Any]:
    """A pool of this test's own, so that cutting its connections leaves the other tests'."""
    if services.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no connections to lose: it is a file in this process")
    engines: list[AsyncEngine] = []

    def make(**options: Any) -> Any:
        engine = create_engine(
            services.settings.database_url,
            connect_args={"server_settings": {"application_name": APPLICATION}},
            **options,
        )
        engines.append(engine)
        return engine, create_sessionmaker(engine)

    yield make
    for engine in engines:
        await engine.dispose()


async def cut_connections(services: Services) -> int:
    """Ends the server processes of the tests' own pools, as a restart would."""
    url = make_url(services.settings.database_url).set(drivername="postgresql")
    conn = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        ended = await conn.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND application_name = $1",
            APPLICATION,
        )
    finally:
        await conn.close()
    return int(ended)


async def test_reads_run_again_on_a_new_connection_when_theirs_was_lost(
    services: Services, own_engine: Any, make_user: Any
) -> None:
    await make_user(Role.STUDENT, username="student0001", email="s1@example.com")
    _, sessionmaker = own_engine(ping_after_idle=3600)
    count = select(func.count()).select_from(User)
    for _ in range(2):  # the pool now holds connections in recent use: none will be pinged
        async with read_session(sessionmaker) as session:
            assert await session.scalar(count) == 1
    assert await cut_connections(services) >= 1

    async with read_session(sessionmaker) as session:
        assert await session.scalar(count) == 1
    await cut_connections(services)
    async with read_session(sessionmaker) as session:
        assert [u.username for u in (await session.scalars(select(User))).all()] == ["student0001"]
    await cut_connections(services)
    async with read_session(sessionmaker) as session:
        assert (await read_rows(session, select(User.username))) == [("student0001",)]
    # the loaders read the same way
    await cut_connections(services)
    found = await Loaders(sessionmaker).student_by_email.load("s1@example.com")
    assert found is not None and found.username == "student0001"


async def test_an_idle_connection_is_checked_before_it_is_used(
    services: Services, own_engine: Any
) -> None:
    # Writes are not run twice: a connection that sat idle longer than the limit is pinged at
    # checkout and replaced when lost, so the write meets a live one.
    _, sessionmaker = own_engine(ping_after_idle=0)
    async with write_session(sessionmaker) as session:
        session.add(User(username="before", role=Role.TEACHER.value))
    assert await cut_connections(services) >= 1
    async with write_session(sessionmaker) as session:
        session.add(User(username="after", role=Role.TEACHER.value))
    async with read_session(sessionmaker) as session:
        names = (await session.scalars(select(User.username).order_by(User.id))).all()
    assert names == ["before", "after"]


async def test_a_write_on_a_connection_lost_while_in_use_fails_without_a_trace(
    services: Services, own_engine: Any
) -> None:
    # Without the idle check the lost connection reaches the write, which fails (it is not
    # retried: it might have been half done) and leaves nothing behind; the next one works.
    _, sessionmaker = own_engine(ping_after_idle=3600)
    async with write_session(sessionmaker) as session:
        session.add(User(username="before", role=Role.TEACHER.value))
    await cut_connections(services)
    with pytest.raises(DBAPIError):
        async with write_session(sessionmaker) as session:
            session.add(User(username="lost", role=Role.TEACHER.value))
    async with write_session(sessionmaker) as session:
        session.add(User(username="after", role=Role.TEACHER.value))
    async with read_session(sessionmaker) as session:
        names = (await session.scalars(select(User.username).order_by(User.id))).all()
    assert names == ["before", "after"]
