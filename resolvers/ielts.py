"""IELTS: band rules, practice tests and sessions, essays, speaking sessions, mock tests with
timed sessions, answers and scores, and the batch reads of seed 000.

Both faces (GraphQL, the IELTS batch dialect, the academy mock dialect) call these functions;
every rule of the domain lives here once.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

import orjson
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from auth import policies
from models import attempts as attempt_models
from models import groups as group_models
from models import ielts as ielts_models
from models import items as item_models
from models import people as people_models
from models.db import read_session, write_session
from models.files import FileTooLarge
from resolvers import worker
from resolvers.assessment import codes
from resolvers.assessment.scoring import ielts_bands
from resolvers.assessment.scoring.answer_key import raw_score
from resolvers.assessment.scoring.ielts_bands import (
    BAND_MAX,
    BAND_MIN,
    ONE_PLACE,
    ReadingVariant,
    band_for_raw,
    is_band,
    overall_band,
)
from resolvers.context import AppContext, Services
from resolvers.errors import (
    BLANK,
    NULL,
    REQUIRED,
    Collector,
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    max_length,
)
from resolvers.loaders.ielts import ModuleResult, ModuleResults
from resolvers.pagination import Page, PageArgs, SortKey, paginate

Attempt = attempt_models.Attempt
AttemptKind = attempt_models.AttemptKind
AttemptStatus = attempt_models.AttemptStatus
Response = attempt_models.Response
BandScore = attempt_models.BandScore
Bank = item_models.QuestionBank
BankKind = item_models.BankKind
MockSection = ielts_models.MockSection
MockPart = ielts_models.MockPart
User = people_models.User
Role = people_models.Role


class IeltsError(DomainError):
    """A refused step of a test (wrong code, a session already running or already over...)."""

    code = "INVALID"


# ---------------------------------------------------------------------------------------------
# bands


def band_step_message() -> str:
    # Django's StepValueValidator wording, as the academy's other messages are Django's.
    return "Ensure this value is a multiple of step size 0.5."


def parse_band(value: Any, field: str, errors: Collector) -> Decimal | None:
    """A band from JSON or GraphQL input, with DRF's messages; None (and an error) if invalid."""
    if value is None:
        errors.add(field, NULL, "REQUIRED")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        errors.add(field, "A valid number is required.", "INVALID")
        return None
    try:
        band = Decimal(str(value))
    except InvalidOperation:
        errors.add(field, "A valid number is required.", "INVALID")
        return None
    if not band.is_finite():
        errors.add(field, "A valid number is required.", "INVALID")
    elif band < BAND_MIN:
        errors.add(field, "Ensure this value is greater than or equal to 0.0.", "OUT_OF_RANGE")
    elif band > BAND_MAX:
        errors.add(field, "Ensure this value is less than or equal to 9.0.", "OUT_OF_RANGE")
    elif not is_band(band):
        errors.add(field, band_step_message(), "BAND_STEP")
    else:
        return band.quantize(ONE_PLACE)
    return None


def conversion_table_of(bank: Bank) -> list[tuple[int, Decimal]]:
    """The test's own table if it overrides the published one, else the published one."""
    module = AttemptKind.LISTENING if bank.kind == BankKind.IELTS_LISTENING else AttemptKind.READING
    return ielts_bands.table_of_test(module, bank.meta)


def validate_answer_key(value: Any, field: str, errors: Collector) -> dict[str, list[str]] | None:
    """{"1": "A" | ["A", "a"], ...} with at least one question; returned as lists."""
    if not isinstance(value, dict) or not value:
        errors.add(field, "Give an object mapping question numbers to accepted answers.", "INVALID")
        return None
    key: dict[str, list[str]] = {}
    for question, accepted in value.items():
        options = accepted if isinstance(accepted, list) else [accepted]
        if (
            not str(question).strip()
            or not options
            or not all(isinstance(o, str) and o.strip() for o in options)
        ):
            errors.add(
                field, f"Question {question}: give a non-empty answer or list of them.", "INVALID"
            )
            return None
        key[str(question).strip()] = [o.strip() for o in options]
    return key


