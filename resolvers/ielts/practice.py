"""Practice tests and sessions: listening and reading sessions on an answer key, essays
and speaking sessions, each started, handed in once and graded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from auth import policies
from models.db import read_session, write_session
from resolvers.assessment import attempts
from resolvers.assessment.responses import record_response
from resolvers.assessment.scoring.answer_key import raw_score
from resolvers.assessment.scoring.ielts_bands import (
    ReadingVariant,
    band_for_raw,
)
from resolvers.context import AppContext
from resolvers.errors import (
    BLANK,
    REQUIRED,
    Collector,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    max_length,
)
from resolvers.ielts.bands import (
    conversion_table_of,
    parse_band,
    validate_answer_key,
    validate_conversion,
)
from resolvers.ielts.common import (
    BANK_ID,
    Attempt,
    AttemptKind,
    AttemptStatus,
    Bank,
    BankKind,
    IeltsError,
)
from resolvers.ielts.inputs import (
    ESSAY_TASKS,
    _does_not_exist,
    _student_for,
)
from resolvers.ielts.results import (
    ESSAY_CRITERIA,
    essay_task_type,
)
from resolvers.pagination import Page, PageArgs, SortKey, paginate

# ---------------------------------------------------------------------------------------------
# practice tests and sessions, essays, speaking


async def ielts_test_create(
    ctx: AppContext,
    module: str,
    title: Any,
    answer_key: Any,
    variant: str | None = None,
    conversion: Any = None,
) -> Bank:
    """A listening or reading practice test with its answer key (and, optionally, its own
    raw-score-to-band table)."""
    ctx.require("ielts.test.create")
    errors = Collector()
    title = title.strip() if isinstance(title, str) else title
    if title is None:
        errors.add("title", REQUIRED, "REQUIRED")
    elif title == "":
        errors.add("title", BLANK, "BLANK")
    elif not isinstance(title, str):
        errors.add("title", "Not a valid string.", "INVALID")
    elif len(title) > 255:
        errors.add("title", max_length(255), "TOO_LONG")
    key = validate_answer_key(answer_key, "answer_key", errors)
    meta: dict[str, Any] = {"answer_key": key}
    if module == AttemptKind.READING:
        meta["variant"] = variant or ReadingVariant.ACADEMIC.value
    elif module != AttemptKind.LISTENING:
        raise ValueError(f"not a practice module: {module}")
    if conversion is not None:
        meta["conversion"] = validate_conversion(conversion, "conversion", errors)
    errors.raise_if_any()
    kind = BankKind.IELTS_LISTENING if module == AttemptKind.LISTENING else BankKind.IELTS_READING
    async with write_session(ctx.sessionmaker) as session:
        bank = Bank(
            created_at=ctx.now(),
            updated_at=ctx.now(),
            kind=kind.value,
            title=title,
            meta=meta,
            is_published=True,
            created_by_id=ctx.principal.user_id,
        )
        session.add(bank)
        await session.flush()
    ctx.loaders.ielts.bank_by_id.prime(bank.id, bank)
    return bank


async def get_ielts_tests(ctx: AppContext, ids: Sequence[int]) -> list[Bank | None]:
    if not ctx.allowed("ielts.test.read"):
        return [None] * len(ids)
    banks = await ctx.loaders.ielts.bank_by_id.load_many(list(ids))
    kinds = (BankKind.IELTS_LISTENING, BankKind.IELTS_READING)
    return [b if b is not None and b.kind in kinds else None for b in banks]


async def list_ielts_tests(ctx: AppContext, module: str | None, page: PageArgs) -> Page[Bank]:
    ctx.require("ielts.test.read")
    kinds = [BankKind.IELTS_LISTENING.value, BankKind.IELTS_READING.value]
    if module == AttemptKind.LISTENING:
        kinds = kinds[:1]
    elif module == AttemptKind.READING:
        kinds = kinds[1:]
    stmt = select(Bank).where(Bank.kind.in_(kinds))
    return await paginate(
        ctx.sessionmaker,
        stmt,
        [SortKey(BANK_ID, True, int)],
        page,
        key_of=lambda b: [b.id],
    )


async def get_attempts(ctx: AppContext, ids: Sequence[int], kind: str) -> list[Attempt | None]:
    """Attempts of one kind the principal may see (their own, or any for staff)."""
    if not ctx.principal.authenticated:
        return [None] * len(ids)
    rows = await ctx.loaders.ielts.attempt_by_id.load_many(list(ids))
    return [
        r
        if r is not None
        and r.kind == kind
        and ctx.allowed("ielts.result.read")
        and policies.can_view_results_of(ctx.principal, r.user_id)
        else None
        for r in rows
    ]


async def _attempt_for_change(
    ctx: AppContext, session: Any, attempt_id: int, kind: str, *, owner: bool
) -> Attempt:
    attempt = await attempts.attempt_for_update(session, attempt_id, kind=kind)
    if attempt is None or not policies.can_view_results_of(ctx.principal, attempt.user_id):
        raise NotFound(field="id")
    if owner and not policies.owns_attempt(ctx.principal, attempt.user_id):
        raise PermissionDenied()
    return attempt


async def practice_session_start(
    ctx: AppContext,
    module: str,
    test_id: int,
    diagnostic: bool = False,
    student_id: int | None = None,
) -> Attempt:
    """Start a listening or reading practice session on a test."""
    ctx.require("ielts.session.take")
    user_id = await _student_for(ctx, student_id)
    bank = await ctx.loaders.ielts.bank_by_id.load(test_id)
    wanted = BankKind.IELTS_LISTENING if module == AttemptKind.LISTENING else BankKind.IELTS_READING
    if bank is None or bank.kind != wanted:
        raise ValidationFailed.single("test_id", _does_not_exist(test_id), "DOES_NOT_EXIST")
    async with write_session(ctx.sessionmaker) as session:
        return await attempts.start_attempt(
            session,
            kind=module,
            user_id=user_id,
            bank_id=bank.id,
            now=ctx.now(),
            diagnostic=diagnostic,
            source_system="ielts",
        )


async def _submit_once(
    ctx: AppContext,
    attempt_id: int,
    kind: str,
    slot: str,
    answer: Any,
    scored: Mapping[str, Any],
) -> Attempt:
    """Hand in a session's answers once; a second hand-in is a conflict, never an overwrite."""
    try:
        async with write_session(ctx.sessionmaker) as session:
            attempt = await _attempt_for_change(ctx, session, attempt_id, kind, owner=True)
            now = ctx.now()
            attempts.ensure_open(attempt, now, noun="session")
            await record_response(
                session,
                attempt_id=attempt.id,
                slot=slot,
                item_id=None,
                answer=answer,
                scored=None,
                now=now,
            )
            for name, value in scored.items():
                setattr(attempt, name, value)
            attempts.finish(attempt, now=now, status=scored["status"])
            await session.flush()
    except IntegrityError as exc:
        raise attempts.AlreadySubmitted("This session has already been submitted.") from exc
    ctx.loaders.ielts.attempt_by_id.clear(attempt.id)
    return attempt


