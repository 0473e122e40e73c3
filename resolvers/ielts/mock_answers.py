"""Mock answers (seed 001 §18.3): one reading and one listening answer per session, one
writing answer per task, refused once the session is over; staff views of them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from auth import policies
from models import groups as group_models
from models.db import read_session, write_session
from resolvers.assessment.scoring.answer_key import raw_score
from resolvers.context import AppContext
from resolvers.errors import (
    NULL,
    REQUIRED,
    Collector,
    ValidationFailed,
)
from resolvers.ielts.common import (
    Attempt,
    AttemptKind,
    BandScore,
    IeltsError,
    MockPart,
    Response,
    User,
)
from resolvers.ielts.inputs import (
    _by_ref,
    _does_not_exist,
)
from resolvers.ielts.mock_sessions import (
    ALREADY_COMPLETED,
    MockSessionState,
    _mock_session,
    mock_state,
)
from resolvers.ielts.mock_tests import (
    MockTestView,
    mock_sections,
    mock_test_views,
)


async def mock_answer_create(
    ctx: AppContext,
    session_id: Any,
    part: MockPart,
    answers: Any = None,
    task_number: Any = None,
    text: Any = None,
    *,
    answers_given: bool = True,
) -> Response:
    """Answers of one part of one's own running session: reading and listening once per
    session, writing once per task (1 or 2). After the deadline, or a second time, refused."""
    ctx.require("mock.session.take")
    errors = Collector()
    if session_id is None:
        errors.add("session", REQUIRED, "REQUIRED")
    elif _by_ref(Attempt, session_id) is None:
        errors.add("session", "Must be a valid UUID.", "INVALID")
    slot = part.value.lower()
    answer: Any
    if part is MockPart.WRITING:
        number = None
        if task_number is None:
            errors.add("task_number", REQUIRED, "REQUIRED")
        elif isinstance(task_number, bool) or str(task_number).strip() not in ("1", "2"):
            errors.add("task_number", f'"{task_number}" is not a valid choice.', "INVALID_CHOICE")
        else:
            number = int(str(task_number).strip())
        if text is not None and not isinstance(text, str):
            errors.add("text", "Not a valid string.", "INVALID")
        slot = f"writing:{number}"
        answer = text or ""
    else:
        if not answers_given:
            errors.add("answers", REQUIRED, "REQUIRED")
        elif answers is None:
            errors.add("answers", NULL, "REQUIRED")
        elif not isinstance(answers, dict):
            errors.add(
                "answers",
                f'Expected a dictionary of items but got type "{type(answers).__name__}".',
                "INVALID",
            )
        answer = {str(k): v for k, v in answers.items()} if isinstance(answers, dict) else None
    errors.raise_if_any()
    attempt = await _mock_session(ctx, session_id, field="session")
    if not policies.owns_attempt(ctx.principal, attempt.user_id):
        raise ValidationFailed.single("session", _does_not_exist(session_id), "DOES_NOT_EXIST")
    score: dict[str, Any] = {}
    if part is not MockPart.WRITING and attempt.bank_id is not None:
        section = (await mock_sections(ctx, attempt.bank_id)).get(part.value)
        if section is not None and section.answer_key:
            score = {
                "score": Decimal(raw_score(section.answer_key, answer)),
                "max_score": Decimal(len(section.answer_key)),
            }
    try:
        async with write_session(ctx.sessionmaker) as session:
            locked = await session.get(Attempt, attempt.id, with_for_update=True)
            assert locked is not None
            if mock_state(locked, ctx.now()).is_completed:
                raise IeltsError(ALREADY_COMPLETED, code="SESSION_COMPLETED")
            now = ctx.now()
            response = Response(
                attempt_id=attempt.id,
                slot=slot,
                answer=answer,
                created_at=now,
                updated_at=now,
                **score,
            )
            session.add(response)
            await session.flush()
    except IntegrityError as exc:
        if part is MockPart.WRITING:
            raise ValidationFailed.single(
                None, "The fields session, task_number must make a unique set.", "UNIQUE"
            ) from exc
        raise ValidationFailed.single(
            "session", f"{part.value.lower()} answer with this session already exists.", "UNIQUE"
        ) from exc
    return response


def writing_task_number(response: Response) -> int | None:
    head, _, number = response.slot.partition(":")
    return int(number) if head == "writing" and number.isdigit() else None


@dataclass
class MockAnswers:
    session: Attempt
    reading: Response | None = None
    listening: Response | None = None
    writing: list[Response] = field(default_factory=list)


def _sort_answers(attempt: Attempt, responses: Iterable[Response]) -> MockAnswers:
    out = MockAnswers(attempt)
    for r in responses:
        if r.slot == "reading":
            out.reading = r
        elif r.slot == "listening":
            out.listening = r
        elif writing_task_number(r) is not None:
            out.writing.append(r)
    out.writing.sort(key=lambda r: writing_task_number(r) or 0)
    return out


async def mock_answers_of(ctx: AppContext, attempts: Sequence[Attempt]) -> list[MockAnswers]:
    """Answers of sessions (one statement for all of them)."""
    ctx.require("mock.answer.read")
    responses = await ctx.loaders.ielts.responses_by_attempt_id.load_many([a.id for a in attempts])
    return [_sort_answers(a, rs) for a, rs in zip(attempts, responses, strict=True)]


async def mock_session_answers(ctx: AppContext, session_id: Any) -> MockAnswers:
    """Staff: one session's answers."""
    ctx.require("mock.answer.read")
    attempt = await _mock_session(ctx, session_id)
    return (await mock_answers_of(ctx, [attempt]))[0]


