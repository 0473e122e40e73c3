"""The learning center's daily records (seed 001 §7-§10, §15): attendance, points, homework,
work logs, and the totals and ratings computed from points.

Employees (staff other than owners) get a work log for the day in the same transaction as any
attendance, points or homework they record. "Today" and lesson times are Asia/Tashkent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, BinaryIO

from sqlalchemy import Select, delete, false, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from auth import policies
from models import academy as academy_models
from models import groups as group_models
from models import people as people_models
from models.db import read_session, write_session
from models.files import FileTooLarge
from resolvers import fields
from resolvers.center_time import CENTER_TZ, local_now, today
from resolvers.context import AppContext
from resolvers.errors import (
    REQUIRED,
    Collector,
    DomainError,
    FieldError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from resolvers.loaders.academy import Ranked, RecordQuery
from resolvers.pagination import Page, PageArgs, SortKey, paginate, validate_page_args

Attendance = academy_models.Attendance
AttendanceStatus = academy_models.AttendanceStatus
PointEntry = academy_models.PointEntry
Homework = academy_models.Homework
WorkLog = academy_models.WorkLog
User = people_models.User
Role = people_models.Role

ACADEMY_TZ = CENTER_TZ
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SCORE_MIN, SCORE_MAX = 0, 100
UNIQUE_ATTENDANCE = "The fields student, group, date must make a unique set."
TEXT_OR_FILE = "Fayl yoki matn kiritilishi shart."
NOT_A_STUDENT = "Not a student"


class LessonTimeRefused(DomainError):
    """An employee bulk-marking attendance outside the group's lesson day or time."""

    code = "NOT_LESSON_TIME"


def clock_time(value: time | None) -> str:
    """09:00:00, as the academy writes lesson times."""
    return value.isoformat(timespec="seconds") if value is not None else ""


# ---------------------------------------------------------------------------------------------
# shared pieces


async def record_work(ctx: AppContext, session: AsyncSession) -> None:
    """Today's work log of the employee asking (one per employee per day), in `session`."""
    if not policies.keeps_work_log(ctx.principal) or ctx.principal.user_id is None:
        return
    connection = await session.connection()
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    await session.execute(
        insert(WorkLog)
        .values(
            employee_id=ctx.principal.user_id, date=today(ctx), status=True, created_at=ctx.now()
        )
        .on_conflict_do_nothing(index_elements=["employee_id", "date"])
    )


async def _check_student(
    session: AsyncSession, errors: Collector, data: Mapping[str, Any], values: dict[str, Any]
) -> None:
    if not fields.not_null(errors, data, "student"):
        return
    student_id = data["student"]
    student = await session.get(User, student_id)
    if student is None:
        errors.add("student", fields.invalid_pk(student_id), "DOES_NOT_EXIST")
    elif student.role != Role.STUDENT.value:
        # Records are kept for students only (points: "role=student").
        errors.add("student", fields.invalid_pk(student_id), "NOT_A_STUDENT")
    values["student_id"] = student_id


async def _check_active_group(
    session: AsyncSession,
    errors: Collector,
    data: Mapping[str, Any],
    values: dict[str, Any],
    name: str = "group",
) -> None:
    if not fields.not_null(errors, data, name):
        return
    group_id = data[name]
    group = await session.get(group_models.Group, group_id)
    if group is None:
        errors.add(name, fields.invalid_pk(group_id), "DOES_NOT_EXIST")
    elif not group.is_active:
        # Only active groups take records; the academy answers as if the group were not there.
        errors.add(name, fields.invalid_pk(group_id), "GROUP_INACTIVE")
    values["group_id"] = group_id


def _own_only(ctx: AppContext, stmt: Select[Any], column: Any) -> Select[Any]:
    if policies.sees_own_records_only(ctx.principal):
        return stmt.where(column == (ctx.principal.user_id or 0))
    return stmt


async def record_people(ctx: AppContext, user_ids: Sequence[int | None]) -> list[User | None]:
    """The people named on records the caller may already see (student, marked_by, given_by):
    the academy shows their names with the record, whoever asks."""
    wanted = [i for i in user_ids if i is not None]
    found = dict(zip(wanted, await ctx.loaders.user_by_id.load_many(wanted), strict=True))
    return [found.get(i) if i is not None else None for i in user_ids]