async def _scored(ctx: AppContext, attempt_id: int, answers: Mapping[str, Any]) -> dict[str, Any]:
    async with read_session(ctx.sessionmaker) as session:
        attempt = await session.get(Attempt, attempt_id)
        bank = await session.get(Bank, attempt.bank_id) if attempt and attempt.bank_id else None
    if bank is None:
        return {"status": AttemptStatus.SUBMITTED.value}
    key = (bank.meta or {}).get("answer_key") or {}
    raw = raw_score(key, answers)
    return {
        "raw_score": Decimal(raw),
        "max_score": Decimal(len(key)),
        "band": band_for_raw(raw, conversion_table_of(bank)),
        "status": AttemptStatus.COMPLETED.value,
    }


async def listening_session_submit(
    ctx: AppContext, session_id: int, answers: Sequence[Mapping[str, Any]]
) -> Attempt:
    """Hand in a listening session: each answer with its question id and flag. The raw score
    and the band follow from the test's answer key and conversion table."""
    ctx.require("ielts.session.take")
    errors = Collector()
    stored: list[dict[str, Any]] = []
    for i, item in enumerate(answers):
        question = str(item.get("question_id") or "").strip()
        if not question:
            errors.add(f"answers.{i}.question_id", REQUIRED, "REQUIRED")
            continue
        stored.append(
            {
                "question_id": question,
                "answer": item.get("answer"),
                "flagged": bool(item.get("flagged")),
            }
        )
    if len({a["question_id"] for a in stored}) != len(stored):
        errors.add("answers", "Each question may be answered once.", "INVALID")
    errors.raise_if_any()
    scored = await _scored(ctx, session_id, {a["question_id"]: a["answer"] for a in stored})
    return await _submit_once(ctx, session_id, AttemptKind.LISTENING, "listening", stored, scored)


