"""Mock sessions (seed 001 §18.2): started with the test's code, timed by the sum of the
parts' durations on the server clock, finished once; expired ones are swept."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from auth import policies
from models.db import read_session, write_session
from resolvers import worker
from resolvers.assessment import attempts
from resolvers.context import AppContext, Services
from resolvers.errors import (
    BLANK,
    REQUIRED,
    Collector,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from resolvers.ielts.common import (
    ATTEMPT_ID,
    STARTED_AT,
    Attempt,
    AttemptKind,
    AttemptStatus,
    Bank,
    IeltsError,
    MockPart,
    MockSection,
)
from resolvers.ielts.inputs import (
    _by_ref,
    _does_not_exist,
)
from resolvers.ielts.mock_tests import (
    _mock_test,
    mock_sections,
)
from resolvers.pagination import Page, PageArgs, SortKey, paginate

# ---------------------------------------------------------------------------------------------
# mock sessions (seed 001 §18.2-18.4)

# Plain messages; each face words these codes its own way (rest/academy/wording.py,
# schema/common/wording.py).
WRONG_CODE = "The test code is wrong."
ACTIVE_EXISTS = "You already have an active session for this test."
ALREADY_COMPLETED = "This session has already ended."
NOT_COMPLETED = "This session has not ended yet."
# Module results made from a scored mock session carry a UUID derived from the session's,
# so that a score update finds (and corrects) exactly them.
MOCK_RESULT_NAMESPACE = uuid.UUID("6f1c2a4e-7c1b-4f5e-9a53-2f0d7e1b9c41")


def mock_result_uuid(session_uuid: uuid.UUID, module: str) -> uuid.UUID:
    """The UUID of the module result a scored mock session's part becomes."""
    return uuid.uuid5(MOCK_RESULT_NAMESPACE, f"{session_uuid}/{module}")


@dataclass(frozen=True)
class MockSessionState:
    """How a session reads now: ended when finished or when its time is up, whether or not
    the sweep has recorded it yet."""

    is_completed: bool
    ended_at: datetime | None
    is_finished: bool  # scored

    @property
    def is_active(self) -> bool:
        return not self.is_completed


def mock_state(attempt: Attempt, now: datetime) -> MockSessionState:
    scored = attempt.status == AttemptStatus.COMPLETED.value
    if attempt.finished_at is not None:
        return MockSessionState(True, attempt.finished_at, scored)
    if attempts.deadline_passed(attempt, now):
        return MockSessionState(True, attempt.deadline, scored)
    return MockSessionState(False, None, scored)


def mock_session_state(ctx: AppContext, attempt: Attempt) -> MockSessionState:
    return mock_state(attempt, ctx.now())


def _expired_condition(now: datetime) -> Any:
    return and_(
        Attempt.kind == AttemptKind.MOCK.value,
        Attempt.finished_at.is_(None),
        Attempt.deadline.is_not(None),
        Attempt.deadline <= now,
    )


async def sweep_expired_mock_sessions(services: Services) -> int:
    """Record the end of every mock session whose time is up (finished at its deadline).

    One UPDATE guarded by `finished_at IS NULL`: running it twice, or in several processes at
    once, ends each session once. Sessions read as ended before this runs (see `mock_state`);
    the sweep only writes it down.
    """
    async with write_session(services.sessionmaker) as session:
        result = await session.execute(
            update(Attempt)
            .where(_expired_condition(services.clock()))
            .values(finished_at=Attempt.deadline, status=AttemptStatus.SUBMITTED.value)
            .execution_options(synchronize_session=False)
        )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# Sessions read as ended at their deadline without it; the sweep only writes the end down.
worker.register_job("ielts.mock_session_deadlines", sweep_expired_mock_sessions, interval=30.0)


async def mock_session_start(ctx: AppContext, test_id: Any, code: Any) -> Attempt:
    """Start a timed session: the test's code must match, and the caller may have one active
    session per test (a database constraint; two simultaneous starts give one session)."""
    ctx.require("mock.session.start")
    user_id = ctx.principal.user_id
    if user_id is None:
        raise PermissionDenied()
    errors = Collector()
    if test_id is None:
        errors.add("test", REQUIRED, "REQUIRED")
    elif _by_ref(Bank, test_id) is None:
        errors.add("test", "Must be a valid UUID.", "INVALID")
    if code is None:
        errors.add("code", REQUIRED, "REQUIRED")
    elif not isinstance(code, str):
        errors.add("code", "Not a valid string.", "INVALID")
    elif not code.strip():
        errors.add("code", BLANK, "BLANK")
    errors.raise_if_any()
    assert isinstance(code, str)
    bank = await _mock_test(ctx, test_id)
    if bank is None:
        raise ValidationFailed.single("test", _does_not_exist(test_id), "DOES_NOT_EXIST")
    if code.strip().upper() != (bank.code or "").upper():
        raise IeltsError(WRONG_CODE, code="WRONG_CODE")
    sections = await ctx.loaders.ielts.mock_sections_by_bank_id.load(bank.id)
    now = ctx.now()
    try:
        async with write_session(ctx.sessionmaker) as session:
            # An expired session nobody has swept yet must not block this start.
            await session.execute(
                update(Attempt)
                .where(
                    _expired_condition(now),
                    Attempt.user_id == user_id,
                    Attempt.bank_id == bank.id,
                )
                .values(finished_at=Attempt.deadline, status=AttemptStatus.SUBMITTED.value)
                .execution_options(synchronize_session=False)
            )
            active = await session.scalar(
                select(Attempt.id).where(
                    Attempt.kind == AttemptKind.MOCK.value,
                    Attempt.user_id == user_id,
                    Attempt.bank_id == bank.id,
                    Attempt.finished_at.is_(None),
                )
            )
            if active is not None:
                raise IeltsError(ACTIVE_EXISTS, code="ACTIVE_SESSION_EXISTS")
            attempt = await attempts.start_attempt(
                session,
                kind=AttemptKind.MOCK.value,
                user_id=user_id,
                bank_id=bank.id,
                now=now,
                time_limit=timedelta(minutes=sum(s.duration for s in sections)),
                source_system="academy",
            )
    except IntegrityError as exc:  # the other of two simultaneous starts won
        raise IeltsError(ACTIVE_EXISTS, code="ACTIVE_SESSION_EXISTS") from exc
    return attempt