# ---------------------------------------------------------------------------------------------
# attendance (§8)


@dataclass(frozen=True)
class AttendanceFilter:
    group_id: int | None = None
    student_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None


def _attendance_select(ctx: AppContext, flt: AttendanceFilter) -> Select[Any]:
    stmt = _own_only(ctx, select(Attendance), Attendance.student_id)
    if flt.group_id is not None:
        stmt = stmt.where(Attendance.group_id == flt.group_id)
    if flt.student_id is not None:
        stmt = stmt.where(Attendance.student_id == flt.student_id)
    if flt.date_from is not None:
        stmt = stmt.where(Attendance.date >= flt.date_from)
    if flt.date_to is not None:
        stmt = stmt.where(Attendance.date <= flt.date_to)
    if flt.status is not None:
        stmt = stmt.where(Attendance.status == flt.status)
    return stmt


async def attendance_list(
    ctx: AppContext, flt: AttendanceFilter = AttendanceFilter()
) -> list[Attendance]:
    ctx.require("attendance.read")
    async with read_session(ctx.sessionmaker) as session:
        return list(await session.scalars(_attendance_select(ctx, flt).order_by(Attendance.id)))


async def attendance_page(
    ctx: AppContext,
    flt: AttendanceFilter = AttendanceFilter(),
    descending: bool = True,
    page: PageArgs = PageArgs(),
) -> Page[Attendance]:
    ctx.require("attendance.read")
    return await paginate(
        ctx.sessionmaker,
        _attendance_select(ctx, flt),
        [SortKey(Attendance.date, descending, date), SortKey(Attendance.id, descending, int)],
        page,
        key_of=lambda a: [a.date, a.id],
    )


async def attendance_get(ctx: AppContext, attendance_id: int) -> Attendance:
    ctx.require("attendance.read")
    record = await ctx.loaders.attendance_by_id.load(attendance_id)
    if record is None or not policies.can_view_student_record(ctx.principal, record.student_id):
        raise NotFound(field="id")
    return record


# What a full write (create, replace) must carry; the REST dialect's documents show it too.
ATTENDANCE_REQUIRED = ("student", "group", "status")
POINT_REQUIRED = ("student", "group", "score")


async def _attendance_values(
    ctx: AppContext, data: Mapping[str, Any], *, partial: bool
) -> dict[str, Any]:
    errors = Collector()
    values: dict[str, Any] = {}
    fields.require(errors, data, ATTENDANCE_REQUIRED, partial=partial)
    if fields.not_null(errors, data, "status"):
        status = data["status"]
        if status not in {s.value for s in AttendanceStatus}:
            errors.add("status", fields.invalid_choice(status), "INVALID_CHOICE")
        values["status"] = status
    async with read_session(ctx.sessionmaker) as session:
        await _check_student(session, errors, data, values)
        await _check_active_group(session, errors, data, values)
    errors.raise_if_any()
    return values


async def _taken(
    session: AsyncSession, student_id: int, group_id: int, day: date, but: int | None = None
) -> bool:
    stmt = select(Attendance.id).where(
        Attendance.student_id == student_id, Attendance.group_id == group_id, Attendance.date == day
    )
    if but is not None:
        stmt = stmt.where(Attendance.id != but)
    return await session.scalar(stmt.limit(1)) is not None


async def attendance_create(ctx: AppContext, data: Mapping[str, Any]) -> Attendance:
    """Mark one student today; `marked_by` is the caller. One record per student, group, day."""
    ctx.require("attendance.write")
    values = await _attendance_values(ctx, data, partial=False)
    now = local_now(ctx)
    try:
        async with write_session(ctx.sessionmaker) as session:
            if await _taken(session, values["student_id"], values["group_id"], now.date()):
                raise ValidationFailed.single(None, UNIQUE_ATTENDANCE, "UNIQUE")
            record = Attendance(
                **values,
                date=now.date(),
                time=now.time().replace(microsecond=0, tzinfo=None),
                marked_by_id=ctx.principal.user_id,
                created_at=ctx.now(),
                updated_at=ctx.now(),
            )
            session.add(record)
            await record_work(ctx, session)
    except IntegrityError as exc:  # a concurrent request marked the same student first
        raise ValidationFailed.single(None, UNIQUE_ATTENDANCE, "UNIQUE") from exc
    ctx.loaders.attendance_by_id.prime(record.id, record)
    return record