async def reading_session_submit(ctx: AppContext, session_id: int, answers: Any) -> Attempt:
    """Hand in a reading session: {"question id": answer}."""
    ctx.require("ielts.session.take")
    if not isinstance(answers, dict):
        raise ValidationFailed.single(
            "answers", "Give an object mapping question ids to answers.", "INVALID"
        )
    answers = {str(k): v for k, v in answers.items()}
    scored = await _scored(ctx, session_id, answers)
    return await _submit_once(ctx, session_id, AttemptKind.READING, "reading", answers, scored)


async def practice_session_grade(
    ctx: AppContext,
    module: str,
    session_id: int,
    raw: int | None = None,
    band: Any = None,
) -> Attempt:
    """Staff correct a submitted session's score: a raw score (the band follows from the test's
    table) and/or a band."""
    ctx.require("ielts.session.grade")
    errors = Collector()
    if raw is None and band is None:
        errors.add("raw_score", "Give a raw score or a band.", "REQUIRED")
    if raw is not None and raw < 0:
        errors.add("raw_score", "Ensure this value is greater than or equal to 0.", "OUT_OF_RANGE")
    parsed = parse_band(band, "band", errors) if band is not None else None
    errors.raise_if_any()
    async with write_session(ctx.sessionmaker) as session:
        attempt = await _attempt_for_change(ctx, session, session_id, module, owner=False)
        if attempt.finished_at is None:
            raise IeltsError("The session has not been submitted yet.", code="NOT_SUBMITTED")
        bank = await session.get(Bank, attempt.bank_id) if attempt.bank_id else None
        if raw is not None:
            attempt.raw_score = Decimal(raw)
            if parsed is None and bank is not None:
                parsed = band_for_raw(raw, conversion_table_of(bank))
        if parsed is not None:
            attempt.band = parsed
        attempt.status = AttemptStatus.COMPLETED.value
        attempt.is_checked = True
        attempt.checked_by_id = ctx.principal.user_id
        attempt.checked_at = ctx.now()
    ctx.loaders.ielts.attempt_by_id.clear(attempt.id)
    return attempt


async def essay_start(
    ctx: AppContext,
    task_type: str,
    diagnostic: bool = False,
    student_id: int | None = None,
    prompt: str | None = None,
) -> Attempt:
    """Start an essay: IELTS writing task 1 or task 2."""
    ctx.require("ielts.session.take")
    if task_type not in ESSAY_TASKS:
        raise ValidationFailed.single(
            "task_type", f'"{task_type}" is not a valid choice.', "INVALID_CHOICE"
        )
    user_id = await _student_for(ctx, student_id)
    async with write_session(ctx.sessionmaker) as session:
        return await attempts.start_attempt(
            session,
            kind=AttemptKind.WRITING.value,
            user_id=user_id,
            bank_id=None,
            now=ctx.now(),
            diagnostic=diagnostic,
            source_system="ielts",
            meta={"task_type": task_type, **({"prompt": prompt} if prompt else {})},
        )