def validate_conversion(value: Any, field: str, errors: Collector) -> list[list[Any]] | None:
    """[[lowest raw score, band], ...], raw scores falling and bands not rising."""
    message = (
        "Give rows [lowest raw score, band], highest first: raw scores falling, bands not rising."
    )
    if not isinstance(value, list) or not value:
        errors.add(field, message, "INVALID")
        return None
    rows: list[list[Any]] = []
    for row in value:
        if (
            not isinstance(row, list | tuple)
            or len(row) != 2
            or isinstance(row[0], bool)
            or not isinstance(row[0], int)
            or row[0] < 0
        ):
            errors.add(field, message, "INVALID")
            return None
        probe = Collector()
        band = parse_band(row[1], field, probe)
        if band is None:
            errors.add(field, message, "INVALID")
            return None
        rows.append([row[0], str(band)])
    for (raw_a, band_a), (raw_b, band_b) in zip(rows, rows[1:], strict=False):
        if raw_b >= raw_a or Decimal(band_b) > Decimal(band_a):
            errors.add(field, message, "INVALID")
            return None
    return rows


# ---------------------------------------------------------------------------------------------
# shared helpers

MODULES = (AttemptKind.LISTENING, AttemptKind.READING, AttemptKind.WRITING, AttemptKind.SPEAKING)
ESSAY_TASKS = {"task1": 1, "task2": 2}


def parse_uuid(value: Any) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None


def _by_ref(model: Any, value: Any) -> Any:
    """Rows of `model` by database id (GraphQL) or public UUID (REST); None if neither."""
    if isinstance(value, int) and not isinstance(value, bool):
        return model.id == value
    key = parse_uuid(value)
    return model.uuid == key if key is not None else None


def _does_not_exist(value: Any) -> str:
    return f'Invalid pk "{value}" - object does not exist.'


def _int(value: Any, field: str, errors: Collector, *, minimum: int = 1) -> int | None:
    """An integer from JSON, a form field or GraphQL, with DRF's messages."""
    if value is None or value == "":
        errors.add(field, REQUIRED, "REQUIRED")
        return None
    if isinstance(value, bool):
        errors.add(field, "A valid integer is required.", "INVALID")
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.add(field, "A valid integer is required.", "INVALID")
        return None
    if number < minimum:
        errors.add(
            field, f"Ensure this value is greater than or equal to {minimum}.", "OUT_OF_RANGE"
        )
        return None
    return number


