"""Attendance, points, homework and work logs (seed 001 §7-§10, §15): types, connections,
ratings and mutations. Homework files are uploaded through the academy REST dialect only."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from models import academy as academy_models
from resolvers import academy as academy_resolvers
from resolvers import groups as group_resolvers
from resolvers import people as people_resolvers
from resolvers.errors import DomainError
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
from schema.groups import Group

if TYPE_CHECKING:
    from schema.people import Staff, Student

AttendanceStatus = strawberry.enum(
    academy_models.AttendanceStatus,
    description='Attendance status; the academy REST dialect says "keldi" (PRESENT), '
    '"kechikdi" (LATE) and "kelmadi" (ABSENT).',
)

Direction = Annotated[
    OrderDirection, strawberry.argument(description="By date: DESC (the default) is newest first.")
]


async def _student(info: Info, user_id: int | None) -> Student | None:
    from schema.people import Student, user_from_row

    if user_id is None:
        return None
    row = await people_resolvers.get_user(info.context, user_id)
    converted = user_from_row(row) if row else None
    return converted if isinstance(converted, Student) else None


async def _staff(info: Info, user_id: int | None) -> Staff | None:
    """Who marked, gave or added a record: shown with the record, as a group's teacher is."""
    from schema.people import Staff, user_from_row

    if user_id is None:
        return None
    [row] = await academy_resolvers.record_people(info.context, [user_id])
    converted = user_from_row(row) if row else None
    return converted if isinstance(converted, Staff) else None


async def _group(info: Info, group_id: int) -> Group | None:
    row = await group_resolvers.get_group(info.context, group_id)
    return Group.from_row(row) if row else None


StudentRef = Annotated["Student", strawberry.lazy("schema.people")]
StaffRef = Annotated["Staff", strawberry.lazy("schema.people")]


@strawberry.type(description="A student's attendance in a group on one day.")
class Attendance(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    status: AttendanceStatus = strawberry.field(description="Present, late or absent.")  # type: ignore[valid-type]
    date: date = strawberry.field(description="The day, Asia/Tashkent.")
    time: time = strawberry.field(description="When it was first marked, Asia/Tashkent.")
    created_at: datetime = strawberry.field(description="When the record was created.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")
    student_id: strawberry.Private[int]
    group_id: strawberry.Private[int]
    marked_by_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: academy_models.Attendance) -> Attendance:
        return cls(
            database_id=row.id,
            status=academy_models.AttendanceStatus(row.status),
            date=row.date,
            time=row.time,
            created_at=row.created_at,
            updated_at=row.updated_at,
            student_id=row.student_id,
            group_id=row.group_id,
            marked_by_id=row.marked_by_id,
        )

    @strawberry.field(description="The student.")
    async def student(self, info: Info) -> StudentRef | None:
        return await _student(info, self.student_id)

    @strawberry.field(description="The group.")
    async def group(self, info: Info) -> Group | None:
        return await _group(info, self.group_id)

    @strawberry.field(description="Who marked it last.")
    async def marked_by(self, info: Info) -> StaffRef | None:
        return await _staff(info, self.marked_by_id)


@strawberry.type(description='Points a member of staff gave a student (the academy\'s "score").')
class PointEntry(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    score: int = strawberry.field(description="0 to 100.")
    date: date = strawberry.field(description="The day they were given, Asia/Tashkent.")
    created_at: datetime = strawberry.field(description="When they were given.")
    student_id: strawberry.Private[int]
    group_id: strawberry.Private[int]
    given_by_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: academy_models.PointEntry) -> PointEntry:
        return cls(
            database_id=row.id,
            score=row.score,
            date=row.date,
            created_at=row.created_at,
            student_id=row.student_id,
            group_id=row.group_id,
            given_by_id=row.given_by_id,
        )

    @strawberry.field(description="The student.")
    async def student(self, info: Info) -> StudentRef | None:
        return await _student(info, self.student_id)

    @strawberry.field(description="The group.")
    async def group(self, info: Info) -> Group | None:
        return await _group(info, self.group_id)

    @strawberry.field(description="Who gave them.")
    async def given_by(self, info: Info) -> StaffRef | None:
        return await _staff(info, self.given_by_id)


