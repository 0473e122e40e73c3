"""Responses: one per slot of an attempt (an item, "reading", "writing:1", ...), with their
score and manual-review state (`None` auto-scored, `"PENDING"` waits for a person,
`"REVIEWED"`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models.attempts import Response
from resolvers.assessment.scoring import Scored

PENDING = "PENDING"
REVIEWED = "REVIEWED"


def apply_scored(response: Response, scored: Scored | None) -> None:
    """A response's score, correctness and review state from its scorer's verdict."""
    if scored is None:
        return
    response.max_score = scored.max_score
    if scored.needs_review:
        response.score = None
        response.is_correct = None
        response.review_state = PENDING
    else:
        response.score = scored.score
        response.is_correct = scored.is_correct
        response.review_state = None


async def record_response(
    session: AsyncSession,
    *,
    attempt_id: int,
    slot: str,
    item_id: int | None,
    answer: Any,
    scored: Scored | None,
    now: datetime,
) -> Response:
    """Add the answer of `slot`; a second answer to the same slot fails on the unique
    constraint (the caller turns that into its domain's error)."""
    response = new_response(
        attempt_id=attempt_id, slot=slot, item_id=item_id, answer=answer, scored=scored, now=now
    )
    session.add(response)
    await session.flush()
    return response


def new_response(
    *,
    attempt_id: int,
    slot: str,
    item_id: int | None,
    answer: Any,
    scored: Scored | None,
    now: datetime,
) -> Response:
    """A response not yet added to a session: for callers that add many and flush once."""
    response = Response(
        attempt_id=attempt_id,
        slot=slot,
        item_id=item_id,
        answer=answer,
        created_at=now,
        updated_at=now,
    )
    apply_scored(response, scored)
    return response


async def review_response(
    session: AsyncSession,
    response: Response,
    *,
    rubric_scores: Mapping[str, Decimal],
    reviewer_id: int | None,
    now: datetime,
) -> Response:
    """A person's verdict: the score is the rubric's sum (at most the response's maximum),
    correct when it is full marks."""
    total = sum(rubric_scores.values(), Decimal(0))
    maximum = response.max_score if response.max_score is not None else total
    response.score = min(max(total, Decimal(0)), maximum)
    response.is_correct = response.score >= maximum if maximum > 0 else None
    response.rubric_scores = {name: str(value) for name, value in rubric_scores.items()}
    response.review_state = REVIEWED
    response.checked_by_id = reviewer_id
    response.updated_at = now
    await session.flush()
    return response


async def reopen_review(
    session: AsyncSession, response: Response, *, reviewer_id: int | None, now: datetime
) -> Response:
    """Take a person's verdict back: the response waits for review again."""
    response.score = None
    response.is_correct = None
    response.rubric_scores = None
    response.review_state = PENDING
    response.checked_by_id = reviewer_id
    response.updated_at = now
    await session.flush()
    return response