async def _mock_session(ctx: AppContext, session_id: Any, *, field: str | None = None) -> Attempt:
    """A mock session the caller may see (own, or any for staff); not found otherwise."""
    condition = _by_ref(Attempt, session_id)
    attempt = None
    if condition is not None:
        async with read_session(ctx.sessionmaker) as session:
            attempt = await session.scalar(
                select(Attempt).where(condition, Attempt.kind == AttemptKind.MOCK.value)
            )
    if attempt is None or not policies.can_view_results_of(ctx.principal, attempt.user_id):
        if field:
            raise ValidationFailed.single(field, _does_not_exist(session_id), "DOES_NOT_EXIST")
        raise NotFound()
    return attempt


async def get_mock_session(ctx: AppContext, session_id: Any) -> Attempt:
    ctx.require("mock.session.read")
    return await _mock_session(ctx, session_id)


async def get_mock_sessions_by_id(ctx: AppContext, ids: Sequence[int]) -> list[Attempt | None]:
    if not ctx.allowed("mock.session.read"):
        return [None] * len(ids)
    rows = await ctx.loaders.ielts.attempt_by_id.load_many(list(ids))
    return [
        r
        if r is not None
        and r.kind == AttemptKind.MOCK
        and policies.can_view_results_of(ctx.principal, r.user_id)
        else None
        for r in rows
    ]


async def my_mock_sessions(ctx: AppContext) -> list[Attempt]:
    """The caller's sessions, newest first."""
    ctx.require("mock.session.read")
    if ctx.principal.user_id is None:
        return []
    async with read_session(ctx.sessionmaker) as session:
        rows = await session.scalars(
            select(Attempt)
            .where(
                Attempt.kind == AttemptKind.MOCK.value,
                Attempt.user_id == ctx.principal.user_id,
            )
            .order_by(Attempt.started_at.desc(), Attempt.id.desc())
        )
        return list(rows)


async def mock_sessions_page(
    ctx: AppContext, page: PageArgs, student_id: int | None = None
) -> Page[Attempt]:
    """Sessions the caller may see (staff: everyone's, optionally one student's)."""
    ctx.require("mock.session.read")
    stmt = select(Attempt).where(Attempt.kind == AttemptKind.MOCK.value)
    if not (ctx.principal.is_staff or ctx.principal.kind == "api_key"):
        stmt = stmt.where(Attempt.user_id == ctx.principal.user_id)
    if student_id is not None:
        stmt = stmt.where(Attempt.user_id == student_id)
    return await paginate(
        ctx.sessionmaker,
        stmt,
        [SortKey(STARTED_AT, True, datetime), SortKey(ATTEMPT_ID, True, int)],
        page,
        key_of=lambda a: [a.started_at, a.id],
    )


async def mock_session_part(ctx: AppContext, session_id: Any, part: MockPart) -> MockSection:
    """The reading or writing part of a session's test, for the session's owner only."""
    ctx.require("mock.session.take")
    attempt = await _mock_session(ctx, session_id)
    if not policies.owns_attempt(ctx.principal, attempt.user_id) or attempt.bank_id is None:
        raise NotFound()
    sections = await mock_sections(ctx, attempt.bank_id)
    if part.value not in sections:
        raise NotFound()
    return sections[part.value]


async def mock_session_finish(ctx: AppContext, session_id: Any) -> Attempt:
    """End one's own session before its time is up."""
    ctx.require("mock.session.take")
    attempt = await _mock_session(ctx, session_id)
    if not policies.owns_attempt(ctx.principal, attempt.user_id):
        raise NotFound()
    now = ctx.now()
    async with write_session(ctx.sessionmaker) as session:
        ended = await session.execute(
            update(Attempt)
            .where(
                Attempt.id == attempt.id,
                Attempt.finished_at.is_(None),
                or_(Attempt.deadline.is_(None), Attempt.deadline > now),
            )
            .values(finished_at=now, status=AttemptStatus.SUBMITTED.value)
            .execution_options(synchronize_session=False)
        )
        if ended.rowcount != 1:  # type: ignore[attr-defined]
            raise IeltsError(ALREADY_COMPLETED, code="SESSION_COMPLETED")
        fresh = await session.get(Attempt, attempt.id, populate_existing=True)
    assert fresh is not None
    return fresh