@strawberry.type(description="A task for a group: text, a file, or both.")
class Homework(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    text: str | None = strawberry.field(description="The task.")
    created_at: datetime = strawberry.field(description="When it was added.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    group_id: strawberry.Private[int]
    file: strawberry.Private[str | None]
    created_by_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: academy_models.Homework) -> Homework:
        return cls(
            database_id=row.id,
            text=row.text,
            created_at=row.created_at,
            updated_at=row.updated_at,
            group_id=row.group_id,
            file=row.file,
            created_by_id=row.created_by_id,
        )

    @strawberry.field(
        description="Absolute URL of the attached file (files are uploaded through "
        "POST /api/v1/homework/, multipart)."
    )
    def file_url(self, info: Info) -> str | None:
        return info.context.media_url(self.file)

    @strawberry.field(description="The group.")
    async def group(self, info: Info) -> Group | None:
        return await _group(info, self.group_id)

    @strawberry.field(description="Who added it.")
    async def created_by(self, info: Info) -> StaffRef | None:
        return await _staff(info, self.created_by_id)


@strawberry.type(
    description="An employee's working day, recorded when they mark attendance, give points "
    "or add homework."
)
class WorkLog(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    date: date = strawberry.field(description="The day, Asia/Tashkent.")
    status: bool = strawberry.field(description="True: came to work.")
    note: str | None = strawberry.field(description="A note.")
    created_at: datetime = strawberry.field(description="When it was recorded.")
    employee_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: academy_models.WorkLog) -> WorkLog:
        return cls(
            database_id=row.id,
            date=row.date,
            status=row.status,
            note=row.note,
            created_at=row.created_at,
            employee_id=row.employee_id,
        )

    @strawberry.field(description="The employee.")
    async def employee(self, info: Info) -> StaffRef | None:
        return await _staff(info, self.employee_id)


@strawberry.type(description="A student's place in their group's rating.")
class StudentRatingEntry:
    rank: int = strawberry.field(description="1 is best; equal totals share a place.")
    total_points: int = strawberry.field(description="Points given to the student in the group.")
    student_row: strawberry.Private[Any]

    @strawberry.field(description="The student.")
    def student(self) -> StudentRef:
        from schema.people import student_from_row

        return student_from_row(self.student_row)


def _register(type_name: str, getter: Any, convert: Callable[[Any], Any]) -> None:
    async def load(info: Info, ids: Sequence[int]) -> list[Any]:
        rows = await academy_resolvers.visible(info.context, getter, ids)
        return [convert(r) if r is not None else None for r in rows]

    register_node(type_name, load)


_register("Attendance", academy_resolvers.attendance_get, Attendance.from_row)
_register("PointEntry", academy_resolvers.point_get, PointEntry.from_row)
_register("Homework", academy_resolvers.homework_get, Homework.from_row)
_register("WorkLog", academy_resolvers.work_log_get, WorkLog.from_row)


# ---------------------------------------------------------------------------------------------
# filters


def _id(value: strawberry.ID | None, type_name: str, field: str, *more: str) -> int | None:
    return database_id_of(value, type_name, *more, field=field) if value else None


@strawberry.input(description="Which attendance records to list.")
class AttendanceFilter:
    group_id: strawberry.ID | None = strawberry.field(default=None, description="A Group.")
    student_id: strawberry.ID | None = strawberry.field(default=None, description="A Student.")
    date_from: date | None = strawberry.field(default=None, description="From this day on.")
    date_to: date | None = strawberry.field(default=None, description="Up to this day.")
    status: AttendanceStatus | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only this status."
    )

    def to_domain(self) -> academy_resolvers.AttendanceFilter:
        return academy_resolvers.AttendanceFilter(
            group_id=_id(self.group_id, "Group", "groupId"),
            student_id=_id(self.student_id, "Student", "studentId"),
            date_from=self.date_from,
            date_to=self.date_to,
            status=self.status.value if self.status else None,
        )