async def attendance_update(
    ctx: AppContext, attendance_id: int, data: Mapping[str, Any], *, partial: bool = True
) -> Attendance:
    """Change a record (say `kelmadi` to `keldi`); the caller becomes its `marked_by`."""
    ctx.require("attendance.write")
    current = await attendance_get(ctx, attendance_id)
    values = await _attendance_values(ctx, data, partial=partial)
    try:
        async with write_session(ctx.sessionmaker) as session:
            student_id = values.get("student_id", current.student_id)
            group_id = values.get("group_id", current.group_id)
            if await _taken(session, student_id, group_id, current.date, but=attendance_id):
                raise ValidationFailed.single(None, UNIQUE_ATTENDANCE, "UNIQUE")
            await session.execute(
                update(Attendance)
                .where(Attendance.id == attendance_id)
                .values(**values, marked_by_id=ctx.principal.user_id, updated_at=ctx.now())
            )
            await record_work(ctx, session)
            record = await session.get(Attendance, attendance_id, populate_existing=True)
    except IntegrityError as exc:
        raise ValidationFailed.single(None, UNIQUE_ATTENDANCE, "UNIQUE") from exc
    if record is None:
        raise NotFound(field="id")
    ctx.loaders.attendance_by_id.clear(attendance_id).prime(attendance_id, record)
    return record


async def attendance_delete(ctx: AppContext, attendance_id: int) -> int:
    ctx.require("attendance.write")
    await attendance_get(ctx, attendance_id)
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(delete(Attendance).where(Attendance.id == attendance_id))
    ctx.loaders.attendance_by_id.clear(attendance_id)
    return attendance_id


def check_lesson_time(group: group_models.Group, now: datetime) -> None:
    """Employees bulk-mark only on a lesson day, inside the lesson (seed's own error texts)."""
    days = [d.strip() for d in (group.days or "").split(",") if d.strip()]
    if WEEKDAYS[now.weekday()] not in days:
        raise LessonTimeRefused(
            f"Bugun guruhning dars kuni emas. ({group.days})", code="NOT_LESSON_DAY"
        )
    start, end, moment = group.start_time, group.end_time, now.time().replace(tzinfo=None)
    if start is None or end is None or not start <= moment <= end:
        raise LessonTimeRefused(
            f"Dars vaqti emas. ({clock_time(start)}-{clock_time(end)})", code="NOT_LESSON_TIME"
        )


@dataclass(frozen=True)
class BulkAttendance:
    records: list[Attendance]
    # False when today's records already existed and were returned as they are.
    created: bool


async def attendance_bulk_create(ctx: AppContext, group_id: int | None) -> BulkAttendance:
    """Today's attendance of a whole group: the existing records, or `kelmadi` for every
    student of the group. Employees only on the lesson day and inside the lesson time."""
    ctx.require("attendance.write")
    if group_id is None:
        raise ValidationFailed.single("group_id", REQUIRED, "REQUIRED")
    group = await ctx.loaders.group_by_id.load(group_id)
    if group is None:
        raise NotFound(field="group_id")
    if not group.is_active:
        raise ValidationFailed.single("group_id", fields.invalid_pk(group_id), "GROUP_INACTIVE")
    now = local_now(ctx)
    if policies.bound_by_lesson_time(ctx.principal):
        check_lesson_time(group, now)
    todays = (
        select(Attendance)
        .where(Attendance.group_id == group_id, Attendance.date == now.date())
        .order_by(Attendance.id)
    )
    try:
        async with write_session(ctx.sessionmaker) as session:
            existing = list(await session.scalars(todays))
            await record_work(ctx, session)
            if existing:
                return BulkAttendance(existing, created=False)
            students = await session.scalars(
                select(User.id)
                .where(User.group_id == group_id, User.role == Role.STUDENT.value)
                .order_by(User.id)
            )
            records = [
                Attendance(
                    student_id=student_id,
                    group_id=group_id,
                    status=AttendanceStatus.ABSENT.value,
                    date=now.date(),
                    time=now.time().replace(microsecond=0, tzinfo=None),
                    marked_by_id=ctx.principal.user_id,
                    created_at=ctx.now(),
                    updated_at=ctx.now(),
                )
                for student_id in students
            ]
            session.add_all(records)
        return BulkAttendance(records, created=True)
    except IntegrityError:
        # Another request created today's records first: answer with those.
        async with read_session(ctx.sessionmaker) as session:
            return BulkAttendance(list(await session.scalars(todays)), created=False)