async def essay_submit(ctx: AppContext, essay_id: int, text: Any) -> Attempt:
    """Hand in an essay's text, once."""
    ctx.require("ielts.session.take")
    if not isinstance(text, str) or not text.strip():
        raise ValidationFailed.single("text", BLANK if text is not None else REQUIRED, "REQUIRED")
    async with read_session(ctx.sessionmaker) as session:
        attempt = await session.get(Attempt, essay_id)
    task = ESSAY_TASKS.get(essay_task_type(attempt) if attempt else "", 2)
    return await _submit_once(
        ctx,
        essay_id,
        AttemptKind.WRITING,
        f"writing:{task}",
        text,
        {"status": AttemptStatus.SUBMITTED.value},
    )


async def essay_grade(
    ctx: AppContext,
    essay_id: int,
    overall_score: Any,
    criteria: Mapping[str, Any] | None = None,
    comment: str | None = None,
    published: bool = False,
) -> Attempt:
    """A teacher's feedback on a submitted essay: criteria bands, comment, overall band; the
    student sees it once `published`. Grading again replaces the feedback."""
    ctx.require("ielts.session.grade")
    errors = Collector()
    score = parse_band(overall_score, "overall_score", errors)
    bands: dict[str, str] = {}
    for name, value in (criteria or {}).items():
        if name not in ESSAY_CRITERIA:
            raise ValueError(f"unknown criterion {name}")
        if value is not None:
            parsed = parse_band(value, f"criteria.{name}", errors)
            if parsed is not None:
                bands[name] = str(parsed)
    errors.raise_if_any()
    assert score is not None
    async with write_session(ctx.sessionmaker) as session:
        attempt = await _attempt_for_change(
            ctx, session, essay_id, AttemptKind.WRITING, owner=False
        )
        if attempt.finished_at is None:
            raise IeltsError("The essay has not been submitted yet.", code="NOT_SUBMITTED")
        attempt.band = score
        attempt.result = {
            **(attempt.result or {}),
            "teacher_feedback": {
                "published": published,
                "overall_score": str(score),
                "criteria": bands,
                "comment": comment,
                "graded_by": ctx.principal.user_id,
                "graded_at": ctx.now().isoformat(),
            },
        }
        attempt.status = AttemptStatus.COMPLETED.value
        attempt.is_checked = True
        attempt.checked_by_id = ctx.principal.user_id
        attempt.checked_at = ctx.now()
    ctx.loaders.ielts.attempt_by_id.clear(attempt.id)
    return attempt


async def speaking_session_start(
    ctx: AppContext,
    diagnostic: bool = False,
    student_id: int | None = None,
    conducted_at: datetime | None = None,
) -> Attempt:
    """A speaking session with a student (conducted now unless another time is given)."""
    ctx.require("ielts.session.take")
    user_id = await _student_for(ctx, student_id)
    if conducted_at is not None and conducted_at.tzinfo is None:
        raise ValidationFailed.single("conducted_at", "Give a time with its zone.", "INVALID")
    async with write_session(ctx.sessionmaker) as session:
        attempt = await attempts.start_attempt(
            session,
            kind=AttemptKind.SPEAKING.value,
            user_id=user_id,
            bank_id=None,
            now=ctx.now(),
            diagnostic=diagnostic,
            source_system="ielts",
        )
        if conducted_at is not None:
            attempt.started_at = conducted_at
    return attempt


async def speaking_session_grade(
    ctx: AppContext, session_id: int, band: Any, comment: str | None = None
) -> Attempt:
    """The examiner's band for a speaking session; the session is then completed."""
    ctx.require("ielts.session.grade")
    errors = Collector()
    parsed = parse_band(band, "band", errors)
    errors.raise_if_any()
    async with write_session(ctx.sessionmaker) as session:
        attempt = await _attempt_for_change(
            ctx, session, session_id, AttemptKind.SPEAKING, owner=False
        )
        attempt.band = parsed
        if comment is not None:
            attempt.result = {**(attempt.result or {}), "comment": comment}
        if attempt.finished_at is None:
            attempt.finished_at = ctx.now()
        attempt.status = AttemptStatus.COMPLETED.value
        attempt.is_checked = True
        attempt.checked_by_id = ctx.principal.user_id
        attempt.checked_at = ctx.now()
    ctx.loaders.ielts.attempt_by_id.clear(attempt.id)
    return attempt