@strawberry.input(description="Which points to list.")
class PointEntryFilter:
    group_id: strawberry.ID | None = strawberry.field(default=None, description="A Group.")
    student_id: strawberry.ID | None = strawberry.field(default=None, description="A Student.")
    date_from: date | None = strawberry.field(default=None, description="From this day on.")
    date_to: date | None = strawberry.field(default=None, description="Up to this day.")

    def to_domain(self) -> academy_resolvers.PointFilter:
        return academy_resolvers.PointFilter(
            group_id=_id(self.group_id, "Group", "groupId"),
            student_id=_id(self.student_id, "Student", "studentId"),
            date_from=self.date_from,
            date_to=self.date_to,
        )


@strawberry.input(description="Which homework to list.")
class HomeworkFilter:
    group_id: strawberry.ID | None = strawberry.field(default=None, description="A Group.")

    def to_domain(self) -> academy_resolvers.HomeworkFilter:
        return academy_resolvers.HomeworkFilter(group_id=_id(self.group_id, "Group", "groupId"))


@strawberry.input(description="Which work logs to list.")
class WorkLogFilter:
    employee_id: strawberry.ID | None = strawberry.field(
        default=None, description="A Staff member."
    )
    date_from: date | None = strawberry.field(default=None, description="From this day on.")
    date_to: date | None = strawberry.field(default=None, description="Up to this day.")

    def to_domain(self) -> academy_resolvers.WorkLogFilter:
        return academy_resolvers.WorkLogFilter(
            employee_id=_id(self.employee_id, "Staff", "employeeId"),
            date_from=self.date_from,
            date_to=self.date_to,
        )


@strawberry.input(description="Which of a student's records: a date range and a status.")
class StudentRecordFilter:
    date_from: date | None = strawberry.field(default=None, description="From this day on.")
    date_to: date | None = strawberry.field(default=None, description="Up to this day.")
    status: AttendanceStatus | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only this attendance status (attendance only)."
    )


# ---------------------------------------------------------------------------------------------
# inputs, errors, payloads


@strawberry.enum(description="What went wrong with an attendance, points or homework mutation.")
class AcademyErrorCode(enum.Enum):
    INVALID = "INVALID"
    NULL = "NULL"
    INVALID_ID = "INVALID_ID"
    NOT_FOUND = "NOT_FOUND"
    DOES_NOT_EXIST = "DOES_NOT_EXIST"
    NOT_A_STUDENT = "NOT_A_STUDENT"
    GROUP_INACTIVE = "GROUP_INACTIVE"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    UNIQUE = "UNIQUE"
    NOT_LESSON_DAY = "NOT_LESSON_DAY"
    NOT_LESSON_TIME = "NOT_LESSON_TIME"
    TEXT_OR_FILE_REQUIRED = "TEXT_OR_FILE_REQUIRED"


@strawberry.type(
    description="A problem with the input of an attendance, points or homework mutation."
)
class AcademyUserError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="What is wrong, for a person to read.")
    code: AcademyErrorCode = strawberry.field(description="What is wrong, for a program.")


ALIASES = {"student": "studentId", "group": "groupId", "group_id": "groupId"}
RECORD_IDS = {
    "student_id": ("student", ("Student",)),
    "group_id": ("group", ("Group",)),
}


def _errors(exc: DomainError) -> list[AcademyUserError]:
    return to_user_errors(exc, AcademyUserError, AcademyErrorCode, ALIASES)


@strawberry.input(description="Mark a student today (Asia/Tashkent); you become `markedBy`.")
class AttendanceCreateInput:
    student_id: strawberry.ID = strawberry.field(description="The Student.")
    group_id: strawberry.ID = strawberry.field(description="An active Group.")
    status: AttendanceStatus = strawberry.field(description="Present, late or absent.")  # type: ignore[valid-type]


@strawberry.input(description="Changes to an attendance record.")
class AttendanceUpdateInput:
    id: strawberry.ID = strawberry.field(description="The Attendance ID.")
    status: AttendanceStatus | None = strawberry.field(  # type: ignore[valid-type]
        default=strawberry.UNSET, description="New status."
    )
    student_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Another Student."
    )
    group_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Another active Group."
    )


@strawberry.input(description="The attendance record to delete.")
class AttendanceDeleteInput:
    id: strawberry.ID = strawberry.field(description="The Attendance ID.")


@strawberry.input(description="Today's attendance for a whole group.")
class AttendanceBulkCreateInput:
    group_id: strawberry.ID = strawberry.field(description="An active Group.")