async def student_attendance_page(
    ctx: AppContext, student_id: int, query: RecordQuery, page: PageArgs
) -> Page[Attendance]:
    """A student's attendance (the student is already one the caller may see)."""
    ctx.require("attendance.read")
    validate_page_args(page)
    return await ctx.loaders.attendance_page_by_student_id.load((student_id, query, page))


# ---------------------------------------------------------------------------------------------
# points (§9, the seed's "scores")


@dataclass(frozen=True)
class PointFilter:
    group_id: int | None = None
    student_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def _point_select(ctx: AppContext, flt: PointFilter) -> Select[Any]:
    stmt = _own_only(ctx, select(PointEntry), PointEntry.student_id)
    if flt.group_id is not None:
        stmt = stmt.where(PointEntry.group_id == flt.group_id)
    if flt.student_id is not None:
        stmt = stmt.where(PointEntry.student_id == flt.student_id)
    if flt.date_from is not None:
        stmt = stmt.where(PointEntry.date >= flt.date_from)
    if flt.date_to is not None:
        stmt = stmt.where(PointEntry.date <= flt.date_to)
    return stmt


async def point_list(ctx: AppContext, flt: PointFilter = PointFilter()) -> list[PointEntry]:
    ctx.require("point.read")
    async with read_session(ctx.sessionmaker) as session:
        return list(await session.scalars(_point_select(ctx, flt).order_by(PointEntry.id)))


async def point_page(
    ctx: AppContext,
    flt: PointFilter = PointFilter(),
    descending: bool = True,
    page: PageArgs = PageArgs(),
) -> Page[PointEntry]:
    ctx.require("point.read")
    return await paginate(
        ctx.sessionmaker,
        _point_select(ctx, flt),
        [SortKey(PointEntry.date, descending, date), SortKey(PointEntry.id, descending, int)],
        page,
        key_of=lambda p: [p.date, p.id],
    )


async def point_get(ctx: AppContext, point_id: int) -> PointEntry:
    ctx.require("point.read")
    entry = await ctx.loaders.point_entry_by_id.load(point_id)
    if entry is None or not policies.can_view_student_record(ctx.principal, entry.student_id):
        raise NotFound(field="id")
    return entry


async def _point_values(
    ctx: AppContext, data: Mapping[str, Any], *, partial: bool
) -> dict[str, Any]:
    errors = Collector()
    values: dict[str, Any] = {}
    fields.require(errors, data, POINT_REQUIRED, partial=partial)
    if fields.not_null(errors, data, "score"):
        score = data["score"]
        if score < SCORE_MIN:
            errors.add("score", fields.min_value(SCORE_MIN), "OUT_OF_RANGE")
        elif score > SCORE_MAX:
            errors.add("score", fields.max_value(SCORE_MAX), "OUT_OF_RANGE")
        values["score"] = int(score)
    async with read_session(ctx.sessionmaker) as session:
        await _check_student(session, errors, data, values)
        await _check_active_group(session, errors, data, values)
    errors.raise_if_any()
    return values


async def point_create(ctx: AppContext, data: Mapping[str, Any]) -> PointEntry:
    """Give a student 0-100 points in an active group; `given_by` is the caller."""
    ctx.require("point.write")
    values = await _point_values(ctx, data, partial=False)
    async with write_session(ctx.sessionmaker) as session:
        entry = PointEntry(
            **values,
            date=today(ctx),
            given_by_id=ctx.principal.user_id,
            created_at=ctx.now(),
            updated_at=ctx.now(),
        )
        session.add(entry)
        await record_work(ctx, session)
    ctx.loaders.point_entry_by_id.prime(entry.id, entry)
    return entry


