"""Attempts: starting one, its deadline on the server clock, one submission, finishing it.

Every function runs inside the caller's write transaction (`session`); the caller owns the
commit. `kind` is an `AttemptKind` value; times are UTC from the server's clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.attempts import Attempt, AttemptStatus
from resolvers.errors import Conflict


class AlreadySubmitted(Conflict):
    code = "ALREADY_SUBMITTED"
    default_message = "This attempt has already been submitted."


class DeadlinePassed(Conflict):
    code = "DEADLINE_PASSED"
    default_message = "The time for this attempt is up."


async def start_attempt(
    session: AsyncSession,
    *,
    kind: str,
    user_id: int,
    bank_id: int | None,
    now: datetime,
    time_limit: timedelta | None = None,
    source_system: str,
    meta: dict[str, Any] | None = None,
    diagnostic: bool = False,
) -> Attempt:
    """A new attempt in progress, with its deadline when it has a time limit."""
    attempt = Attempt(
        kind=kind,
        user_id=user_id,
        bank_id=bank_id,
        status=AttemptStatus.IN_PROGRESS.value,
        started_at=now,
        deadline=now + time_limit if time_limit is not None else None,
        diagnostic=diagnostic,
        source_system=source_system,
        meta=meta or {},
        created_at=now,
        updated_at=now,
    )
    session.add(attempt)
    await session.flush()
    return attempt


def deadline_passed(attempt: Attempt, now: datetime) -> bool:
    """True once the server clock reaches the deadline; an attempt without one never expires."""
    return attempt.deadline is not None and now >= attempt.deadline


def is_finished(attempt: Attempt) -> bool:
    return attempt.finished_at is not None or attempt.status != AttemptStatus.IN_PROGRESS


async def attempt_for_update(
    session: AsyncSession, attempt_id: int, *, kind: str
) -> Attempt | None:
    """The attempt of that kind, locked for the rest of the transaction where the backend can
    (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite serialises writers anyway)."""
    query = select(Attempt).where(Attempt.id == attempt_id, Attempt.kind == kind)
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update()
    found: Attempt | None = await session.scalar(query)
    return found


def ensure_open(attempt: Attempt, now: datetime, *, noun: str = "attempt") -> None:
    """Refuse a change to a finished attempt (`ALREADY_SUBMITTED`) or one whose time is up
    (`DEADLINE_PASSED`). `noun` names the attempt in the message ("session", "test")."""
    if is_finished(attempt):
        raise AlreadySubmitted(f"This {noun} has already been submitted.")
    if deadline_passed(attempt, now):
        raise DeadlinePassed(f"The time for this {noun} is up.")


def finish(
    attempt: Attempt,
    *,
    now: datetime,
    status: str,
    raw_score: Decimal | None = None,
    max_score: Decimal | None = None,
) -> None:
    """Mark the attempt handed in (or scored) now."""
    attempt.finished_at = now
    attempt.status = status
    attempt.updated_at = now
    if raw_score is not None:
        attempt.raw_score = raw_score
    if max_score is not None:
        attempt.max_score = max_score