@strawberry.input(description="Give a student points; you become `givenBy`.")
class PointEntryCreateInput:
    student_id: strawberry.ID = strawberry.field(description="The Student.")
    group_id: strawberry.ID = strawberry.field(description="An active Group.")
    score: int = strawberry.field(description="0 to 100.")


@strawberry.input(description="Changes to points given.")
class PointEntryUpdateInput:
    id: strawberry.ID = strawberry.field(description="The PointEntry ID.")
    score: int | None = strawberry.field(default=strawberry.UNSET, description="0 to 100.")
    student_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Another Student."
    )
    group_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Another active Group."
    )


@strawberry.input(description="The points to delete.")
class PointEntryDeleteInput:
    id: strawberry.ID = strawberry.field(description="The PointEntry ID.")


@strawberry.input(
    description="New homework for a group. Text here; files through the REST dialect "
    "(POST /api/v1/homework/, multipart)."
)
class HomeworkCreateInput:
    group_id: strawberry.ID = strawberry.field(description="An active Group.")
    text: str | None = strawberry.field(
        default=strawberry.UNSET, description="The task (required when there is no file)."
    )


@strawberry.input(description="Changes to homework.")
class HomeworkUpdateInput:
    id: strawberry.ID = strawberry.field(description="The Homework ID.")
    group_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Another active Group."
    )
    text: str | None = strawberry.field(default=strawberry.UNSET, description="New text.")
    remove_file: bool = strawberry.field(
        default=False, description="Remove the attached file (text must remain)."
    )


@strawberry.input(description="The homework to delete (its file goes too).")
class HomeworkDeleteInput:
    id: strawberry.ID = strawberry.field(description="The Homework ID.")