async def point_update(
    ctx: AppContext, point_id: int, data: Mapping[str, Any], *, partial: bool = True
) -> PointEntry:
    ctx.require("point.write")
    await point_get(ctx, point_id)
    values = await _point_values(ctx, data, partial=partial)
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(
            update(PointEntry)
            .where(PointEntry.id == point_id)
            .values(**values, given_by_id=ctx.principal.user_id, updated_at=ctx.now())
        )
        await record_work(ctx, session)
        entry = await session.get(PointEntry, point_id, populate_existing=True)
    if entry is None:
        raise NotFound(field="id")
    ctx.loaders.point_entry_by_id.clear(point_id).prime(point_id, entry)
    return entry


async def point_delete(ctx: AppContext, point_id: int) -> int:
    ctx.require("point.write")
    await point_get(ctx, point_id)
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(delete(PointEntry).where(PointEntry.id == point_id))
    ctx.loaders.point_entry_by_id.clear(point_id)
    return point_id


async def student_points_page(
    ctx: AppContext, student_id: int, query: RecordQuery, page: PageArgs
) -> Page[PointEntry]:
    ctx.require("point.read")
    validate_page_args(page)
    return await ctx.loaders.point_page_by_student_id.load((student_id, query, page))


async def student_total_points(ctx: AppContext, student_id: int) -> int:
    """All points the student was ever given (`all_score`)."""
    return await ctx.loaders.point_total_by_student_id.load(student_id)


async def student_rank(ctx: AppContext, student_id: int, group_id: int | None) -> Ranked | None:
    """The student's place in their group by the points given there; None without a group."""
    if group_id is None or not ctx.allowed("rating.read"):
        return None
    ranking = await ctx.loaders.student_ranking_by_group_id.load(group_id)
    return next((r for r in ranking if r.id == student_id), None)


@dataclass(frozen=True)
class RatedStudent:
    student: User
    ranked: Ranked


async def student_rating(ctx: AppContext, group_id: int) -> list[RatedStudent]:
    """The group's students, best first, by the points given in the group. Students may see
    the rating of their own group only."""
    ctx.require("rating.read")
    group = await ctx.loaders.group_by_id.load(group_id)
    if group is None:
        raise NotFound(field="group_id")
    if ctx.principal.is_student:
        me = await ctx.loaders.user_by_id.load(ctx.principal.user_id or 0)
        if me is None or me.group_id != group_id:
            raise NotFound(field="group_id")
    ranking = await ctx.loaders.student_ranking_by_group_id.load(group_id)
    students = await ctx.loaders.user_by_id.load_many([r.id for r in ranking])
    return [RatedStudent(s, r) for s, r in zip(students, ranking, strict=True) if s is not None]


# ---------------------------------------------------------------------------------------------
# homework (§10)


@dataclass(frozen=True)
class Upload:
    """A file as it arrives: read in chunks, never whole into memory."""

    stream: BinaryIO
    filename: str | None


@dataclass(frozen=True)
class HomeworkFilter:
    group_id: int | None = None


async def _viewer_group_id(ctx: AppContext) -> int | None:
    if ctx.principal.user_id is None:
        return None
    me = await ctx.loaders.user_by_id.load(ctx.principal.user_id)
    return me.group_id if me is not None else None


async def _homework_select(ctx: AppContext, flt: HomeworkFilter) -> Select[Any]:
    stmt = select(Homework)
    if policies.sees_own_records_only(ctx.principal):
        stmt = stmt.where(Homework.group_id == (await _viewer_group_id(ctx) or 0))
    if flt.group_id is not None:
        stmt = stmt.where(Homework.group_id == flt.group_id)
    return stmt


async def homework_list(ctx: AppContext, flt: HomeworkFilter = HomeworkFilter()) -> list[Homework]:
    """Every homework; a student sees their group's."""
    ctx.require("homework.read")
    stmt = await _homework_select(ctx, flt)
    async with read_session(ctx.sessionmaker) as session:
        return list(await session.scalars(stmt.order_by(Homework.id)))