async def completed_mock_sessions(ctx: AppContext) -> list[Attempt]:
    """Staff: every completed session (finished, or with its time up), newest first."""
    ctx.require("mock.answer.read")
    now = ctx.now()
    async with read_session(ctx.sessionmaker) as session:
        rows = await session.scalars(
            select(Attempt)
            .where(
                Attempt.kind == AttemptKind.MOCK.value,
                or_(Attempt.finished_at.is_not(None), Attempt.deadline <= now),
            )
            .order_by(Attempt.started_at.desc(), Attempt.id.desc())
        )
        return list(rows)


@dataclass
class MockSessionView:
    session: Attempt
    state: MockSessionState
    user: User | None
    group: group_models.Group | None
    test: MockTestView | None
    score: BandScore | None
    score_creator: User | None


async def mock_session_views(ctx: AppContext, attempts: Sequence[Attempt]) -> list[MockSessionView]:
    """Sessions with their user, group, test (with parts) and score: a fixed number of
    statements whatever the number of sessions."""
    il = ctx.loaders.ielts
    users, banks, scores = await asyncio.gather(
        ctx.loaders.user_by_id.load_many([a.user_id for a in attempts]),
        il.bank_by_id.load_many(sorted({a.bank_id for a in attempts if a.bank_id is not None})),
        il.band_score_by_attempt_id.load_many([a.id for a in attempts]),
    )
    tests, groups, creators = await asyncio.gather(
        mock_test_views(ctx, [b for b in banks if b is not None]),
        ctx.loaders.group_by_id.load_many(
            sorted({u.group_id for u in users if u is not None and u.group_id is not None})
        ),
        ctx.loaders.user_by_id.load_many(
            sorted({s.created_by_id for s in scores if s is not None and s.created_by_id})
        ),
    )
    by_test = {t.test.id: t for t in tests}
    by_group = {g.id: g for g in groups if g is not None}
    by_creator = {u.id: u for u in creators if u is not None}
    now = ctx.now()
    views = []
    for attempt, user, score in zip(attempts, users, scores, strict=True):
        views.append(
            MockSessionView(
                session=attempt,
                state=mock_state(attempt, now),
                user=user,
                group=by_group.get(user.group_id) if user and user.group_id else None,
                test=by_test.get(attempt.bank_id) if attempt.bank_id else None,
                score=score,
                score_creator=by_creator.get(score.created_by_id)
                if score and score.created_by_id
                else None,
            )
        )
    return views
