"""The assessment core on both databases: starting an attempt, its deadline on the server
clock, one submission, responses one per slot with their manual review, and entry codes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from models.db import write_session
from models.items import QuestionBank
from models.people import Role
from resolvers.assessment import attempts, codes, scoring
from resolvers.assessment.responses import (
    PENDING,
    REVIEWED,
    record_response,
    reopen_review,
    review_response,
)
from resolvers.context import Services

T0 = datetime(2026, 3, 2, 5, 30, tzinfo=UTC)


async def test_an_attempt_runs_until_its_deadline_and_is_submitted_once(
    services: Services, make_user: Any
) -> None:
    student = await make_user(Role.STUDENT)
    async with write_session(services.sessionmaker) as session:
        attempt = await attempts.start_attempt(
            session,
            kind="QUIZ",
            user_id=student.id,
            bank_id=None,
            now=T0,
            time_limit=timedelta(minutes=30),
            source_system="quiz",
            meta={"course": "M1"},
        )
        attempt_id = attempt.id
    assert attempt.deadline == T0 + timedelta(minutes=30) and attempt.status == "IN_PROGRESS"
    assert not attempts.deadline_passed(attempt, T0 + timedelta(minutes=29))
    assert attempts.deadline_passed(attempt, T0 + timedelta(minutes=30))
    attempts.ensure_open(attempt, T0 + timedelta(minutes=29))
    with pytest.raises(attempts.DeadlinePassed) as late:
        attempts.ensure_open(attempt, T0 + timedelta(minutes=31))
    assert late.value.code == "DEADLINE_PASSED"
    async with write_session(services.sessionmaker) as session:
        locked = await attempts.attempt_for_update(session, attempt_id, kind="QUIZ")
        assert locked is not None
        assert await attempts.attempt_for_update(session, attempt_id, kind="EXAM") is None
        attempts.finish(
            locked,
            now=T0 + timedelta(minutes=10),
            status="COMPLETED",
            raw_score=Decimal(3),
            max_score=Decimal(4),
        )
    with pytest.raises(attempts.AlreadySubmitted) as again:
        attempts.ensure_open(locked, T0 + timedelta(minutes=11))
    assert again.value.code == "ALREADY_SUBMITTED"
    assert (locked.finished_at, locked.raw_score, locked.max_score) == (
        T0 + timedelta(minutes=10),
        Decimal(3),
        Decimal(4),
    )


async def test_without_a_time_limit_there_is_no_deadline(
    services: Services, make_user: Any
) -> None:
    student = await make_user(Role.STUDENT)
    async with write_session(services.sessionmaker) as session:
        attempt = await attempts.start_attempt(
            session, kind="EXAM", user_id=student.id, bank_id=None, now=T0, source_system="x"
        )
    assert attempt.deadline is None
    assert not attempts.deadline_passed(attempt, T0 + timedelta(days=365))


async def test_responses_one_per_slot_and_reviewed_by_a_person(
    services: Services, make_user: Any
) -> None:
    student = await make_user(Role.STUDENT)
    teacher = await make_user(Role.TEACHER)
    async with write_session(services.sessionmaker) as session:
        attempt = await attempts.start_attempt(
            session, kind="EXAM", user_id=student.id, bank_id=None, now=T0, source_system="x"
        )
        choice = await record_response(
            session,
            attempt_id=attempt.id,
            slot="item:1",
            item_id=None,
            answer={"option_id": 7},
            scored=scoring.score("SINGLE_CHOICE", {"correct_options": [7]}, 7),
            now=T0,
        )
        essay = await record_response(
            session,
            attempt_id=attempt.id,
            slot="item:2",
            item_id=None,
            answer={"text": "..."},
            scored=scoring.score("TEXT", {"max_score": 2}, "..."),
            now=T0,
        )
        attempt_id = attempt.id
    assert (choice.score, choice.is_correct, choice.review_state) == (Decimal(1), True, None)
    assert (essay.score, essay.is_correct, essay.review_state) == (None, None, PENDING)
    async with write_session(services.sessionmaker) as session:
        essay = await session.merge(essay)
        await review_response(
            session,
            essay,
            rubric_scores={"content": Decimal(1), "language": Decimal(2)},
            reviewer_id=teacher.id,
            now=T0,
        )
    # the rubric's sum is capped at the response's maximum
    assert (essay.score, essay.is_correct, essay.review_state) == (Decimal(2), True, REVIEWED)
    assert essay.checked_by_id == teacher.id and essay.rubric_scores == {
        "content": "1",
        "language": "2",
    }
    async with write_session(services.sessionmaker) as session:
        essay = await session.merge(essay)
        await reopen_review(session, essay, reviewer_id=teacher.id, now=T0)
    assert (essay.score, essay.is_correct, essay.review_state) == (None, None, PENDING)
    with pytest.raises(IntegrityError):
        async with write_session(services.sessionmaker) as session:
            await record_response(
                session,
                attempt_id=attempt_id,
                slot="item:1",
                item_id=None,
                answer=None,
                scored=None,
                now=T0,
            )


async def test_codes_are_drawn_again_when_taken_and_give_up_with_a_conflict(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def build(session: Any, code: str) -> QuestionBank:
        bank = QuestionBank(kind="MOCK", title="t", code=code, meta={})
        session.add(bank)
        await session.flush()
        return bank

    offers = iter(["TAKEN1", "TAKEN1", "FRESH2"])
    monkeypatch.setattr(codes, "draw_code", lambda: next(offers))
    first = await codes.with_new_code(services.sessionmaker, build)
    second = await codes.with_new_code(services.sessionmaker, build)
    assert (first.code, second.code) == ("TAKEN1", "FRESH2")
    monkeypatch.setattr(codes, "draw_code", lambda: "TAKEN1")
    with pytest.raises(codes.CodeExhausted) as exhausted:
        await codes.with_new_code(services.sessionmaker, build, message="No code left.")
    assert exhausted.value.code == "CODE_EXHAUSTED" and exhausted.value.message == "No code left."