def _homework_keys(descending: bool) -> list[SortKey]:
    return [
        SortKey(Homework.created_at, descending, datetime),
        SortKey(Homework.id, descending, int),
    ]


async def homework_page(
    ctx: AppContext,
    flt: HomeworkFilter = HomeworkFilter(),
    descending: bool = True,
    page: PageArgs = PageArgs(),
) -> Page[Homework]:
    ctx.require("homework.read")
    return await paginate(
        ctx.sessionmaker,
        await _homework_select(ctx, flt),
        _homework_keys(descending),
        page,
        key_of=lambda h: [h.created_at, h.id],
    )


def _require_student(ctx: AppContext) -> None:
    if ctx.principal.authenticated and not ctx.principal.is_student:
        raise PermissionDenied(NOT_A_STUDENT)
    ctx.require("homework.mine")


async def my_homework(ctx: AppContext) -> list[Homework]:
    """The homework of the asking student's group (students only)."""
    _require_student(ctx)
    return await homework_list(ctx)


async def my_homework_page(
    ctx: AppContext, descending: bool = True, page: PageArgs = PageArgs()
) -> Page[Homework]:
    _require_student(ctx)
    return await homework_page(ctx, HomeworkFilter(), descending, page)


async def group_homework_page(
    ctx: AppContext, group_id: int, query: RecordQuery, page: PageArgs
) -> Page[Homework]:
    ctx.require("homework.read")
    validate_page_args(page)
    if policies.sees_own_records_only(ctx.principal):
        if not policies.can_view_group_homework(
            ctx.principal, await _viewer_group_id(ctx), group_id
        ):
            group_id = 0  # nothing: another group's homework behaves as absent
    return await ctx.loaders.homework_page_by_group_id.load((group_id, query, page))


async def homework_get(ctx: AppContext, homework_id: int) -> Homework:
    ctx.require("homework.read")
    homework = await ctx.loaders.homework_by_id.load(homework_id)
    if homework is None:
        raise NotFound(field="id")
    if policies.sees_own_records_only(ctx.principal) and not policies.can_view_group_homework(
        ctx.principal, await _viewer_group_id(ctx), homework.group_id
    ):
        raise NotFound(field="id")
    return homework


async def _homework_values(
    ctx: AppContext,
    data: Mapping[str, Any],
    *,
    partial: bool,
    current: Homework | None,
    upload: Upload | None,
) -> dict[str, Any]:
    """`data` may hold group and text, and `file: None` to remove the file."""
    errors = Collector()
    values: dict[str, Any] = {}
    fields.require(errors, data, ["group"], partial=partial)
    fields.text(errors, data, "text", values, null=True)
    if "file" in data and data["file"] is None and upload is None:
        values["file"] = None
    async with read_session(ctx.sessionmaker) as session:
        await _check_active_group(session, errors, data, values)
    text = values.get("text", current.text if current else None)
    kept_file = values.get("file", current.file if current else None)
    if not text and not kept_file and upload is None:
        errors.add(None, TEXT_OR_FILE, "TEXT_OR_FILE_REQUIRED")
    errors.raise_if_any()
    return values


async def _store(ctx: AppContext, upload: Upload) -> str:
    try:
        return await ctx.services.media.save(upload.stream, "homework", upload.filename)
    except FileTooLarge as exc:
        raise ValidationFailed(
            [FieldError("file", f"The file is larger than {exc.limit} bytes.", "FILE_TOO_LARGE")]
        ) from exc


async def homework_create(
    ctx: AppContext, data: Mapping[str, Any], upload: Upload | None = None
) -> Homework:
    """Add homework to an active group: text, a file, or both; `created_by` is the caller."""
    ctx.require("homework.write")
    values = await _homework_values(ctx, data, partial=False, current=None, upload=upload)
    stored = await _store(ctx, upload) if upload is not None else None
    try:
        async with write_session(ctx.sessionmaker) as session:
            homework = Homework(
                **values,
                file=stored,
                created_by_id=ctx.principal.user_id,
                created_at=ctx.now(),
                updated_at=ctx.now(),
            )
            session.add(homework)
            await record_work(ctx, session)
    except BaseException:
        await ctx.services.media.delete(stored)  # no file without its record
        raise
    ctx.loaders.homework_by_id.prime(homework.id, homework)
    return homework


