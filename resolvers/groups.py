"""Subjects and groups (seed 001 §3, §4): reads, writes, computed totals and the group rating."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from auth import policies
from models import academy as academy_models
from models import groups as group_models
from models import people as people_models
from models.db import read_session, write_session
from resolvers import fields
from resolvers.context import AppContext
from resolvers.errors import Collector, Conflict, NotFound
from resolvers.loaders.academy import Ranked
from resolvers.loaders.groups import StudentQuery
from resolvers.pagination import Page, PageArgs, SortKey, paginate, validate_page_args
from resolvers.search import escape_like

Group = group_models.Group
Subject = group_models.Subject

SUBJECT_NAME_MAX = 100
GROUP_NAME_MAX = 30
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAYS_FORMAT = 'Use day names separated by commas, as "Mon,Wed,Fri".'


# ---------------------------------------------------------------------------------------------
# reads used by other types (null when the caller may not read groups)


async def get_group(ctx: AppContext, group_id: int | None) -> Group | None:
    (found,) = await get_groups(ctx, [group_id])
    return found


async def get_groups(ctx: AppContext, group_ids: Sequence[int | None]) -> list[Group | None]:
    """`get_group` for many ids at once (None ids give None)."""
    if not ctx.allowed("group.read"):
        return [None] * len(group_ids)
    wanted = [i for i in group_ids if i is not None]
    found = dict(zip(wanted, await ctx.loaders.group_by_id.load_many(wanted), strict=True))
    return [found.get(i) if i is not None else None for i in group_ids]


async def get_subject(ctx: AppContext, subject_id: int | None) -> Subject | None:
    if subject_id is None or not ctx.allowed("subject.read"):
        return None
    return await ctx.loaders.subject_by_id.load(subject_id)


async def get_teacher(ctx: AppContext, teacher_id: int | None) -> people_models.User | None:
    (found,) = await get_teachers(ctx, [teacher_id])
    return found


async def get_teachers(
    ctx: AppContext, teacher_ids: Sequence[int | None]
) -> list[people_models.User | None]:
    """`get_teacher` for many groups at once."""
    if not ctx.allowed("group.read"):
        return [None] * len(teacher_ids)
    wanted = [i for i in teacher_ids if i is not None]
    found = dict(zip(wanted, await ctx.loaders.teacher_by_id.load_many(wanted), strict=True))
    return [found.get(i) if i is not None else None for i in teacher_ids]


async def get_subjects(ctx: AppContext, subject_ids: Sequence[int]) -> list[Subject | None]:
    if not ctx.allowed("subject.read"):
        return [None] * len(subject_ids)
    return list(await ctx.loaders.subject_by_id.load_many(list(subject_ids)))


# ---------------------------------------------------------------------------------------------
# subjects


async def list_subjects(ctx: AppContext) -> list[Subject]:
    ctx.require("subject.read")
    async with read_session(ctx.sessionmaker) as session:
        return list(await session.scalars(select(Subject).order_by(Subject.id)))


async def subjects_page(ctx: AppContext, page: PageArgs = PageArgs()) -> Page[Subject]:
    ctx.require("subject.read")
    return await paginate(
        ctx.sessionmaker,
        select(Subject),
        [SortKey(Subject.name, False, str), SortKey(Subject.id, False, int)],
        page,
        key_of=lambda s: [s.name, s.id],
    )


async def subject_get(ctx: AppContext, subject_id: int) -> Subject:
    ctx.require("subject.read")
    subject = await ctx.loaders.subject_by_id.load(subject_id)
    if subject is None:
        raise NotFound(field="id")
    return subject


# What a full write (create, replace) must carry; the REST dialect's documents show it too.
SUBJECT_REQUIRED = ("name",)
GROUP_REQUIRED = ("name", "subject")


def _subject_values(data: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
    errors = Collector()
    values: dict[str, Any] = {}
    fields.require(errors, data, SUBJECT_REQUIRED, partial=partial)
    fields.text(errors, data, "name", values, limit=SUBJECT_NAME_MAX, blank=False)
    errors.raise_if_any()
    return values


async def subject_create(ctx: AppContext, data: Mapping[str, Any]) -> Subject:
    ctx.require("subject.write")
    values = _subject_values(data, partial=False)
    async with write_session(ctx.sessionmaker) as session:
        subject = Subject(created_at=ctx.now(), **values)
        session.add(subject)
    return subject


async def subject_update(
    ctx: AppContext, subject_id: int, data: Mapping[str, Any], *, partial: bool = True
) -> Subject:
    ctx.require("subject.write")
    await subject_get(ctx, subject_id)
    values = _subject_values(data, partial=partial)
    async with write_session(ctx.sessionmaker) as session:
        if values:
            await session.execute(update(Subject).where(Subject.id == subject_id).values(**values))
        subject = await session.get(Subject, subject_id, populate_existing=True)
    if subject is None:
        raise NotFound(field="id")
    ctx.loaders.subject_by_id.clear(subject_id).prime(subject_id, subject)
    return subject


async def subject_delete(ctx: AppContext, subject_id: int) -> int:
    ctx.require("subject.write")
    await subject_get(ctx, subject_id)
    try:
        async with write_session(ctx.sessionmaker) as session:
            await session.execute(delete(Subject).where(Subject.id == subject_id))
    except IntegrityError as exc:
        raise Conflict(
            "This subject still has groups; delete or move them first.", code="PROTECTED"
        ) from exc
    ctx.loaders.subject_by_id.clear(subject_id)
    return subject_id


# ---------------------------------------------------------------------------------------------
# groups


class GroupOrderField(enum.Enum):
    NAME = "name"
    CREATED_AT = "created_at"


@dataclass(frozen=True)
class GroupFilter:
    is_active: bool | None = None
    subject_id: int | None = None
    teacher_id: int | None = None
    search: str | None = None


def _filtered_groups(flt: GroupFilter) -> Any:
    stmt = select(Group)
    if flt.is_active is not None:
        stmt = stmt.where(Group.is_active.is_(flt.is_active))
    if flt.subject_id is not None:
        stmt = stmt.where(Group.subject_id == flt.subject_id)
    if flt.teacher_id is not None:
        stmt = stmt.where(Group.teacher_id == flt.teacher_id)
    if flt.search:
        needle = f"%{escape_like(flt.search.strip().lower())}%"
        stmt = stmt.where(func.lower(Group.name).like(needle, escape="\\"))
    return stmt


async def list_groups(ctx: AppContext, flt: GroupFilter = GroupFilter()) -> list[Group]:
    ctx.require("group.read")
    async with read_session(ctx.sessionmaker) as session:
        return list(await session.scalars(_filtered_groups(flt).order_by(Group.id)))


async def groups_page(
    ctx: AppContext,
    flt: GroupFilter = GroupFilter(),
    order: GroupOrderField = GroupOrderField.NAME,
    descending: bool = False,
    page: PageArgs = PageArgs(),
) -> Page[Group]:
    ctx.require("group.read")
    python_type: type = datetime if order is GroupOrderField.CREATED_AT else str
    column = getattr(Group, order.value)
    return await paginate(
        ctx.sessionmaker,
        _filtered_groups(flt),
        [SortKey(column, descending, python_type), SortKey(Group.id, descending, int)],
        page,
        key_of=lambda g: [getattr(g, order.value), g.id],
    )


async def group_get(ctx: AppContext, group_id: int) -> Group:
    ctx.require("group.read")
    group = await ctx.loaders.group_by_id.load(group_id)
    if group is None:
        raise NotFound(field="id")
    return group


def parse_days(value: str) -> str | None:
    """ "mon, Wed,FRI" -> "Mon,Wed,Fri"; None when a part is not a day name."""
    days: list[str] = []
    for part in value.split(","):
        name = part.strip().title()
        if not name:
            continue
        if name not in WEEKDAYS:
            return None
        if name not in days:
            days.append(name)
    return ",".join(days)


async def _group_values(
    ctx: AppContext, data: Mapping[str, Any], *, partial: bool, current: Group | None
) -> dict[str, Any]:
    errors = Collector()
    values: dict[str, Any] = {}
    fields.require(errors, data, GROUP_REQUIRED, partial=partial)
    fields.text(errors, data, "name", values, limit=GROUP_NAME_MAX, blank=False)
    if "description" in data:
        values["description"] = (data["description"] or "").strip()
    if fields.not_null(errors, data, "is_active"):
        values["is_active"] = bool(data["is_active"])
    if "days" in data:
        days = parse_days(data["days"] or "")
        if days is None:
            errors.add("days", DAYS_FORMAT, "INVALID_DAYS")
        else:
            values["days"] = days
    for name in ("start_time", "end_time"):
        if name in data:
            values[name] = data[name]
    start = values.get("start_time", current.start_time if current else None)
    end = values.get("end_time", current.end_time if current else None)
    if start is not None and end is not None and end <= start:
        errors.add("end_time", "The lesson must end after it starts.", "INVALID_TIME_RANGE")

    async with read_session(ctx.sessionmaker) as session:
        if fields.not_null(errors, data, "subject"):
            subject_id = data["subject"]
            if await session.get(Subject, subject_id) is None:
                errors.add("subject", fields.invalid_pk(subject_id), "DOES_NOT_EXIST")
            values["subject_id"] = subject_id
        if "teacher" in data:
            teacher_id = data["teacher"]
            if teacher_id is not None:
                teacher = await session.get(people_models.User, teacher_id)
                if teacher is None or teacher.role == people_models.Role.STUDENT.value:
                    errors.add("teacher", fields.invalid_pk(teacher_id), "DOES_NOT_EXIST")
            values["teacher_id"] = teacher_id
    errors.raise_if_any()
    return values


async def group_create(ctx: AppContext, data: Mapping[str, Any]) -> Group:
    ctx.require("group.write")
    values = await _group_values(ctx, data, partial=False, current=None)
    async with write_session(ctx.sessionmaker) as session:
        group = Group(created_at=ctx.now(), **values)
        session.add(group)
    ctx.loaders.group_by_id.prime(group.id, group)
    return group


async def group_update(
    ctx: AppContext, group_id: int, data: Mapping[str, Any], *, partial: bool = True
) -> Group:
    ctx.require("group.write")
    current = await group_get(ctx, group_id)
    values = await _group_values(ctx, data, partial=partial, current=current)
    async with write_session(ctx.sessionmaker) as session:
        if values:
            await session.execute(update(Group).where(Group.id == group_id).values(**values))
        group = await session.get(Group, group_id, populate_existing=True)
    if group is None:
        raise NotFound(field="id")
    ctx.loaders.group_by_id.clear(group_id).prime(group_id, group)
    return group


async def group_delete(ctx: AppContext, group_id: int) -> int:
    """Delete a group with its attendance, points and homework; its students stay, groupless."""
    ctx.require("group.write")
    await group_get(ctx, group_id)
    Homework = academy_models.Homework
    async with write_session(ctx.sessionmaker) as session:
        files = list(
            await session.scalars(
                select(Homework.file).where(
                    Homework.group_id == group_id, Homework.file.is_not(None)
                )
            )
        )
        await session.execute(delete(Group).where(Group.id == group_id))
    # Files go only once the rows are gone for good.
    for stored in files:
        await ctx.services.media.delete(stored)
    ctx.loaders.group_by_id.clear(group_id)
    return group_id


# ---------------------------------------------------------------------------------------------
# computed fields and the rating


async def group_total_points(ctx: AppContext, group_id: int) -> int:
    return await ctx.loaders.point_total_by_group_id.load(group_id)


async def group_students_count(ctx: AppContext, group_id: int) -> int:
    return await ctx.loaders.student_count_by_group_id.load(group_id)


async def group_homework_count(ctx: AppContext, group_id: int) -> int:
    return await ctx.loaders.homework_count_by_group_id.load(group_id)


async def group_rank(ctx: AppContext, group_id: int) -> Ranked | None:
    """The group's place among active groups by total points; None for an inactive group."""
    if not ctx.allowed("rating.read"):
        return None
    return await ctx.loaders.group_rank_by_group_id.load(group_id)


async def group_rating(ctx: AppContext) -> list[Ranked]:
    """Active groups, best first, by all points given in them (seed §4 rating)."""
    ctx.require("rating.read")
    return await ctx.loaders.group_rank_by_group_id.ranking()


async def group_students_page(
    ctx: AppContext, group_id: int, query: StudentQuery, page: PageArgs
) -> Page[people_models.User]:
    """A group's students; a student asking sees only themselves (people are private)."""
    validate_page_args(page)
    only = policies.only_student_visible(ctx.principal)
    if only is not None:
        query = StudentQuery(query.order, query.descending, query.search, only_user_id=only)
    return await ctx.loaders.student_page_by_group_id.load((group_id, query, page))
