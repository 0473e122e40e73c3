"""Module results (listening, reading, writing, speaking): the latest and the last N per
student, test titles, answers and essay feedback, read for many students at once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import orjson

from auth import policies
from resolvers.assessment.scoring.ielts_bands import (
    overall_band,
)
from resolvers.context import AppContext
from resolvers.errors import (
    DomainError,
    PermissionDenied,
    ValidationFailed,
)
from resolvers.ielts.batch import (
    MAX_PER_MODULE,
)
from resolvers.ielts.common import (
    Response,
)
from resolvers.loaders.ielts import ModuleResult, ModuleResults


def _require_results(ctx: AppContext, student_id: int) -> None:
    ctx.require("ielts.result.read")
    _require_results_of(ctx, student_id)


def _require_results_of(ctx: AppContext, student_id: int) -> None:
    """The per-student half of `_require_results`, once the operation itself is allowed."""
    if not policies.can_view_results_of(ctx.principal, student_id):
        raise PermissionDenied()


def _check_per_module_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_PER_MODULE:
        raise ValidationFailed.single(
            "per_module_limit",
            f"perModuleLimit must be an integer from 1 to {MAX_PER_MODULE}.",
            "OUT_OF_RANGE",
        )


async def module_history(
    ctx: AppContext, student_id: int, module: str, limit: int, include_diagnostics: bool
) -> list[ModuleResult]:
    """The last `limit` finished results of one module, newest first (mock parts included)."""
    _require_results(ctx, student_id)
    _check_per_module_limit(limit)
    loader = ctx.loaders.ielts.module_results(include_diagnostics)
    return (await loader.load((student_id, limit))).get(module, [])


ResultsKey = tuple[int, int, bool]  # student id, results per module, include diagnostics


async def module_results_many(
    ctx: AppContext, keys: Sequence[ResultsKey]
) -> list[ModuleResults | DomainError]:
    """`module_history` of every module for many (student id, limit, include diagnostics) at
    once, {module: results} per key, with the same checks and errors per student: what the
    planned executor asks for a whole level. The same list of keys asked again in a request
    (each module's field of a level asks for it) is answered by the first call's work."""
    shared = ctx.loaders.ielts.results_of_keys
    memo_key = tuple(keys)
    pending = shared.get(memo_key)
    if pending is None:
        pending = shared[memo_key] = asyncio.ensure_future(_module_results_many(ctx, keys))
    return await pending


async def _module_results_many(
    ctx: AppContext, keys: Sequence[ResultsKey]
) -> list[ModuleResults | DomainError]:
    try:
        # The operation's rule depends on the principal alone: checked once for the level.
        ctx.require("ielts.result.read")
    except DomainError as exc:
        return [exc] * len(keys)
    out: list[ModuleResults | DomainError | None] = []
    wanted: dict[bool, list[tuple[int, tuple[int, int]]]] = {False: [], True: []}
    for index, (student_id, limit, include_diagnostics) in enumerate(keys):
        try:
            _require_results_of(ctx, student_id)
            _check_per_module_limit(limit)
        except DomainError as exc:
            out.append(exc)
            continue
        out.append(None)
        wanted[include_diagnostics].append((index, (student_id, limit)))
    # Both loaders' keys are queued before either is awaited: one tick, one batch each.
    loads = [
        (part, ctx.loaders.ielts.module_results(diagnostics).load_many([k for _, k in part]))
        for diagnostics, part in wanted.items()
        if part
    ]
    found = await asyncio.gather(*(load for _, load in loads))
    for (part, _), results in zip(loads, found, strict=True):
        for (index, _), value in zip(part, results, strict=True):
            out[index] = value
    return out  # type: ignore[return-value]


_NO_TITLE = object()


async def result_test_title(ctx: AppContext, row: Any) -> str | None:
    """The title of the test a result was taken on (module-result rows carry it already)."""
    return (await result_test_titles(ctx, [row]))[0]


async def result_test_titles(ctx: AppContext, rows: Sequence[Any]) -> list[str | None]:
    titles: list[Any] = [getattr(row, "test_title", _NO_TITLE) for row in rows]
    missing = [i for i, t in enumerate(titles) if t is _NO_TITLE and rows[i].bank_id is not None]
    if missing:
        banks = await ctx.loaders.ielts.bank_by_id.load_many([rows[i].bank_id for i in missing])
        for i, bank in zip(missing, banks, strict=True):
            titles[i] = bank.title if bank else None
    return [None if t is _NO_TITLE else t for t in titles]


async def module_latest(
    ctx: AppContext, student_id: int, module: str, include_diagnostics: bool
) -> ModuleResult | None:
    rows = await module_history(ctx, student_id, module, 1, include_diagnostics)
    return rows[0] if rows else None


def overall_band_approx(results: Iterable[ModuleResult | None]) -> Decimal | None:
    """IELTS-rounded mean of the bands the latest results have."""
    return overall_band(r.band for r in results if r is not None)


def answers_source(row: Any) -> int:
    """The attempt whose responses hold a result's answers: a mock part's are its session's."""
    return int(row.mock_attempt_id or row.id)


def from_mock(row: Any) -> bool:
    """A module result derived from a scored mock session."""
    return row.mock_attempt_id is not None


@dataclass(frozen=True)
class ListeningAnswer:
    question_id: str
    answer: Any
    flagged: bool
    submitted_at: datetime


async def _responses(ctx: AppContext, row: Any) -> list[Response]:
    _require_results(ctx, row.user_id)
    return await ctx.loaders.ielts.responses_by_attempt_id.load(answers_source(row))


async def listening_answers(ctx: AppContext, row: Any) -> list[ListeningAnswer]:
    for response in await _responses(ctx, row):
        if response.slot != "listening":
            continue
        given = response.answer
        if isinstance(given, dict):  # a mock session's answers: {"1": "C"}
            return [
                ListeningAnswer(str(q), a, False, response.created_at) for q, a in given.items()
            ]
        return [
            ListeningAnswer(
                str(a.get("question_id")),
                a.get("answer"),
                bool(a.get("flagged")),
                response.created_at,
            )
            for a in given or []
        ]
    return []


async def reading_answers(ctx: AppContext, row: Any) -> dict[str, Any]:
    for response in await _responses(ctx, row):
        if response.slot == "reading" and isinstance(response.answer, dict):
            return dict(response.answer)
    return {}


async def essay_text(ctx: AppContext, row: Any) -> str | None:
    texts = [
        str(r.answer or "")
        for r in await _responses(ctx, row)
        if r.slot.startswith("writing:") and r.answer
    ]
    return "\n\n".join(texts) if texts else None


@dataclass(frozen=True)
class EssayFeedback:
    published: bool
    overall_score: Decimal | None
    criteria: dict[str, Decimal] = field(default_factory=dict)
    comment: str | None = None


ESSAY_CRITERIA = (
    "task_achievement",
    "coherence_cohesion",
    "lexical_resource",
    "grammatical_range",
)


def essay_feedback(ctx: AppContext, row: Any) -> EssayFeedback | None:
    """The teacher's feedback; a student sees it once it is published. (An attempt holds it
    decoded; a module result from the loader as JSON text.)"""
    stored = row.teacher_feedback
    if isinstance(stored, str):
        stored = orjson.loads(stored)
    if not stored or not isinstance(stored, dict):
        return None
    published = bool(stored.get("published"))
    if not published and not policies.can_see_unpublished_feedback(ctx.principal):
        return None
    score = stored.get("overall_score")
    return EssayFeedback(
        published=published,
        overall_score=Decimal(score) if score is not None else None,
        criteria={k: Decimal(v) for k, v in (stored.get("criteria") or {}).items()},
        comment=stored.get("comment"),
    )


def essay_task_type(row: Any) -> str:
    return str(row.task_type or "task2")
