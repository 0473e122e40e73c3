"""Migrations build the same tables the models declare, on both backends."""

from __future__ import annotations

import warnings
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

import models
from resolvers.context import Services


async def test_models_and_migrations_agree(services: Services) -> None:
    def diff(sync_conn: Any) -> list[Any]:
        context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
        with warnings.catch_warnings():
            # SQLAlchemy cannot reflect expression indexes; the next test checks that one.
            warnings.filterwarnings("ignore", message=".*expression-based index")
            return compare_metadata(context, models.Base.metadata)

    async with services.engine.connect() as conn:
        differences = await conn.run_sync(diff)
    # Expression indexes are not reflected by SQLAlchemy; everything else must match.
    assert [d for d in differences if "uq_user_email_lower" not in repr(d)] == []


async def test_case_insensitive_email_index_exists(services: Services) -> None:
    async with services.engine.connect() as conn:
        if services.engine.dialect.name == "postgresql":
            rows = await conn.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_user_email_lower'")
            )
        else:
            rows = await conn.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'uq_user_email_lower'")
            )
        definition = rows.scalar_one()
        tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
    normalised = definition.lower().replace("(email)::text", "email")
    assert "lower(email)" in normalised and "unique" in normalised
    assert {"user", "group", "subject", "api_key", "auth_session", "refresh_token"} <= set(tables)