def _bool(value: Any, field: str, errors: Collector, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        errors.add(field, f"{field} must be true or false.", "INVALID")
        return default
    return value


async def _student_for(ctx: AppContext, student_id: int | None) -> int:
    """Whose practice session this is: the caller (a student), or a student chosen by staff."""
    if student_id is None:
        if ctx.principal.user_id is None or not ctx.principal.is_student:
            raise ValidationFailed.single("student_id", REQUIRED, "REQUIRED")
        return ctx.principal.user_id
    if not (ctx.principal.is_staff or ctx.principal.kind == "api_key"):
        if not ctx.principal.is_user(student_id):
            raise PermissionDenied()
    student = await ctx.loaders.user_by_id.load(student_id)
    if student is None or student.role != Role.STUDENT.value:
        raise ValidationFailed.single("student_id", _does_not_exist(student_id), "DOES_NOT_EXIST")
    return student_id


# ---------------------------------------------------------------------------------------------
# batch reads (seed 000): students by email, their latest results and history

NOT_FOUND = "Student not found"
DEFAULT_LIMIT = 50
DEFAULT_PER_MODULE = 10
MAX_PER_MODULE = 100


def authorize_batch(ctx: AppContext) -> None:
    """Raise unless the caller may use the batch lookups (before a body is even read)."""
    ctx.require("ielts.batch")


@dataclass(frozen=True)
class BatchOptions:
    emails: list[str]  # deduplicated, in input order (as given, trimmed)
    total: int
    limit: int
    per_module_limit: int = DEFAULT_PER_MODULE
    include_diagnostics: bool = False
    include_answers: bool = False

    @property
    def processed(self) -> list[str]:
        return self.emails[: self.limit]


def batch_options(
    ctx: AppContext,
    emails: Any,
    limit: Any = None,
    per_module_limit: Any = None,
    include_diagnostics: Any = None,
    include_answers: Any = None,
) -> BatchOptions:
    """Check a batch request: emails (required, non-empty strings), limit >= 1 (default 50),
    perModuleLimit 1..100 (default 10); emails are compared ignoring case, duplicates dropped."""
    ctx.require("ielts.batch")
    errors = Collector()
    most = ctx.settings.limits.max_batch_emails
    unique: list[str] = []
    if (
        not isinstance(emails, list)
        or not emails
        or not all(isinstance(e, str) and e.strip() for e in emails)
    ):
        errors.add("emails", "emails must be a non-empty array of non-empty strings.", "INVALID")
    elif len(emails) > most:
        errors.add("emails", f"emails may hold at most {most} addresses.", "TOO_MANY")
    else:
        seen: set[str] = set()
        for email in emails:
            key = email.strip().lower()
            if key not in seen:
                seen.add(key)
                unique.append(email.strip())
    if limit is None:
        limit = DEFAULT_LIMIT
    elif isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        errors.add("limit", "limit must be an integer of at least 1.", "OUT_OF_RANGE")
    if per_module_limit is None:
        per_module_limit = DEFAULT_PER_MODULE
    elif (
        isinstance(per_module_limit, bool)
        or not isinstance(per_module_limit, int)
        or not 1 <= per_module_limit <= MAX_PER_MODULE
    ):
        errors.add(
            "per_module_limit",
            f"perModuleLimit must be an integer from 1 to {MAX_PER_MODULE}.",
            "OUT_OF_RANGE",
        )
    diagnostics = _bool(include_diagnostics, "includeDiagnostics", errors, False)
    answers = _bool(include_answers, "includeAnswers", errors, False)
    errors.raise_if_any()
    return BatchOptions(unique, len(unique), limit, per_module_limit, diagnostics, answers)


@dataclass(frozen=True)
class Lookup:
    email: str
    student: User | None


async def students_by_email(ctx: AppContext, options: BatchOptions) -> list[Lookup]:
    """The first `limit` emails with their student (None when no student has that email)."""
    ctx.require("ielts.batch")
    emails = options.processed
    found = await ctx.loaders.student_by_email.load_many([e.lower() for e in emails])
    return [Lookup(e, s) for e, s in zip(emails, found, strict=True)]


@dataclass(frozen=True, slots=True)
class Profile:
    full_name: str
    first_name: str
    last_name: str
    student_id: str | None
    email: str | None
    group_name: str | None
    teacher_name: str | None
    curator_code: str | None
    status: str


async def student_profiles(ctx: AppContext, students: Sequence[User]) -> list[Profile]:
    """Seed 000's profile: group name, the group's teacher, the curator's code. What the batch
    lookup shows of a student: whoever may run it sees these, whatever else they may read."""
    # groups (with their teachers) and curators side by side: one round trip
    group_ids = sorted({s.group_id for s in students if s.group_id is not None})
    curator_ids = sorted({s.curator_id for s in students if s.curator_id is not None})
    groups, curators = await asyncio.gather(
        ctx.loaders.group_by_id.load_many(group_ids),
        ctx.loaders.curator_by_id.load_many(curator_ids),
    )
    by_group = {g.id: g for g in groups if g is not None}
    teacher_ids = sorted({g.teacher_id for g in by_group.values() if g.teacher_id is not None})
    teachers = await ctx.loaders.teacher_by_id.load_many(teacher_ids)
    by_teacher = {t.id: t for t in teachers if t is not None}
    by_curator = {c.id: c for c in curators if c is not None}
    profiles = []
    for s in students:
        group = by_group.get(s.group_id) if s.group_id is not None else None
        teacher = by_teacher.get(group.teacher_id) if group and group.teacher_id else None
        curator = by_curator.get(s.curator_id) if s.curator_id is not None else None
        profiles.append(
            Profile(
                full_name=s.full_name,
                first_name=s.first_name,
                last_name=s.last_name,
                student_id=s.code,
                email=s.email,
                group_name=group.name if group else None,
                teacher_name=teacher.full_name if teacher else None,
                curator_code=curator.code if curator else None,
                status=s.status,
            )
        )
    return profiles


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
    return await pending  # type: ignore[no-any-return]


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
        [SortKey(Bank.id, True, int)],
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
    attempt = await session.get(Attempt, attempt_id, with_for_update=True)
    if (
        attempt is None
        or attempt.kind != kind
        or not policies.can_view_results_of(ctx.principal, attempt.user_id)
    ):
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
        attempt = Attempt(
            created_at=ctx.now(),
            kind=module,
            user_id=user_id,
            bank_id=bank.id,
            started_at=ctx.now(),
            diagnostic=diagnostic,
            source_system="ielts",
            status=AttemptStatus.IN_PROGRESS.value,
            meta={},
        )
        session.add(attempt)
        await session.flush()
    return attempt


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
            if attempt.finished_at is not None:
                raise Conflict("This session has already been submitted.", code="ALREADY_SUBMITTED")
            now = ctx.now()
            session.add(
                Response(
                    attempt_id=attempt.id, slot=slot, answer=answer, created_at=now, updated_at=now
                )
            )
            for name, value in scored.items():
                setattr(attempt, name, value)
            attempt.finished_at = ctx.now()
            await session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "This session has already been submitted.", code="ALREADY_SUBMITTED"
        ) from exc
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
        attempt = Attempt(
            created_at=ctx.now(),
            kind=AttemptKind.WRITING.value,
            user_id=user_id,
            started_at=ctx.now(),
            diagnostic=diagnostic,
            source_system="ielts",
            status=AttemptStatus.IN_PROGRESS.value,
            meta={"task_type": task_type, **({"prompt": prompt} if prompt else {})},
        )
        session.add(attempt)
        await session.flush()
    return attempt


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
        attempt = Attempt(
            created_at=ctx.now(),
            kind=AttemptKind.SPEAKING.value,
            user_id=user_id,
            started_at=conducted_at or ctx.now(),
            diagnostic=diagnostic,
            source_system="ielts",
            status=AttemptStatus.IN_PROGRESS.value,
            meta={},
        )
        session.add(attempt)
        await session.flush()
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


