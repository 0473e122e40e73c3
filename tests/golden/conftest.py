"""Fixtures of the golden scenarios: a frozen clock and a recorder per test (each test ends
with `golden.check()`, so a changed response fails the test itself)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest_asyncio

from tests.conftest import Backend
from tests.golden.recorder import Golden, frozen

# A Monday, 10:30 in Tashkent: inside the scenario groups' lesson time.
T0 = datetime(2026, 3, 2, 5, 30, tzinfo=UTC)


@pytest_asyncio.fixture
async def golden(
    request: Any, client: httpx.AsyncClient, clock: Any, backend: Backend
) -> AsyncIterator[tuple[Golden, Any]]:
    # One file per backend: SQLite reuses the ids of deleted rows, PostgreSQL does not.
    name = request.node.originalname.removeprefix("test_")
    recorder = Golden(f"{name}.{backend.name}", client)
    with frozen(clock, T0) as shift:
        yield recorder, shift
