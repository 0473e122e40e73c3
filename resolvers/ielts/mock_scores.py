"""Mock scores (seed 001 §18.4): four bands and their IELTS overall per session; a scored
session's parts count as module results."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from auth import policies
from models.db import read_session, write_session
from resolvers.assessment.scoring.ielts_bands import (
    overall_band,
)
from resolvers.context import AppContext
from resolvers.errors import (
    REQUIRED,
    Collector,
    NotFound,
    ValidationFailed,
)
from resolvers.ielts.bands import (
    parse_band,
)
from resolvers.ielts.common import (
    Attempt,
    AttemptKind,
    AttemptStatus,
    BandScore,
    IeltsError,
    Response,
)
from resolvers.ielts.inputs import (
    MODULES,
    _by_ref,
)
from resolvers.ielts.mock_sessions import (
    NOT_COMPLETED,
    _mock_session,
    mock_result_uuid,
    mock_session_state,
)

SCORE_FIELDS = ("listening", "reading", "writing", "speaking")


def _check_bands(data: Mapping[str, Any], *, partial: bool) -> dict[str, Decimal]:
    errors = Collector()
    bands: dict[str, Decimal] = {}
    for name in SCORE_FIELDS:
        if name not in data:
            if not partial:
                errors.add(name, REQUIRED, "REQUIRED")
            continue
        band = parse_band(data[name], name, errors)
        if band is not None:
            bands[name] = band
    errors.raise_if_any()
    return bands


async def _derive_module_results(session: Any, attempt: Attempt, score: BandScore) -> None:
    """A scored mock session's parts count as module results: one finished attempt per module,
    found again by its derived UUID, so that a score update corrects it instead of adding one."""
    ended = attempt.finished_at or attempt.deadline or attempt.started_at
    responses = {
        r.slot: r
        for r in await session.scalars(select(Response).where(Response.attempt_id == attempt.id))
    }
    wanted = {module: mock_result_uuid(attempt.uuid, module.value) for module in MODULES}
    existing = {
        row.uuid: row
        for row in await session.scalars(select(Attempt).where(Attempt.uuid.in_(wanted.values())))
    }
    for module, key in wanted.items():
        band = getattr(score, module.value.lower())
        row = existing.get(key)
        if row is None:
            row = Attempt(
                uuid=key,
                kind=module.value,
                user_id=attempt.user_id,
                bank_id=attempt.bank_id,
                started_at=attempt.started_at,
                diagnostic=attempt.diagnostic,
                source_system="mock",
                meta={"mock_attempt_id": attempt.id, "mock_session": str(attempt.uuid)},
            )
            if module is AttemptKind.WRITING:
                row.meta = {**row.meta, "task_type": "mock"}
            session.add(row)
        row.finished_at = ended
        row.status = AttemptStatus.COMPLETED.value
        row.band = band
        answered = responses.get(module.value.lower())
        if answered is not None and answered.score is not None:
            row.raw_score, row.max_score = answered.score, answered.max_score
        if module is AttemptKind.WRITING:
            row.result = {
                "teacher_feedback": {
                    "published": True,
                    "overall_score": str(band) if band is not None else None,
                }
            }


async def mock_score_create(ctx: AppContext, session_id: Any, data: Mapping[str, Any]) -> BandScore:
    """Staff score a completed session: four bands, the overall by the IELTS rule; the session
    is then finished and its parts count as module results."""
    ctx.require("mock.score.write")
    errors = Collector()
    if session_id is None:
        errors.add("session", REQUIRED, "REQUIRED")
    elif _by_ref(Attempt, session_id) is None:
        errors.add("session", "Must be a valid UUID.", "INVALID")
    try:
        bands = _check_bands(data, partial=False)
    except ValidationFailed as exc:
        errors.errors.extend(exc.errors)
    errors.raise_if_any()
    attempt = await _mock_session(ctx, session_id, field="session")
    try:
        async with write_session(ctx.sessionmaker) as session:
            locked = await session.get(Attempt, attempt.id, with_for_update=True)
            assert locked is not None
            state = mock_session_state(ctx, locked)
            if not state.is_completed:
                raise IeltsError(NOT_COMPLETED, code="SESSION_NOT_COMPLETED")
            if locked.finished_at is None:  # time is up but not yet swept: record it now
                locked.finished_at = state.ended_at
            score = BandScore(
                created_at=ctx.now(),
                updated_at=ctx.now(),
                attempt_id=locked.id,
                overall=overall_band(bands.values()),
                created_by_id=ctx.principal.user_id,
                **bands,
            )
            session.add(score)
            await session.flush()
            locked.status = AttemptStatus.COMPLETED.value
            await _derive_module_results(session, locked, score)
    except IntegrityError as exc:
        raise ValidationFailed.single(
            "session", "mock score with this session already exists.", "UNIQUE"
        ) from exc
    return score


async def mock_score_update(ctx: AppContext, score_id: int, data: Mapping[str, Any]) -> BandScore:
    """Change some of the four bands; the overall and the module results follow."""
    ctx.require("mock.score.write")
    bands = _check_bands(data, partial=True)
    async with write_session(ctx.sessionmaker) as session:
        score = await session.get(BandScore, score_id, with_for_update=True)
        attempt = await session.get(Attempt, score.attempt_id) if score else None
        if score is None or attempt is None:
            raise NotFound()
        for name, band in bands.items():
            setattr(score, name, band)
        score.overall = overall_band(getattr(score, n) for n in SCORE_FIELDS)
        score.updated_at = ctx.now()
        await session.flush()
        await _derive_module_results(session, attempt, score)
    ctx.loaders.ielts.band_score_by_attempt_id.clear(attempt.id)
    return score


async def get_mock_scores_by_id(ctx: AppContext, ids: Sequence[int]) -> list[BandScore | None]:
    if not ctx.allowed("mock.score.read"):
        return [None] * len(ids)
    async with read_session(ctx.sessionmaker) as session:
        rows = (
            await session.execute(
                select(BandScore, Attempt.user_id)
                .join(Attempt, Attempt.id == BandScore.attempt_id)
                .where(BandScore.id.in_(set(ids)))
            )
        ).all()
    found = {s.id: s for s, user_id in rows if policies.can_view_results_of(ctx.principal, user_id)}
    return [found.get(i) for i in ids]


async def mock_score_of(ctx: AppContext, attempt: Attempt) -> BandScore | None:
    ctx.require("mock.score.read")
    return await ctx.loaders.ielts.band_score_by_attempt_id.load(attempt.id)


@dataclass(frozen=True)
class ScoredSession:
    score: BandScore
    session_uuid: uuid.UUID


async def my_mock_scores(ctx: AppContext) -> list[ScoredSession]:
    """The caller's scores, newest first."""
    ctx.require("mock.score.read")
    if ctx.principal.user_id is None:
        return []
    async with read_session(ctx.sessionmaker) as session:
        rows = (
            await session.execute(
                select(BandScore, Attempt.uuid)
                .join(Attempt, Attempt.id == BandScore.attempt_id)
                .where(Attempt.user_id == ctx.principal.user_id)
                .order_by(BandScore.created_at.desc(), BandScore.id.desc())
            )
        ).all()
    return [ScoredSession(score, key) for score, key in rows]


async def attempt_uuids(ctx: AppContext, attempt_ids: Sequence[int]) -> dict[int, uuid.UUID]:
    rows = await ctx.loaders.ielts.attempt_by_id.load_many(list(attempt_ids))
    return {r.id: r.uuid for r in rows if r is not None}