# ---------------------------------------------------------------------------------------------
# mock tests (seed 001 §18.1)

CODE_LENGTH = codes.CODE_LENGTH
MOCK_FOLDERS = {
    ("READING", "file"): "tests/reading",
    ("WRITING", "file"): "tests/writing",
    ("LISTENING", "audio_file"): "mock_tests/listening/audio",
    ("LISTENING", "question_file"): "mock_tests/listening/questions",
}
PART_FILES = {
    MockPart.READING: ("file",),
    MockPart.WRITING: ("file",),
    MockPart.LISTENING: ("audio_file", "question_file"),
}
NO_FILE = "No file was submitted."
EMPTY_FILE = "The submitted file is empty."


@dataclass
class Upload:
    """A file as it arrives: a readable stream and the client's file name."""

    stream: BinaryIO
    filename: str | None


@dataclass
class MockSectionInput:
    file: Upload | None = None
    audio_file: Upload | None = None
    question_file: Upload | None = None
    duration: Any = None
    question_count: Any = None
    answer_key: Any = None


def _is_empty(upload: Upload) -> bool:
    stream = upload.stream
    try:
        position = stream.tell()
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(position)
    except (OSError, ValueError):
        return False
    return size == 0


def authorize_mock_test_create(ctx: AppContext) -> None:
    """Raise unless the caller may create mock tests (checked before an upload is read)."""
    ctx.require("mock.test.create")


