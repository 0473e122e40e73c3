"""Loaders of the academy's records: attendance, points, homework, work logs, and the totals
and rankings computed from points."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, func, select

from models import academy as academy_models
from models import groups as group_models
from models import people as people_models
from resolvers.loaders.base import BaseLoader, ByIdLoader
from resolvers.loaders.pages import PageByParentLoader
from resolvers.pagination import SortKey


class AttendanceByIdLoader(ByIdLoader[academy_models.Attendance]):
    model = academy_models.Attendance


class PointEntryByIdLoader(ByIdLoader[academy_models.PointEntry]):
    model = academy_models.PointEntry


class HomeworkByIdLoader(ByIdLoader[academy_models.Homework]):
    model = academy_models.Homework


class WorkLogByIdLoader(ByIdLoader[academy_models.WorkLog]):
    model = academy_models.WorkLog


# ---------------------------------------------------------------------------------------------
# totals and rankings


@dataclass(frozen=True)
class Ranked:
    """A total of points with its place: equal totals share a place (1, 2, 2, 4)."""

    id: int
    total: int
    rank: int


def rank(totals: Iterable[tuple[int, int]]) -> list[Ranked]:
    ordered = sorted(totals, key=lambda t: (-t[1], t[0]))
    out: list[Ranked] = []
    for position, (key, total) in enumerate(ordered, start=1):
        place = out[-1].rank if out and out[-1].total == total else position
        out.append(Ranked(key, total, place))
    return out


class PointTotalByStudentIdLoader(BaseLoader[int, int]):
    """All points a student was ever given (the academy's `all_score`)."""

    async def batch_load_fn(self, keys: Sequence[int]) -> list[int]:
        Point = academy_models.PointEntry
        rows = await self.rows(
            select(Point.student_id, func.sum(Point.score))
            .where(Point.student_id.in_(set(keys)))
            .group_by(Point.student_id)
        )
        totals = {k: int(v or 0) for k, v in rows}
        return [totals.get(k, 0) for k in keys]


class PointTotalByGroupIdLoader(BaseLoader[int, int]):
    """All points given in a group (the academy's `group_total_score`)."""

    async def batch_load_fn(self, keys: Sequence[int]) -> list[int]:
        Point = academy_models.PointEntry
        rows = await self.rows(
            select(Point.group_id, func.sum(Point.score))
            .where(Point.group_id.in_(set(keys)))
            .group_by(Point.group_id)
        )
        totals = {k: int(v or 0) for k, v in rows}
        return [totals.get(k, 0) for k in keys]


class HomeworkCountByGroupIdLoader(BaseLoader[int, int]):
    async def batch_load_fn(self, keys: Sequence[int]) -> list[int]:
        Homework = academy_models.Homework
        rows = await self.rows(
            select(Homework.group_id, func.count())
            .where(Homework.group_id.in_(set(keys)))
            .group_by(Homework.group_id)
        )
        counts = {k: int(v) for k, v in rows}
        return [counts.get(k, 0) for k in keys]


class GroupRankByGroupIdLoader(BaseLoader[int, Ranked | None]):
    """Active groups ranked by all points given in them; None for an inactive group."""

    async def ranking(self) -> list[Ranked]:
        Group = group_models.Group
        Point = academy_models.PointEntry
        rows = await self.rows(
            select(Group.id, func.coalesce(func.sum(Point.score), 0))
            .outerjoin(Point, Point.group_id == Group.id)
            .where(Group.is_active.is_(True))
            .group_by(Group.id)
        )
        ranked = rank((int(k), int(v)) for k, v in rows)
        for entry in ranked:
            self.prime(entry.id, entry)
        return ranked

    async def batch_load_fn(self, keys: Sequence[int]) -> list[Ranked | None]:
        by_id = {entry.id: entry for entry in await self.ranking()}
        return [by_id.get(k) for k in keys]


class StudentRankingByGroupIdLoader(BaseLoader[int, list[Ranked]]):
    """The students of each group ranked by the points they were given in that group."""

    async def batch_load_fn(self, keys: Sequence[int]) -> list[list[Ranked]]:
        User = people_models.User
        Point = academy_models.PointEntry
        rows = await self.rows(
            select(User.group_id, User.id, func.coalesce(func.sum(Point.score), 0))
            .outerjoin(Point, and_(Point.student_id == User.id, Point.group_id == User.group_id))
            .where(User.group_id.in_(set(keys)), User.role == people_models.Role.STUDENT.value)
            .group_by(User.group_id, User.id)
        )
        per_group: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for group_id, user_id, total in rows:
            per_group[group_id].append((int(user_id), int(total)))
        return [rank(per_group.get(k, [])) for k in keys]


# ---------------------------------------------------------------------------------------------
# pages of records per parent


@dataclass(frozen=True)
class RecordQuery:
    """Filters and order of a student's attendance or points, or a group's homework."""

    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None
    descending: bool = True


class AttendancePageByStudentIdLoader(PageByParentLoader[RecordQuery]):
    model = academy_models.Attendance
    parent = academy_models.Attendance.student_id

    def filtered(self, stmt: Select[Any], query: RecordQuery) -> Select[Any]:
        Attendance = academy_models.Attendance
        if query.date_from is not None:
            stmt = stmt.where(Attendance.date >= query.date_from)
        if query.date_to is not None:
            stmt = stmt.where(Attendance.date <= query.date_to)
        if query.status is not None:
            stmt = stmt.where(Attendance.status == query.status)
        return stmt

    def sort_keys(self, query: RecordQuery) -> list[SortKey]:
        Attendance = academy_models.Attendance
        return [
            SortKey(Attendance.date, query.descending, date),
            SortKey(Attendance.id, query.descending, int),
        ]


class PointPageByStudentIdLoader(PageByParentLoader[RecordQuery]):
    model = academy_models.PointEntry
    parent = academy_models.PointEntry.student_id

    def filtered(self, stmt: Select[Any], query: RecordQuery) -> Select[Any]:
        Point = academy_models.PointEntry
        if query.date_from is not None:
            stmt = stmt.where(Point.date >= query.date_from)
        if query.date_to is not None:
            stmt = stmt.where(Point.date <= query.date_to)
        return stmt

    def sort_keys(self, query: RecordQuery) -> list[SortKey]:
        Point = academy_models.PointEntry
        return [
            SortKey(Point.date, query.descending, date),
            SortKey(Point.id, query.descending, int),
        ]


class HomeworkPageByGroupIdLoader(PageByParentLoader[RecordQuery]):
    model = academy_models.Homework
    parent = academy_models.Homework.group_id

    def sort_keys(self, query: RecordQuery) -> list[SortKey]:
        Homework = academy_models.Homework
        return [
            SortKey(Homework.created_at, query.descending, datetime),
            SortKey(Homework.id, query.descending, int),
        ]
