"""Subjects and groups (types only here; the academy adds their queries and mutations)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from models import groups as group_models
from resolvers import groups as group_resolvers
from schema.common.node import Node, register_node
from schema.context import Info

if TYPE_CHECKING:
    from schema.people import Staff


@strawberry.type(description="A subject taught at the center, such as IELTS or SAT.")
class Subject(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    name: str = strawberry.field(description="Subject name.")
    created_at: datetime = strawberry.field(description="When the subject was created.")

    @classmethod
    def from_row(cls, row: group_models.Subject) -> Subject:
        return cls(database_id=row.id, name=row.name, created_at=row.created_at)


@strawberry.type(description="A group of students with a teacher and a weekly schedule.")
class Group(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    name: str = strawberry.field(description="Group name (at most 30 characters).")
    description: str = strawberry.field(description="Free-text description.")
    is_active: bool = strawberry.field(description="Inactive groups take no new students.")
    days: str = strawberry.field(description='Lesson days, as "Mon,Wed,Fri".')
    start_time: time | None = strawberry.field(description="Lesson start, Asia/Tashkent.")
    end_time: time | None = strawberry.field(description="Lesson end, Asia/Tashkent.")
    created_at: datetime = strawberry.field(description="When the group was created.")
    subject_id: strawberry.Private[int | None]
    teacher_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: group_models.Group) -> Group:
        return cls(
            database_id=row.id,
            name=row.name,
            description=row.description,
            is_active=row.is_active,
            days=row.days,
            start_time=row.start_time,
            end_time=row.end_time,
            created_at=row.created_at,
            subject_id=row.subject_id,
            teacher_id=row.teacher_id,
        )

    @strawberry.field(description="The subject the group studies.")
    async def subject(self, info: Info) -> Subject | None:
        row = await group_resolvers.get_subject(info.context, self.subject_id)
        return Subject.from_row(row) if row else None

    @strawberry.field(description="The group's teacher.")
    async def teacher(
        self, info: Info
    ) -> Annotated[Staff, strawberry.lazy("schema.people")] | None:
        from schema.people import user_from_row

        row = await group_resolvers.get_teacher(info.context, self.teacher_id)
        return user_from_row(row) if row else None  # type: ignore[return-value]


async def _load_groups(info: Info, ids: Sequence[int]) -> list[Any]:
    rows = await group_resolvers.get_groups(info.context, ids)
    return [Group.from_row(r) if r else None for r in rows]


async def _load_subjects(info: Info, ids: Sequence[int]) -> list[Any]:
    rows = await group_resolvers.get_subjects(info.context, ids)
    return [Subject.from_row(r) if r else None for r in rows]


register_node("Group", _load_groups)
register_node("Subject", _load_subjects)
