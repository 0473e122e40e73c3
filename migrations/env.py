"""Alembic environment: async engines, batch mode so ALTERs also work on SQLite."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

import models
from models.base import Scaled, UTCDateTime
from models.db import create_engine

config = context.config
target_metadata = models.Base.metadata


def _database_url() -> str:
    url = config.attributes.get("database_url")
    if url:
        return str(url)
    from settings import Settings

    return Settings.from_env().database_url


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Migrations name the storage type, not our Python-side wrappers of it."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, Scaled):
        return "sa.BigInteger()"
    return False


def _compare_type(
    ctx: Any, inspected: Any, metadata: Any, inspected_type: Any, metadata_type: Any
) -> bool | None:
    if isinstance(metadata_type, UTCDateTime | Scaled):
        return not isinstance(inspected_type, type(metadata_type.impl_instance))
    return None


def _configure(connection: Connection | None = None, url: str | None = None) -> None:
    context.configure(
        connection=connection,
        url=url,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=_compare_type,
        render_item=_render_item,
        literal_binds=connection is None,
    )


def run_offline() -> None:
    _configure(url=_database_url())
    with context.begin_transaction():
        context.run_migrations()


# Several server processes may start at once: on PostgreSQL one migrates while the rest wait.
MIGRATION_LOCK_ID = 4_711_004


def _run_sync(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_ID})")
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


async def run_online() -> None:
    engine = create_engine(_database_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_sync)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    asyncio.run(run_online())
