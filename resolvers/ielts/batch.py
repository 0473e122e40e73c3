"""The batch lookup of seed 000: students by email with their profiles."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from resolvers.context import AppContext
from resolvers.errors import (
    Collector,
)
from resolvers.ielts.common import (
    User,
)
from resolvers.ielts.inputs import (
    _bool,
)

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
