from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, String, func, select
from sqlalchemy.orm import aliased

from models import groups as group_models
from models import people as people_models
from models.db import SessionMaker
from resolvers.loaders.base import BaseLoader, ByIdLoader, one_of
from resolvers.loaders.groups import GroupByIdLoader, Teacher, TeacherByIdLoader


class UserByIdLoader(ByIdLoader[people_models.User]):
    model = people_models.User


User = people_models.User
Group = group_models.Group
Curator = aliased(User, name="curator")


class CuratorByIdLoader(ByIdLoader[people_models.User]):
    """Students' curators by user id: the users loader's rows, in a cache of their own that
    students loaded by email fill as they come (StudentByEmailLoader), so whether a curator
    costs a statement does not depend on what else the request happened to load first."""

    model = people_models.User


@functools.cache
def students_by_email_statement(dialect: str) -> Select[Any]:
    """Students whose lower-cased email is in `emails`, each with their group, the group's
    teacher and their curator (or None). Built once (SQLAlchemy keeps a built statement's cache
    key)."""
    return (
        select(User, Group, Teacher, Curator)
        .outerjoin(Group, Group.id == User.group_id)
        .outerjoin(Teacher, Teacher.id == Group.teacher_id)
        .outerjoin(Curator, Curator.id == User.curator_id)
        .where(
            one_of(func.lower(User.email, type_=String), "emails", dialect),
            User.role == people_models.Role.STUDENT.value,
        )
    )


class StudentByEmailLoader(BaseLoader[str, people_models.User | None]):
    """Students by lower-cased email: one statement for the whole list. A batch lookup shows
    each student with their group, its teacher and their curator, so those come in the same
    statement and go into the request's loaders for them: one statement where there were three
    (a small lookup's statements cost more than their rows)."""

    def __init__(
        self,
        sessionmaker: SessionMaker,
        groups: GroupByIdLoader,
        teachers: TeacherByIdLoader,
        curators: CuratorByIdLoader,
    ) -> None:
        super().__init__(sessionmaker)
        self.groups, self.teachers, self.curators = groups, teachers, curators

    async def batch_load_fn(self, keys: Sequence[str]) -> list[people_models.User | None]:
        stmt = students_by_email_statement(self.dialect)
        by_email: dict[str, people_models.User] = {}
        for student, group, teacher, curator in await self.entities(
            stmt, {"emails": list(set(keys))}
        ):
            by_email[(student.email or "").lower()] = student
            if group is not None:
                self.groups.prime(group.id, group)
            if teacher is not None:
                self.teachers.prime(teacher.id, teacher)
            if curator is not None:
                self.curators.prime(curator.id, curator)
        return [by_email.get(k) for k in keys]
