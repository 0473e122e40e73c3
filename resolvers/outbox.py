"""The durable outbox: outbound work written in the same transaction as the change that causes
it, and claimed, completed, retried or given up by workers (`resolvers/worker.py` runs them).

Delivery guarantee, honestly stated:

- Nothing is lost: a row stays pending until a worker marks it delivered or failed, in the
  same transaction as the domain's own record of the outcome.
- Claims never overlap: a claim is `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL (two
  workers skip each other's rows), and on SQLite the claim runs under the database's single
  write lock (BEGIN IMMEDIATE). A claim sets a lease (`locked_until`); a worker killed
  mid-delivery leaves it to expire and the row is claimed again.
- Delivery is still at-least-once, not exactly-once, in windows no database can close for a
  remote API without an idempotency key (Telegram's sendMessage has none): (1) a worker dies
  (or loses its database) after the remote side accepted the request and before its
  completing transaction commits; (2) the remote side accepted it but its answer was lost
  (timeout, dropped connection), so the attempt counts as failed and is retried; (3) a
  delivery outlives its lease and another worker re-claims the row. The lease is kept at
  least twice the HTTP time limit (settings refuse otherwise), so (3) needs a stalled process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.db import SessionMaker, read_session, write_session
from models.messaging import Outbox

MAX_BACKOFF_SECONDS = 3600.0


@dataclass(frozen=True)
class Claimed:
    """A claimed row as it was at claim time; `attempts` includes this claim."""

    id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    last_error: str | None


def enqueue(session: AsyncSession, kind: str, payload: dict[str, Any], now: datetime) -> Outbox:
    """Add a row to the caller's transaction: it exists exactly when the caller's change does."""
    row = Outbox(kind=kind, payload=payload, attempts=0, next_try_at=now, created_at=now)
    session.add(row)
    return row


def _due(kind: str, now: datetime) -> Any:
    return and_(
        Outbox.kind == kind,
        Outbox.delivered_at.is_(None),
        Outbox.failed_at.is_(None),
        Outbox.next_try_at <= now,
        or_(Outbox.locked_until.is_(None), Outbox.locked_until <= now),
    )


async def has_due(sessionmaker: SessionMaker, kind: str, now: datetime) -> bool:
    """A cheap read first, so an idle worker never takes SQLite's write lock."""
    async with read_session(sessionmaker) as session:
        found = await session.scalar(select(Outbox.id).where(_due(kind, now)).limit(1))
    return found is not None


async def claim_in(
    session: AsyncSession,
    kind: str,
    *,
    limit: int,
    now: datetime,
    lease_seconds: float,
    claimant: str,
) -> list[Claimed]:
    """Claim up to `limit` due rows inside `session`'s transaction (the caller commits)."""
    ids = list(
        await session.scalars(
            select(Outbox.id)
            .where(_due(kind, now))
            .order_by(Outbox.next_try_at, Outbox.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    if not ids:
        return []
    await session.execute(
        update(Outbox)
        .where(Outbox.id.in_(ids))
        .values(
            locked_until=now + timedelta(seconds=lease_seconds),
            claimed_by=claimant,
            attempts=Outbox.attempts + 1,
        )
    )
    rows = await session.execute(
        select(Outbox.id, Outbox.kind, Outbox.payload, Outbox.attempts, Outbox.last_error)
        .where(Outbox.id.in_(ids))
        .order_by(Outbox.next_try_at, Outbox.id)
    )
    return [Claimed(r.id, r.kind, dict(r.payload), r.attempts, r.last_error) for r in rows]


async def claim(
    sessionmaker: SessionMaker,
    kind: str,
    *,
    limit: int,
    now: datetime,
    lease_seconds: float,
    claimant: str,
) -> list[Claimed]:
    if not await has_due(sessionmaker, kind, now):
        return []
    async with write_session(sessionmaker) as session:
        return await claim_in(
            session, kind, limit=limit, now=now, lease_seconds=lease_seconds, claimant=claimant
        )


def _ours(row_id: int, claimant: str) -> Any:
    # Still ours: nobody re-claimed the row after our lease ran out, and it is still open.
    return and_(
        Outbox.id == row_id,
        Outbox.claimed_by == claimant,
        Outbox.locked_until.is_not(None),
        Outbox.delivered_at.is_(None),
        Outbox.failed_at.is_(None),
    )


async def complete(session: AsyncSession, row_id: int, claimant: str, now: datetime) -> bool:
    """Mark delivered in the caller's transaction; False when the row is no longer ours (the
    caller then leaves the domain record to the worker that holds it)."""
    result = await session.execute(
        update(Outbox)
        .where(_ours(row_id, claimant))
        .values(delivered_at=now, locked_until=None, last_error=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def give_up(
    session: AsyncSession, row_id: int, claimant: str, now: datetime, error: str
) -> bool:
    """Mark failed for good in the caller's transaction; False when no longer ours."""
    result = await session.execute(
        update(Outbox)
        .where(_ours(row_id, claimant))
        .values(failed_at=now, locked_until=None, last_error=error)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def retry_later(
    sessionmaker: SessionMaker, row_id: int, claimant: str, next_try_at: datetime, error: str
) -> None:
    async with write_session(sessionmaker) as session:
        await session.execute(
            update(Outbox)
            .where(_ours(row_id, claimant))
            .values(next_try_at=next_try_at, locked_until=None, last_error=error)
        )


async def release(sessionmaker: SessionMaker, row_ids: Sequence[int], claimant: str) -> None:
    """Hand back rows claimed but not attempted (a worker stopping): due again at once, and
    the claim does not count as an attempt."""
    if not row_ids:
        return
    async with write_session(sessionmaker) as session:
        await session.execute(
            update(Outbox)
            .where(
                Outbox.id.in_(list(row_ids)),
                Outbox.claimed_by == claimant,
                Outbox.locked_until.is_not(None),
                Outbox.delivered_at.is_(None),
                Outbox.failed_at.is_(None),
            )
            .values(locked_until=None, attempts=Outbox.attempts - 1)
        )


def backoff_seconds(attempts: int, base: float, cap: float = MAX_BACKOFF_SECONDS) -> float:
    """Exponential: base, 2·base, 4·base, ... after the 1st, 2nd, 3rd failed attempt."""
    return float(min(cap, base * (2 ** max(0, attempts - 1))))


@dataclass(frozen=True)
class Backlog:
    """One kind's outbox as a monitor sees it."""

    pending: int  # neither delivered nor failed
    retrying: int  # pending after at least one failed attempt
    failed: int  # given up for good
    lag_seconds: float  # how long the longest-waiting due row has been due (0 when none)


async def backlog(sessionmaker: SessionMaker, now: datetime) -> dict[str, Backlog]:
    """Per kind; one grouped statement (the pending index covers the pending part)."""
    pending = and_(Outbox.delivered_at.is_(None), Outbox.failed_at.is_(None))
    due = and_(pending, Outbox.next_try_at <= now)
    statement = select(
        Outbox.kind,
        func.count().filter(pending),
        func.count().filter(and_(pending, Outbox.last_error.is_not(None))),
        func.count().filter(Outbox.failed_at.is_not(None)),
        func.min(Outbox.next_try_at).filter(due),
    ).group_by(Outbox.kind)
    async with read_session(sessionmaker) as session:
        rows = (await session.execute(statement)).all()
    return {
        kind: Backlog(
            pending=n_pending,
            retrying=n_retrying,
            failed=n_failed,
            lag_seconds=max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0,
        )
        for kind, n_pending, n_retrying, n_failed, oldest in rows
    }
