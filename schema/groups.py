"""Subjects and groups (seed 001 §3, §4): types, the groups connection, the rating, mutations."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime, time
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from models import groups as group_models
from resolvers import groups as group_resolvers
from resolvers.errors import DomainError
from resolvers.loaders.academy import RecordQuery
from resolvers.loaders.groups import StudentQuery
from schema.common.descriptions import described as _desc
from schema.common.errors import USER_ERRORS, mutate, to_user_errors
from schema.common.inputs import input_data
from schema.common.node import Node, database_id_of, register_node
from schema.common.pagination import (
    After,
    Before,
    Connection,
    First,
    Last,
    OrderDirection,
    page_args,
)
from schema.context import Info
from schema.planner import convert_once, register_batch, resolve_one

if TYPE_CHECKING:
    from schema.academy import Homework
    from schema.people import Staff, Student


@strawberry.type(description="A subject taught at the center, such as IELTS or SAT.")
class Subject(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    name: str = strawberry.field(description="Subject name.")
    created_at: datetime = strawberry.field(description="When the subject was created.")

    @classmethod
    def from_row(cls, row: group_models.Subject) -> Subject:
        return cls(database_id=row.id, name=row.name, created_at=row.created_at)


@strawberry.enum(description="Fields a group's students can be sorted by.")
class GroupStudentsOrderField(enum.Enum):
    USERNAME = "username"
    LAST_NAME = "last_name"
    CREATED_AT = "created_at"


@strawberry.input(description="How to sort a group's students.")
class GroupStudentsOrder:
    field: GroupStudentsOrderField = strawberry.field(description="The field to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.type(description="A group of students with a teacher and a weekly schedule.")
class Group(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    name: str = strawberry.field(description="Group name (at most 30 characters).")
    description: str = strawberry.field(description="Free-text description.")
    is_active: bool = strawberry.field(
        description="Only active groups take students, attendance, points and homework, "
        "and only they are rated."
    )
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
        return await resolve_one(_teachers_batch, info.context, self)  # type: ignore[no-any-return]

    @strawberry.field(description="All points given in this group (`group_total_score`).")
    async def total_points(self, info: Info) -> int:
        return await group_resolvers.group_total_points(info.context, self.database_id)

    @strawberry.field(description="How many students the group has.")
    async def students_count(self, info: Info) -> int:
        return await group_resolvers.group_students_count(info.context, self.database_id)

    @strawberry.field(description="How many homework tasks the group has.")
    async def homework_count(self, info: Info) -> int:
        return await group_resolvers.group_homework_count(info.context, self.database_id)

    @strawberry.field(
        description="Place among active groups by total points (equal totals share a place); "
        "null for an inactive group."
    )
    async def rank(self, info: Info) -> int | None:
        ranked = await group_resolvers.group_rank(info.context, self.database_id)
        return ranked.rank if ranked else None

    @strawberry.field(
        description="The group's students. A student asking sees only themselves; "
        "the same number of SQL statements for any number of groups."
    )
    async def students(
        self,
        info: Info,
        search: Annotated[
            str | None, strawberry.argument(description="Part of the name or username.")
        ] = None,
        order_by: Annotated[
            GroupStudentsOrder | None,
            strawberry.argument(description="Sort order (default: username)."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Annotated[Student, strawberry.lazy("schema.people")]]:
        from schema.people import Student, student_from_row

        order = order_by or GroupStudentsOrder(field=GroupStudentsOrderField.USERNAME)
        query = StudentQuery(
            order=order.field.value,
            descending=order.direction is OrderDirection.DESC,
            search=search,
        )
        page = await group_resolvers.group_students_page(
            info.context, self.database_id, query, page_args(first, after, last, before)
        )
        return Connection[Student].from_page(page, student_from_row)

    @strawberry.field(description="The group's homework, newest first by default.")
    async def homework(
        self,
        info: Info,
        direction: Annotated[
            OrderDirection,
            strawberry.argument(description="By creation time: DESC is newest first."),
        ] = OrderDirection.DESC,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Annotated[Homework, strawberry.lazy("schema.academy")]]:
        from resolvers import academy as academy_resolvers
        from schema.academy import Homework

        page = await academy_resolvers.group_homework_page(
            info.context,
            self.database_id,
            RecordQuery(descending=direction is OrderDirection.DESC),
            page_args(first, after, last, before),
        )
        return Connection[Homework].from_page(page, Homework.from_row)


@strawberry.type(description="A group's place in the rating of active groups.")
class GroupRatingEntry:
    rank: int = strawberry.field(description="1 is best; equal totals share a place.")
    total_points: int = strawberry.field(description="All points given in the group.")
    group_id: strawberry.Private[int]

    @strawberry.field(description="The group.")
    async def group(self, info: Info) -> Group:
        row = await group_resolvers.group_get(info.context, self.group_id)
        return Group.from_row(row)

    @strawberry.field(description="How many students the group has.")
    async def students_count(self, info: Info) -> int:
        return await group_resolvers.group_students_count(info.context, self.group_id)


async def _teachers_batch(ctx: Any, parents: Sequence[Any], args: dict[str, Any]) -> list[Any]:
    """`Group.teacher` for a whole level (the field asks it for one group): each teacher
    converted once."""
    from schema.people import user_from_row

    rows = await group_resolvers.get_teachers(ctx, [p.teacher_id for p in parents])
    return convert_once(rows, user_from_row)


register_batch(Group.teacher, _teachers_batch)


async def _load_groups(info: Info, ids: Sequence[int]) -> list[Any]:
    rows = await group_resolvers.get_groups(info.context, ids)
    return [Group.from_row(r) if r else None for r in rows]


async def _load_subjects(info: Info, ids: Sequence[int]) -> list[Any]:
    rows = await group_resolvers.get_subjects(info.context, ids)
    return [Subject.from_row(r) if r else None for r in rows]


register_node("Group", _load_groups)
register_node("Subject", _load_subjects)


# ---------------------------------------------------------------------------------------------
# filters, inputs and errors


@strawberry.enum(description="Fields groups can be sorted by.")
class GroupOrderField(enum.Enum):
    NAME = "name"
    CREATED_AT = "created_at"


@strawberry.input(description="How to sort groups.")
class GroupOrder:
    field: GroupOrderField = strawberry.field(description="The field to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.input(description="Which groups to list.")
class GroupFilter:
    is_active: bool | None = strawberry.field(
        default=None, description="Only active (or only inactive) groups."
    )
    subject_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only groups of this Subject."
    )
    teacher_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only groups this Staff member teaches."
    )
    search: str | None = strawberry.field(default=None, description="Part of the name.")

    def to_domain(self) -> group_resolvers.GroupFilter:
        return group_resolvers.GroupFilter(
            is_active=self.is_active,
            subject_id=database_id_of(self.subject_id, "Subject", field="subjectId")
            if self.subject_id
            else None,
            teacher_id=database_id_of(self.teacher_id, "Staff", field="teacherId")
            if self.teacher_id
            else None,
            search=self.search,
        )


@strawberry.enum(description="What went wrong with a subject or group mutation.")
class GroupsErrorCode(enum.Enum):
    INVALID = "INVALID"
    NULL = "NULL"
    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"
    DOES_NOT_EXIST = "DOES_NOT_EXIST"
    NOT_FOUND = "NOT_FOUND"
    INVALID_ID = "INVALID_ID"
    INVALID_DAYS = "INVALID_DAYS"
    INVALID_TIME_RANGE = "INVALID_TIME_RANGE"
    PROTECTED = "PROTECTED"


@strawberry.type(description="A problem with the input of a subject or group mutation.")
class GroupsUserError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="What is wrong, for a person to read.")
    code: GroupsErrorCode = strawberry.field(description="What is wrong, for a program.")


ALIASES = {"subject": "subjectId", "teacher": "teacherId"}
GROUP_IDS = {"subject_id": ("subject", ("Subject",)), "teacher_id": ("teacher", ("Staff",))}


def _errors(exc: DomainError) -> list[GroupsUserError]:
    return to_user_errors(exc, GroupsUserError, GroupsErrorCode, ALIASES)


@strawberry.input(description="A new subject.")
class SubjectCreateInput:
    name: str = strawberry.field(description="Subject name (at most 100 characters).")


@strawberry.input(description="Changes to a subject.")
class SubjectUpdateInput:
    id: strawberry.ID = strawberry.field(description="The Subject ID.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="New name.")


@strawberry.input(description="The subject to delete (it must have no groups).")
class SubjectDeleteInput:
    id: strawberry.ID = strawberry.field(description="The Subject ID.")


@strawberry.input(description="A new group.")
class GroupCreateInput:
    name: str = strawberry.field(description="Group name (at most 30 characters).")
    subject_id: strawberry.ID = strawberry.field(description="The Subject it studies.")
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="Free-text description."
    )
    is_active: bool | None = strawberry.field(default=strawberry.UNSET, description="Default true.")
    days: str | None = strawberry.field(
        default=strawberry.UNSET, description='Lesson days, as "Mon,Wed,Fri".'
    )
    start_time: time | None = strawberry.field(
        default=strawberry.UNSET, description="Lesson start, Asia/Tashkent."
    )
    end_time: time | None = strawberry.field(
        default=strawberry.UNSET, description="Lesson end, Asia/Tashkent (after the start)."
    )
    teacher_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The teacher (a Staff ID)."
    )


@strawberry.input(description="Changes to a group; fields left out stay as they are.")
class GroupUpdateInput:
    id: strawberry.ID = strawberry.field(description="The Group ID.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="New name.")
    subject_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="New Subject."
    )
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="New description."
    )
    is_active: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Activate or deactivate."
    )
    days: str | None = strawberry.field(
        default=strawberry.UNSET, description='New lesson days, as "Mon,Wed,Fri".'
    )
    start_time: time | None = strawberry.field(
        default=strawberry.UNSET, description="New lesson start."
    )
    end_time: time | None = strawberry.field(
        default=strawberry.UNSET, description="New lesson end."
    )
    teacher_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="New teacher (a Staff ID), or null for none."
    )


@strawberry.input(description="The group to delete, with its attendance, points and homework.")
class GroupDeleteInput:
    id: strawberry.ID = strawberry.field(description="The Group ID.")


@strawberry.type(description="Result of subjectCreate.")
class SubjectCreatePayload:
    subject: Subject | None = strawberry.field(default=None, description="The new subject.")
    user_errors: list[GroupsUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of subjectUpdate.")
class SubjectUpdatePayload:
    subject: Subject | None = strawberry.field(default=None, description="The subject, changed.")
    user_errors: list[GroupsUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of subjectDelete.")
class SubjectDeletePayload:
    deleted_subject_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ID of the subject deleted."
    )
    user_errors: list[GroupsUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of groupCreate.")
class GroupCreatePayload:
    group: Group | None = strawberry.field(default=None, description="The new group.")
    user_errors: list[GroupsUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of groupUpdate.")
class GroupUpdatePayload:
    group: Group | None = strawberry.field(default=None, description="The group, changed.")
    user_errors: list[GroupsUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of groupDelete.")
class GroupDeletePayload:
    deleted_group_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ID of the group deleted."
    )
    user_errors: list[GroupsUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


# ---------------------------------------------------------------------------------------------
# root fields


@strawberry.type
class GroupsQuery:
    @strawberry.field(description=_desc("Subjects, by name.", "subject.read"))
    async def subjects(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Subject]:
        page = await group_resolvers.subjects_page(
            info.context, page_args(first, after, last, before)
        )
        return Connection[Subject].from_page(page, Subject.from_row)

    @strawberry.field(description=_desc("Groups.", "group.read"))
    async def groups(
        self,
        info: Info,
        filter: Annotated[
            GroupFilter | None, strawberry.argument(description="Which groups.")
        ] = None,
        order_by: Annotated[
            GroupOrder | None, strawberry.argument(description="Sort order (default: name).")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Group]:
        order = order_by or GroupOrder(field=GroupOrderField.NAME)
        page = await group_resolvers.groups_page(
            info.context,
            (filter or GroupFilter()).to_domain(),
            group_resolvers.GroupOrderField(order.field.value),
            order.direction is OrderDirection.DESC,
            page_args(first, after, last, before),
        )
        return Connection[Group].from_page(page, Group.from_row)

    @strawberry.field(
        description=_desc(
            "Active groups ranked by all points given in them, best first.", "rating.read"
        )
    )
    async def group_rating(self, info: Info) -> list[GroupRatingEntry]:
        ranking = await group_resolvers.group_rating(info.context)
        return [GroupRatingEntry(rank=r.rank, total_points=r.total, group_id=r.id) for r in ranking]


@strawberry.type
class GroupsMutation:
    @strawberry.mutation(description=_desc("Create a subject.", "subject.write"))
    async def subject_create(self, info: Info, input: SubjectCreateInput) -> SubjectCreatePayload:
        return await mutate(
            group_resolvers.subject_create(info.context, input_data(input)),
            lambda row: SubjectCreatePayload(subject=Subject.from_row(row)),
            lambda e: SubjectCreatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Rename a subject.", "subject.write"))
    async def subject_update(self, info: Info, input: SubjectUpdateInput) -> SubjectUpdatePayload:
        async def run() -> group_models.Subject:
            subject_id = database_id_of(input.id, "Subject")
            return await group_resolvers.subject_update(info.context, subject_id, input_data(input))

        return await mutate(
            run(),
            lambda row: SubjectUpdatePayload(subject=Subject.from_row(row)),
            lambda e: SubjectUpdatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Delete a subject with no groups.", "subject.write"))
    async def subject_delete(self, info: Info, input: SubjectDeleteInput) -> SubjectDeletePayload:
        async def run() -> int:
            return await group_resolvers.subject_delete(
                info.context, database_id_of(input.id, "Subject")
            )

        return await mutate(
            run(),
            lambda _: SubjectDeletePayload(deleted_subject_id=input.id),
            lambda e: SubjectDeletePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Create a group.", "group.write"))
    async def group_create(self, info: Info, input: GroupCreateInput) -> GroupCreatePayload:
        async def run() -> group_models.Group:
            return await group_resolvers.group_create(
                info.context, input_data(input, ids=GROUP_IDS)
            )

        return await mutate(
            run(),
            lambda row: GroupCreatePayload(group=Group.from_row(row)),
            lambda e: GroupCreatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Change a group.", "group.write"))
    async def group_update(self, info: Info, input: GroupUpdateInput) -> GroupUpdatePayload:
        async def run() -> group_models.Group:
            group_id = database_id_of(input.id, "Group")
            return await group_resolvers.group_update(
                info.context, group_id, input_data(input, ids=GROUP_IDS)
            )

        return await mutate(
            run(),
            lambda row: GroupUpdatePayload(group=Group.from_row(row)),
            lambda e: GroupUpdatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(
        description=_desc(
            "Delete a group with its attendance, points and homework; its students stay, "
            "without a group.",
            "group.write",
        )
    )
    async def group_delete(self, info: Info, input: GroupDeleteInput) -> GroupDeletePayload:
        async def run() -> int:
            return await group_resolvers.group_delete(
                info.context, database_id_of(input.id, "Group")
            )

        return await mutate(
            run(),
            lambda _: GroupDeletePayload(deleted_group_id=input.id),
            lambda e: GroupDeletePayload(user_errors=_errors(e)),
        )