async def mock_test_create(
    ctx: AppContext, title: Any, sections: Mapping[str, MockSectionInput | None]
) -> Bank:
    """A mock test with its reading, writing and listening parts, files streamed to storage;
    the 6-character code is drawn here and `created_by` is the caller."""
    ctx.require("mock.test.create")
    errors = Collector()
    if title is None:
        errors.add("title", REQUIRED, "REQUIRED")
    elif not isinstance(title, str):
        errors.add("title", "Not a valid string.", "INVALID")
    elif not title.strip():
        errors.add("title", BLANK, "BLANK")
    elif len(title.strip()) > 255:
        errors.add("title", max_length(255), "TOO_LONG")
    checked: dict[MockPart, dict[str, Any]] = {}
    for part in MockPart:
        name = part.value.lower()
        given = sections.get(name)
        if given is None:
            errors.add(name, REQUIRED, "REQUIRED")
            continue
        values: dict[str, Any] = {}
        for file_field in PART_FILES[part]:
            upload = getattr(given, file_field)
            if upload is None:
                errors.add(f"{name}.{file_field}", NO_FILE, "REQUIRED")
            elif _is_empty(upload):
                errors.add(f"{name}.{file_field}", EMPTY_FILE, "INVALID")
            values[file_field] = upload
        values["duration"] = _int(given.duration, f"{name}.duration", errors)
        values["question_count"] = _int(given.question_count, f"{name}.question_count", errors)
        if given.answer_key is not None and part is not MockPart.WRITING:
            values["answer_key"] = validate_answer_key(
                given.answer_key, f"{name}.answer_key", errors
            )
        checked[part] = values
    errors.raise_if_any()

    saved: list[str] = []
    try:
        rows: list[MockSection] = []
        for part, values in checked.items():
            stored: dict[str, str] = {}
            for file_field in PART_FILES[part]:
                upload = values[file_field]
                path = await ctx.services.media.save(
                    upload.stream, MOCK_FOLDERS[(part.value, file_field)], upload.filename
                )
                saved.append(path)
                stored[file_field] = path
            rows.append(
                MockSection(
                    created_at=ctx.now(),
                    updated_at=ctx.now(),
                    part=part.value,
                    duration=values["duration"],
                    question_count=values["question_count"],
                    answer_key=values.get("answer_key"),
                    **stored,
                )
            )
        bank = await _insert_mock_test(ctx, title.strip(), rows)
    except FileTooLarge as exc:
        await _delete_files(ctx, saved)
        raise ValidationFailed.single(None, str(exc), "TOO_LARGE") from exc
    except BaseException:
        await _delete_files(ctx, saved)
        raise
    return bank


async def _insert_mock_test(ctx: AppContext, title: str, sections: list[MockSection]) -> Bank:
    async def build(session: Any, code: str) -> Bank:
        bank = Bank(
            created_at=ctx.now(),
            updated_at=ctx.now(),
            kind=BankKind.MOCK.value,
            title=title,
            code=code,
            is_published=True,
            created_by_id=ctx.principal.user_id,
            time_limit_minutes=sum(s.duration for s in sections),
            meta={},
        )
        session.add(bank)
        await session.flush()
        for section in sections:
            section.bank_id = bank.id
        session.add_all(sections)
        await session.flush()
        return bank

    return await codes.with_new_code(ctx.sessionmaker, build)


async def _delete_files(ctx: AppContext, paths: Iterable[str | None]) -> None:
    for path in paths:
        await ctx.services.media.delete(path)


async def get_mock_test(ctx: AppContext, test_id: Any) -> Bank:
    ctx.require("mock.test.read")
    bank = await _mock_test(ctx, test_id)
    if bank is None:
        raise NotFound()
    return bank


async def _mock_test(ctx: AppContext, test_id: Any) -> Bank | None:
    if isinstance(test_id, int) and not isinstance(test_id, bool):
        bank = await ctx.loaders.ielts.bank_by_id.load(test_id)
        return bank if bank is not None and bank.kind == BankKind.MOCK else None
    key = parse_uuid(test_id)
    return await ctx.loaders.ielts.mock_test_by_uuid.load(key) if key else None