async def homework_update(
    ctx: AppContext,
    homework_id: int,
    data: Mapping[str, Any],
    upload: Upload | None = None,
    *,
    partial: bool = True,
) -> Homework:
    """Change homework; a new file replaces the old one, which is removed once committed."""
    ctx.require("homework.write")
    current = await homework_get(ctx, homework_id)
    values = await _homework_values(ctx, data, partial=partial, current=current, upload=upload)
    if upload is not None:
        values["file"] = await _store(ctx, upload)
    try:
        async with write_session(ctx.sessionmaker) as session:
            await session.execute(
                update(Homework)
                .where(Homework.id == homework_id)
                .values(**values, updated_at=ctx.now())
            )
            await record_work(ctx, session)
            homework = await session.get(Homework, homework_id, populate_existing=True)
    except BaseException:
        if upload is not None:
            await ctx.services.media.delete(values["file"])
        raise
    if "file" in values and current.file and current.file != values["file"]:
        await ctx.services.media.delete(current.file)
    if homework is None:
        raise NotFound(field="id")
    ctx.loaders.homework_by_id.clear(homework_id).prime(homework_id, homework)
    return homework


async def homework_delete(ctx: AppContext, homework_id: int) -> int:
    ctx.require("homework.write")
    current = await homework_get(ctx, homework_id)
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(delete(Homework).where(Homework.id == homework_id))
    await ctx.services.media.delete(current.file)
    ctx.loaders.homework_by_id.clear(homework_id)
    return homework_id


# ---------------------------------------------------------------------------------------------
# work logs (§15, read-only)


@dataclass(frozen=True)
class WorkLogFilter:
    employee_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def _work_log_select(ctx: AppContext, flt: WorkLogFilter) -> Select[Any]:
    stmt = select(WorkLog)
    if not policies.can_view_work_log(ctx.principal):
        stmt = stmt.where(false())
    if flt.employee_id is not None:
        stmt = stmt.where(WorkLog.employee_id == flt.employee_id)
    if flt.date_from is not None:
        stmt = stmt.where(WorkLog.date >= flt.date_from)
    if flt.date_to is not None:
        stmt = stmt.where(WorkLog.date <= flt.date_to)
    return stmt


async def work_log_list(ctx: AppContext, flt: WorkLogFilter = WorkLogFilter()) -> list[WorkLog]:
    """Every employee's work logs; students have none to see."""
    ctx.require("worklog.read")
    async with read_session(ctx.sessionmaker) as session:
        return list(await session.scalars(_work_log_select(ctx, flt).order_by(WorkLog.id)))


async def work_log_page(
    ctx: AppContext,
    flt: WorkLogFilter = WorkLogFilter(),
    descending: bool = True,
    page: PageArgs = PageArgs(),
) -> Page[WorkLog]:
    ctx.require("worklog.read")
    return await paginate(
        ctx.sessionmaker,
        _work_log_select(ctx, flt),
        [SortKey(WorkLog.date, descending, date), SortKey(WorkLog.id, descending, int)],
        page,
        key_of=lambda w: [w.date, w.id],
    )


async def work_log_get(ctx: AppContext, work_log_id: int) -> WorkLog:
    ctx.require("worklog.read")
    log = await ctx.loaders.work_log_by_id.load(work_log_id)
    if log is None or not policies.can_view_work_log(ctx.principal):
        raise NotFound(field="id")
    return log


# ---------------------------------------------------------------------------------------------
# node lookups (GraphQL `node(id)`): invisible records are None


async def visible(ctx: AppContext, getter: Any, ids: Sequence[int]) -> list[Any | None]:
    """Records by id through `getter` (which checks visibility), loaded in one batch."""

    async def one(key: int) -> Any | None:
        try:
            return await getter(ctx, key)
        except DomainError:
            return None

    return list(await asyncio.gather(*(one(key) for key in ids)))