@strawberry.type(description="Result of attendanceCreate.")
class AttendanceCreatePayload:
    attendance: Attendance | None = strawberry.field(default=None, description="The record.")
    user_errors: list[AcademyUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of attendanceUpdate.")
class AttendanceUpdatePayload:
    attendance: Attendance | None = strawberry.field(default=None, description="The record.")
    user_errors: list[AcademyUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of attendanceDelete.")
class AttendanceDeletePayload:
    deleted_attendance_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ID of the record deleted."
    )
    user_errors: list[AcademyUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of attendanceBulkCreate.")
class AttendanceBulkCreatePayload:
    attendances: list[Attendance] | None = strawberry.field(
        default=None, description="Today's records of the group."
    )
    created: bool = strawberry.field(
        default=False, description="False when today's records existed and are returned as-is."
    )
    user_errors: list[AcademyUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of pointEntryCreate.")
class PointEntryCreatePayload:
    point_entry: PointEntry | None = strawberry.field(default=None, description="The points.")
    user_errors: list[AcademyUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of pointEntryUpdate.")
class PointEntryUpdatePayload:
    point_entry: PointEntry | None = strawberry.field(default=None, description="The points.")
    user_errors: list[AcademyUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of pointEntryDelete.")
class PointEntryDeletePayload:
    deleted_point_entry_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ID of the points deleted."
    )
    user_errors: list[AcademyUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of homeworkCreate.")
class HomeworkCreatePayload:
    homework: Homework | None = strawberry.field(default=None, description="The homework.")
    user_errors: list[AcademyUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of homeworkUpdate.")
class HomeworkUpdatePayload:
    homework: Homework | None = strawberry.field(default=None, description="The homework.")
    user_errors: list[AcademyUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of homeworkDelete.")
class HomeworkDeletePayload:
    deleted_homework_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ID of the homework deleted."
    )
    user_errors: list[AcademyUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


# ---------------------------------------------------------------------------------------------
# root fields


@strawberry.type
class AcademyQuery:
    @strawberry.field(
        description=_desc("Attendance records; students see their own.", "attendance.read")
    )
    async def attendances(
        self,
        info: Info,
        filter: Annotated[
            AttendanceFilter | None, strawberry.argument(description="Which records.")
        ] = None,
        direction: Direction = OrderDirection.DESC,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Attendance]:
        page = await academy_resolvers.attendance_page(
            info.context,
            (filter or AttendanceFilter()).to_domain(),
            direction is OrderDirection.DESC,
            page_args(first, after, last, before),
        )
        return Connection[Attendance].from_page(page, Attendance.from_row)

    @strawberry.field(description=_desc("Points given; students see their own.", "point.read"))
    async def point_entries(
        self,
        info: Info,
        filter: Annotated[
            PointEntryFilter | None, strawberry.argument(description="Which points.")
        ] = None,
        direction: Direction = OrderDirection.DESC,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PointEntry]:
        page = await academy_resolvers.point_page(
            info.context,
            (filter or PointEntryFilter()).to_domain(),
            direction is OrderDirection.DESC,
            page_args(first, after, last, before),
        )
        return Connection[PointEntry].from_page(page, PointEntry.from_row)

    @strawberry.field(description=_desc("Homework; students see their group's.", "homework.read"))
    async def homework(
        self,
        info: Info,
        filter: Annotated[
            HomeworkFilter | None, strawberry.argument(description="Which homework.")
        ] = None,
        direction: Annotated[
            OrderDirection,
            strawberry.argument(description="By creation time: DESC is newest first."),
        ] = OrderDirection.DESC,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Homework]:
        page = await academy_resolvers.homework_page(
            info.context,
            (filter or HomeworkFilter()).to_domain(),
            direction is OrderDirection.DESC,
            page_args(first, after, last, before),
        )
        return Connection[Homework].from_page(page, Homework.from_row)

    @strawberry.field(
        description=_desc(
            "The homework of the asking student's group (others get FORBIDDEN: Not a student).",
            "homework.mine",
        )
    )
    async def my_homework(
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
    ) -> Connection[Homework]:
        page = await academy_resolvers.my_homework_page(
            info.context, direction is OrderDirection.DESC, page_args(first, after, last, before)
        )
        return Connection[Homework].from_page(page, Homework.from_row)

    @strawberry.field(
        description=_desc("Employees' work logs (students see none).", "worklog.read")
    )
    async def work_logs(
        self,
        info: Info,
        filter: Annotated[
            WorkLogFilter | None, strawberry.argument(description="Which work logs.")
        ] = None,
        direction: Direction = OrderDirection.DESC,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[WorkLog]:
        page = await academy_resolvers.work_log_page(
            info.context,
            (filter or WorkLogFilter()).to_domain(),
            direction is OrderDirection.DESC,
            page_args(first, after, last, before),
        )
        return Connection[WorkLog].from_page(page, WorkLog.from_row)

    @strawberry.field(
        description=_desc(
            "A group's students ranked by the points given in the group, best first. "
            "Students may ask for their own group only.",
            "rating.read",
        )
    )
    async def student_rating(
        self,
        info: Info,
        group_id: Annotated[strawberry.ID, strawberry.argument(description="The Group.")],
    ) -> list[StudentRatingEntry]:
        rated = await academy_resolvers.student_rating(
            info.context, database_id_of(group_id, "Group", field="groupId")
        )
        return [
            StudentRatingEntry(
                rank=r.ranked.rank, total_points=r.ranked.total, student_row=r.student
            )
            for r in rated
        ]


@strawberry.type
class AcademyMutation:
    @strawberry.mutation(description=_desc("Mark one student today.", "attendance.write"))
    async def attendance_create(
        self, info: Info, input: AttendanceCreateInput
    ) -> AttendanceCreatePayload:
        async def run() -> Any:
            data = input_data(input, ids=RECORD_IDS)
            return await academy_resolvers.attendance_create(info.context, data)

        return await mutate(
            run(),
            lambda row: AttendanceCreatePayload(attendance=Attendance.from_row(row)),
            lambda e: AttendanceCreatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Change an attendance record.", "attendance.write"))
    async def attendance_update(
        self, info: Info, input: AttendanceUpdateInput
    ) -> AttendanceUpdatePayload:
        async def run() -> Any:
            record_id = database_id_of(input.id, "Attendance")
            data = input_data(input, ids=RECORD_IDS)
            return await academy_resolvers.attendance_update(info.context, record_id, data)

        return await mutate(
            run(),
            lambda row: AttendanceUpdatePayload(attendance=Attendance.from_row(row)),
            lambda e: AttendanceUpdatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Delete an attendance record.", "attendance.write"))
    async def attendance_delete(
        self, info: Info, input: AttendanceDeleteInput
    ) -> AttendanceDeletePayload:
        async def run() -> int:
            return await academy_resolvers.attendance_delete(
                info.context, database_id_of(input.id, "Attendance")
            )

        return await mutate(
            run(),
            lambda _: AttendanceDeletePayload(deleted_attendance_id=input.id),
            lambda e: AttendanceDeletePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(
        description=_desc(
            "Today's attendance for a whole group: the existing records, or ABSENT for every "
            "student. Employees only on a lesson day inside the lesson time (Asia/Tashkent); "
            "admins any time.",
            "attendance.write",
        )
    )
    async def attendance_bulk_create(
        self, info: Info, input: AttendanceBulkCreateInput
    ) -> AttendanceBulkCreatePayload:
        async def run() -> academy_resolvers.BulkAttendance:
            group_id = database_id_of(input.group_id, "Group", field="groupId")
            return await academy_resolvers.attendance_bulk_create(info.context, group_id)

        return await mutate(
            run(),
            lambda bulk: AttendanceBulkCreatePayload(
                attendances=[Attendance.from_row(r) for r in bulk.records], created=bulk.created
            ),
            lambda e: AttendanceBulkCreatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Give a student points.", "point.write"))
    async def point_entry_create(
        self, info: Info, input: PointEntryCreateInput
    ) -> PointEntryCreatePayload:
        async def run() -> Any:
            data = input_data(input, ids=RECORD_IDS)
            return await academy_resolvers.point_create(info.context, data)

        return await mutate(
            run(),
            lambda row: PointEntryCreatePayload(point_entry=PointEntry.from_row(row)),
            lambda e: PointEntryCreatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Change points given.", "point.write"))
    async def point_entry_update(
        self, info: Info, input: PointEntryUpdateInput
    ) -> PointEntryUpdatePayload:
        async def run() -> Any:
            point_id = database_id_of(input.id, "PointEntry")
            data = input_data(input, ids=RECORD_IDS)
            return await academy_resolvers.point_update(info.context, point_id, data)

        return await mutate(
            run(),
            lambda row: PointEntryUpdatePayload(point_entry=PointEntry.from_row(row)),
            lambda e: PointEntryUpdatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Delete points given.", "point.write"))
    async def point_entry_delete(
        self, info: Info, input: PointEntryDeleteInput
    ) -> PointEntryDeletePayload:
        async def run() -> int:
            return await academy_resolvers.point_delete(
                info.context, database_id_of(input.id, "PointEntry")
            )

        return await mutate(
            run(),
            lambda _: PointEntryDeletePayload(deleted_point_entry_id=input.id),
            lambda e: PointEntryDeletePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Add homework (text) to a group.", "homework.write"))
    async def homework_create(
        self, info: Info, input: HomeworkCreateInput
    ) -> HomeworkCreatePayload:
        async def run() -> Any:
            data = input_data(input, ids=RECORD_IDS)
            return await academy_resolvers.homework_create(info.context, data)

        return await mutate(
            run(),
            lambda row: HomeworkCreatePayload(homework=Homework.from_row(row)),
            lambda e: HomeworkCreatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Change homework.", "homework.write"))
    async def homework_update(
        self, info: Info, input: HomeworkUpdateInput
    ) -> HomeworkUpdatePayload:
        async def run() -> Any:
            homework_id = database_id_of(input.id, "Homework")
            data = input_data(input, ids=RECORD_IDS, skip=frozenset({"id", "remove_file"}))
            if input.remove_file:
                data["file"] = None
            return await academy_resolvers.homework_update(info.context, homework_id, data)

        return await mutate(
            run(),
            lambda row: HomeworkUpdatePayload(homework=Homework.from_row(row)),
            lambda e: HomeworkUpdatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Delete homework and its file.", "homework.write"))
    async def homework_delete(
        self, info: Info, input: HomeworkDeleteInput
    ) -> HomeworkDeletePayload:
        async def run() -> int:
            return await academy_resolvers.homework_delete(
                info.context, database_id_of(input.id, "Homework")
            )

        return await mutate(
            run(),
            lambda _: HomeworkDeletePayload(deleted_homework_id=input.id),
            lambda e: HomeworkDeletePayload(user_errors=_errors(e)),
        )