async def get_mock_tests_by_id(ctx: AppContext, ids: Sequence[int]) -> list[Bank | None]:
    if not ctx.allowed("mock.test.read"):
        return [None] * len(ids)
    banks = await ctx.loaders.ielts.bank_by_id.load_many(list(ids))
    return [b if b is not None and b.kind == BankKind.MOCK else None for b in banks]


async def all_mock_tests(ctx: AppContext) -> list[Bank]:
    """Every mock test, newest first (the academy's list is not paged)."""
    ctx.require("mock.test.read")
    async with read_session(ctx.sessionmaker) as session:
        rows = await session.scalars(
            select(Bank).where(Bank.kind == BankKind.MOCK.value).order_by(Bank.id.desc())
        )
        return list(rows)


async def mock_tests_page(ctx: AppContext, page: PageArgs) -> Page[Bank]:
    ctx.require("mock.test.read")
    return await paginate(
        ctx.sessionmaker,
        select(Bank).where(Bank.kind == BankKind.MOCK.value),
        [SortKey(Bank.id, True, int)],
        page,
        key_of=lambda b: [b.id],
    )


async def mock_test_delete(ctx: AppContext, test_id: Any) -> uuid.UUID:
    """Delete a mock test and its files; its sessions stay, without a test."""
    ctx.require("mock.test.delete")
    condition = _by_ref(Bank, test_id)
    if condition is None:
        raise NotFound()
    async with write_session(ctx.sessionmaker) as session:
        bank = await session.scalar(select(Bank).where(condition, Bank.kind == BankKind.MOCK.value))
        if bank is None:
            raise NotFound()
        sections = list(
            await session.scalars(select(MockSection).where(MockSection.bank_id == bank.id))
        )
        await session.delete(bank)
    await _delete_files(ctx, [p for s in sections for p in (s.file, s.audio_file, s.question_file)])
    ctx.loaders.ielts.bank_by_id.clear(bank.id)
    ctx.loaders.ielts.mock_test_by_uuid.clear(bank.uuid)
    return bank.uuid


def can_see_code(ctx: AppContext) -> bool:
    return policies.can_see_mock_code(ctx.principal)


async def mock_sections(ctx: AppContext, bank_id: int) -> dict[str, MockSection]:
    rows = await ctx.loaders.ielts.mock_sections_by_bank_id.load(bank_id)
    return {s.part: s for s in rows}


@dataclass
class MockTestView:
    test: Bank
    sections: dict[str, MockSection]
    creator: User | None


async def mock_test_views(ctx: AppContext, banks: Sequence[Bank]) -> list[MockTestView]:
    """Tests with their parts and authors: two statements whatever the number of tests."""
    sections, creators = await asyncio.gather(
        ctx.loaders.ielts.mock_sections_by_bank_id.load_many([b.id for b in banks]),
        ctx.loaders.user_by_id.load_many(
            sorted({b.created_by_id for b in banks if b.created_by_id is not None})
        ),
    )
    by_creator = {u.id: u for u in creators if u is not None}
    return [
        MockTestView(
            b,
            {s.part: s for s in parts},
            by_creator.get(b.created_by_id) if b.created_by_id else None,
        )
        for b, parts in zip(banks, sections, strict=True)
    ]


# ---------------------------------------------------------------------------------------------
# mock sessions (seed 001 §18.2-18.4)

WRONG_CODE = "Test kodi noto'g'ri."
ACTIVE_EXISTS = "Sizda bu test uchun aktiv session mavjud."
ALREADY_COMPLETED = "Bu session allaqachon yakunlangan."
NOT_COMPLETED = "Bu session hali yakunlanmagan."
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
    if attempt.deadline is not None and now >= attempt.deadline:
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
            attempt = Attempt(
                created_at=now,
                kind=AttemptKind.MOCK.value,
                user_id=user_id,
                bank_id=bank.id,
                started_at=now,
                deadline=now + timedelta(minutes=sum(s.duration for s in sections)),
                status=AttemptStatus.IN_PROGRESS.value,
                source_system="academy",
                meta={},
            )
            session.add(attempt)
            await session.flush()
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
        [SortKey(Attempt.started_at, True, datetime), SortKey(Attempt.id, True, int)],
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
