"""Test harness: every database test runs on SQLite and on PostgreSQL.

- `backend` (session, parametrised): a fresh database per run, migrated with Alembic, dropped
  afterwards; tables are emptied before each test.
- `services`, `app`, `client`: the real ASGI app over httpx.
- `make_user`, `login_headers`: people and credentials without the cost of argon2 per test.
- `count_statements`: SQL statements issued inside a block (SQLAlchemy events).
- `firebase`: the Firebase Auth emulator, started once per run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio
from sqlalchemy import event, text

import migrations
import models
from auth import tokens
from auth.passwords import hash_password
from models.db import write_session
from models.people import AuthSession, Role, User
from resolvers.context import Services
from server import build_services, create_app
from settings import Settings
from tests.firebase_emulator import FirebaseEmulator, start_emulator

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
PASSWORD = "password123"
_PASSWORD_HASH = hash_password(PASSWORD)


# ---------------------------------------------------------------------------------------------
# clock


@dataclass
class FakeClock:
    """A clock tests move by hand; services read it through `services.clock`."""

    now: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now

    def set(self, value: datetime) -> None:
        self.now = value


# ---------------------------------------------------------------------------------------------
# databases


@dataclass
class Backend:
    name: str
    url: str


async def _create_pg_database() -> tuple[str, str]:
    name = f"edugraph_test_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    return name, f"{base}/{name}"


async def _drop_pg_database(name: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest_asyncio.fixture(scope="session", params=["sqlite", "postgresql"])
async def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Backend]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "test.sqlite3"
        url = f"sqlite+aiosqlite:///{path}"
        await asyncio.to_thread(migrations.upgrade, url)
        yield Backend("sqlite", url)
        return
    name, url = await _create_pg_database()
    try:
        await asyncio.to_thread(migrations.upgrade, url)
        yield Backend("postgresql", url)
    finally:
        await _drop_pg_database(name)


# ---------------------------------------------------------------------------------------------
# firebase


@pytest.fixture(scope="session")
def firebase(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FirebaseEmulator]:
    emulator = start_emulator(tmp_path_factory.mktemp("firebase"))
    try:
        yield emulator
    finally:
        emulator.stop()


# ---------------------------------------------------------------------------------------------
# the app


def make_settings(url: str, tmp: Path, firebase: FirebaseEmulator) -> Settings:
    return Settings(
        app_env="test",
        database_url=url,
        jwt_secret="test-secret-" + "x" * 40,
        firebase_project_id=firebase.project_id,
        firebase_auth_emulator_host=firebase.host,
        media_root=tmp / "media",
        run_worker=False,
    )


@pytest_asyncio.fixture(scope="session")
async def services(
    backend: Backend, firebase: FirebaseEmulator, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Services]:
    settings = make_settings(backend.url, tmp_path_factory.mktemp("app"), firebase)
    built = build_services(settings)
    built.clock = FakeClock()
    try:
        yield built
    finally:
        await built.engine.dispose()


TABLES_IN_DELETE_ORDER: list[str] = [t.name for t in reversed(models.Base.metadata.sorted_tables)]


@pytest_asyncio.fixture(autouse=True)
async def _empty_tables(request: pytest.FixtureRequest) -> None:
    """Tests that use the database start from empty tables and a fresh clock."""
    if "services" not in request.fixturenames:
        return
    services: Services = request.getfixturevalue("services")
    services.clock = FakeClock()
    async with services.engine.begin() as conn:
        if services.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t}"' for t in TABLES_IN_DELETE_ORDER)
            await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            await conn.execute(text("PRAGMA defer_foreign_keys=ON"))
            for table in TABLES_IN_DELETE_ORDER:
                await conn.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
def clock(services: Services) -> FakeClock:
    assert isinstance(services.clock, FakeClock)
    return services.clock


@pytest.fixture
def app(services: Services) -> Any:
    return create_app(services.settings, services)


@pytest_asyncio.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


# ---------------------------------------------------------------------------------------------
# people and credentials


@pytest.fixture
def make_user(services: Services) -> Any:
    counter = iter(range(1, 1_000_000))

    async def make(role: Role | str = Role.STUDENT, **fields: Any) -> User:
        n = next(counter)
        role_value = role.value if isinstance(role, Role) else role
        values: dict[str, Any] = {
            "username": f"{role_value.lower()}{n:04d}",
            "password_hash": _PASSWORD_HASH,
            "role": role_value,
            "first_name": f"First{n}",
            "last_name": f"Last{n}",
        }
        values.update(fields)
        async with write_session(services.sessionmaker) as session:
            user = User(**values)
            session.add(user)
        return user

    return make


@pytest.fixture
def login_headers(services: Services) -> Any:
    """Authorization headers for a user, as a fresh log-in would give (without argon2)."""

    async def headers(user: User) -> dict[str, str]:
        now = services.clock()
        async with write_session(services.sessionmaker) as session:
            login = AuthSession(user_id=user.id, created_at=now)
            session.add(login)
            await session.flush()
            session_id = login.id
        access = tokens.issue(
            services.tokens,
            token_type="access",
            user_id=user.id,
            role=user.role,
            session_id=session_id,
            now=now,
        )
        return {"Authorization": f"Bearer {access.token}"}

    return headers


# ---------------------------------------------------------------------------------------------
# statement counting

_IGNORED_PREFIXES = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE", "SELECT 1")


class StatementCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_statements(services: Services) -> Any:
    @contextlib.contextmanager
    def counting() -> Iterator[StatementCounter]:
        counter = StatementCounter()

        def on_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if not statement.lstrip().upper().startswith(_IGNORED_PREFIXES):
                counter.statements.append(statement)

        target = services.engine.sync_engine
        event.listen(target, "before_cursor_execute", on_execute)
        try:
            yield counter
        finally:
            event.remove(target, "before_cursor_execute", on_execute)

    return counting
