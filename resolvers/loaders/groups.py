from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased

from models import groups as group_models
from models import people as people_models
from models.db import SessionMaker
from resolvers.loaders.base import BaseLoader, ByIdLoader, one_of
from resolvers.loaders.pages import PageByParentLoader
from resolvers.pagination import SortKey
from resolvers.search import escape_like

Teacher = aliased(people_models.User, name="teacher")


@functools.cache
def groups_with_teachers_statement(dialect: str) -> Select[Any]:
    """Groups whose id is in `ids`, each with its teacher (or None). Built once (SQLAlchemy
    keeps a built statement's cache key)."""
    return (
        select(group_models.Group, Teacher)
        .outerjoin(Teacher, Teacher.id == group_models.Group.teacher_id)
        .where(one_of(group_models.Group.id, "ids", dialect))
    )


class TeacherByIdLoader(ByIdLoader[people_models.User]):
    """Groups' teachers by user id: the users loader's rows, in a cache of their own that
    groups loaded by id fill as they come (GroupByIdLoader), so whether a teacher costs a
    statement does not depend on what else the request happened to load first."""

    model = people_models.User


class GroupByIdLoader(BaseLoader[int, group_models.Group | None]):
    """Groups by id; None for a missing id. Each group's teacher comes in the same statement
    and is kept for the request's teacher loader: a group is nearly always shown with its
    teacher, and loading them a level later would cost a statement and a round trip more."""

    def __init__(self, sessionmaker: SessionMaker, teachers: TeacherByIdLoader) -> None:
        super().__init__(sessionmaker)
        self.teachers = teachers

    async def batch_load_fn(self, keys: Sequence[int]) -> list[group_models.Group | None]:
        by_id: dict[int, group_models.Group] = {}
        stmt = groups_with_teachers_statement(self.dialect)
        for group, teacher in await self.entities(stmt, {"ids": list(set(keys))}):
            by_id[group.id] = group
            if teacher is not None:
                self.teachers.prime(teacher.id, teacher)
        return [by_id.get(k) for k in keys]


class SubjectByIdLoader(ByIdLoader[group_models.Subject]):
    model = group_models.Subject


class StudentCountByGroupIdLoader(BaseLoader[int, int]):
    async def batch_load_fn(self, keys: Sequence[int]) -> list[int]:
        User = people_models.User
        rows = await self.rows(
            select(User.group_id, func.count())
            .where(User.group_id.in_(set(keys)), User.role == people_models.Role.STUDENT.value)
            .group_by(User.group_id)
        )
        counts = {group_id: int(n) for group_id, n in rows}
        return [counts.get(k, 0) for k in keys]


@dataclass(frozen=True)
class StudentQuery:
    """Which students of a group, in which order (a hashable loader key part)."""

    order: str = "username"  # a column of User: username, last_name, created_at
    descending: bool = False
    search: str | None = None
    # Students see only themselves in lists: the id they are restricted to.
    only_user_id: int | None = None


class StudentPageByGroupIdLoader(PageByParentLoader[StudentQuery]):
    model = people_models.User
    parent = people_models.User.group_id

    def filtered(self, stmt: Select[Any], query: StudentQuery) -> Select[Any]:
        User = people_models.User
        stmt = stmt.where(User.role == people_models.Role.STUDENT.value)
        if query.only_user_id is not None:
            stmt = stmt.where(User.id == query.only_user_id)
        if query.search:
            needle = f"%{escape_like(query.search.strip().lower())}%"
            stmt = stmt.where(
                or_(
                    func.lower(User.username).like(needle, escape="\\"),
                    func.lower(User.first_name).like(needle, escape="\\"),
                    func.lower(User.last_name).like(needle, escape="\\"),
                )
            )
        return stmt

    def sort_keys(self, query: StudentQuery) -> list[SortKey]:
        column = getattr(people_models.User, query.order)
        python_type: type = datetime if query.order == "created_at" else str
        return [
            SortKey(column, query.descending, python_type),
            SortKey(people_models.User.id, query.descending, int),
        ]
