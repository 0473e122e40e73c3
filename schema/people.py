"""People: users (students and staff), log-in tokens, API keys."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from models import people as people_models
from resolvers import academy as academy_resolvers
from resolvers import groups as group_resolvers
from resolvers import people as people_resolvers
from resolvers.errors import DomainError
from resolvers.loaders.academy import RecordQuery
from schema.academy import Attendance, PointEntry, StudentRecordFilter
from schema.common.descriptions import described as _desc
from schema.common.errors import USER_ERRORS, mutate, to_user_errors
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
from schema.planner import convert_once, register_batch, resolve_one

if TYPE_CHECKING:
    from schema.exams import ExamResult
    from schema.ielts import IeltsResults
    from schema.payments import Payment

Role = strawberry.enum(people_models.Role, description="What a person may do.")


@strawberry.interface(description="A person: a student or a member of staff.")
class User(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    username: str = strawberry.field(description="Log-in name.")
    email: str | None = strawberry.field(description="Email address (unique, any case).")
    first_name: str = strawberry.field(description="Given name.")
    last_name: str = strawberry.field(description="Family name.")
    role: Role = strawberry.field(description="The person's role.")  # type: ignore[valid-type]
    phone: str | None = strawberry.field(description="Phone number.")
    telegram_id: str | None = strawberry.field(description="Telegram chat ID, for messages.")
    is_active: bool = strawberry.field(description="Inactive people cannot log in.")
    created_at: datetime = strawberry.field(description="When the account was created.")
    last_login: datetime | None = strawberry.field(description="Last password log-in.")

    @strawberry.field(description="First and last name together.")
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@strawberry.type(description="A member of staff: admin, curator, teacher, reviewer or manager.")
class Staff(User):
    code: str | None = strawberry.field(description="Staff code, such as CUR-12.")


@strawberry.type(description="A student.")
class Student(User):
    student_id: str | None = strawberry.field(description="The student's code at the center.")
    parent_phone: str | None = strawberry.field(description="A parent's phone number.")
    status: str = strawberry.field(description="Enrolment status, such as Active.")
    group_id: strawberry.Private[int | None]
    curator_id: strawberry.Private[int | None]

    @strawberry.field(description="The group the student belongs to.")
    async def group(self, info: Info) -> Group | None:
        return await resolve_one(_groups_batch, info.context, self)  # type: ignore[no-any-return]

    @strawberry.field(description="The curator responsible for the student.")
    async def curator(self, info: Info) -> Staff | None:
        return await resolve_one(_curators_batch, info.context, self)  # type: ignore[no-any-return]

    # -- exams (seed 001 §14) --
    @strawberry.field(description="The student's exam results, newest first.")
    async def exam_results(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Annotated[ExamResult, strawberry.lazy("schema.exams")]]:
        from schema.exams import student_exam_results

        return await student_exam_results(  # type: ignore[return-value]
            info, self.database_id, page_args(first, after, last, before)
        )

    # academy (seed 001): points, rank, attendance and points of the student

    @strawberry.field(description="All points the student was ever given (`all_score`).")
    async def total_points(self, info: Info) -> int:
        return await academy_resolvers.student_total_points(info.context, self.database_id)

    @strawberry.field(
        description="Place in the group's rating by the points given there (equal totals "
        "share a place); null without a group."
    )
    async def rank(self, info: Info) -> int | None:
        ranked = await academy_resolvers.student_rank(info.context, self.database_id, self.group_id)
        return ranked.rank if ranked else None

    @strawberry.field(description="The student's attendance, newest first by default.")
    async def attendance(
        self,
        info: Info,
        filter: Annotated[
            StudentRecordFilter | None,
            strawberry.argument(description="A date range and a status."),
        ] = None,
        direction: Annotated[
            OrderDirection, strawberry.argument(description="By date: DESC is newest first.")
        ] = OrderDirection.DESC,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Attendance]:
        flt = filter or StudentRecordFilter()
        page = await academy_resolvers.student_attendance_page(
            info.context,
            self.database_id,
            RecordQuery(
                flt.date_from,
                flt.date_to,
                flt.status.value if flt.status else None,
                direction is OrderDirection.DESC,
            ),
            page_args(first, after, last, before),
        )
        return Connection[Attendance].from_page(page, Attendance.from_row)

    @strawberry.field(description="Points the student was given, newest first by default.")
    async def points(
        self,
        info: Info,
        filter: Annotated[
            StudentRecordFilter | None, strawberry.argument(description="A date range.")
        ] = None,
        direction: Annotated[
            OrderDirection, strawberry.argument(description="By date: DESC is newest first.")
        ] = OrderDirection.DESC,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PointEntry]:
        flt = filter or StudentRecordFilter()
        page = await academy_resolvers.student_points_page(
            info.context,
            self.database_id,
            RecordQuery(flt.date_from, flt.date_to, None, direction is OrderDirection.DESC),
            page_args(first, after, last, before),
        )
        return Connection[PointEntry].from_page(page, PointEntry.from_row)

    @strawberry.field(
        description="The student's payments, newest first (staff, or the student themself)."
    )
    async def payments(
        self, info: Info
    ) -> list[Annotated[Payment, strawberry.lazy("schema.payments")]]:
        from schema.payments import payments_of_student

        return await payments_of_student(info, self.database_id)

    @strawberry.field(description="IELTS results: the latest per module and the history.")
    def ielts(self) -> Annotated[IeltsResults, strawberry.lazy("schema.ielts")]:
        from schema.ielts import IeltsResults

        return IeltsResults(student_id=self.database_id)


# By value, for rows read by the hundred (calling an Enum class looks the value up slowly).
_ROLES = {r.value: r for r in people_models.Role}


def _common(row: people_models.User) -> dict[str, Any]:
    return {
        "database_id": row.id,
        "username": row.username,
        "email": row.email,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "role": _ROLES.get(row.role) or people_models.Role(row.role),
        "phone": row.phone,
        "telegram_id": row.telegram_id,
        "is_active": row.is_active,
        "created_at": row.created_at,
        "last_login": row.last_login,
    }


def user_from_row(row: people_models.User) -> Student | Staff:
    if row.role == people_models.Role.STUDENT.value:
        return student_from_row(row)
    return Staff(code=row.code, **_common(row))


def student_from_row(row: people_models.User) -> Student:
    return Student(
        student_id=row.code,
        parent_phone=row.parent_phone,
        status=row.status,
        group_id=row.group_id,
        curator_id=row.curator_id,
        **_common(row),
    )


# -- a student's group and curator, a level at a time: the planned executor asks for all
# parents at once, the fields above for one (each distinct row is converted once).


async def _groups_batch(ctx: Any, parents: Sequence[Any], args: dict[str, Any]) -> list[Any]:
    rows = await group_resolvers.get_groups(ctx, [p.group_id for p in parents])
    return convert_once(rows, Group.from_row)


def _staff_from_row(row: people_models.User) -> Staff | None:
    converted = user_from_row(row)
    return converted if isinstance(converted, Staff) else None


async def _curators_batch(ctx: Any, parents: Sequence[Any], args: dict[str, Any]) -> list[Any]:
    rows = await people_resolvers.get_curators(ctx, [p.curator_id for p in parents])
    return convert_once(rows, _staff_from_row)


register_batch(Student.group, _groups_batch)
register_batch(Student.curator, _curators_batch)


@strawberry.type(description="A key a service uses to call the API (header X-API-Key).")
class ApiKey(Node):
    database_id: int = strawberry.field(description="The integer ID.")
    name: str = strawberry.field(description="What the key is for.")
    prefix: str = strawberry.field(description="The key's first characters, to recognise it.")
    scopes: list[str] = strawberry.field(description="What the key may do.")
    created_at: datetime = strawberry.field(description="When the key was made.")
    last_used_at: datetime | None = strawberry.field(description="Last use (to the minute).")
    revoked_at: datetime | None = strawberry.field(description="When the key was revoked.")

    @classmethod
    def from_row(cls, row: people_models.ApiKey) -> ApiKey:
        return cls(
            database_id=row.id,
            name=row.name,
            prefix=row.prefix,
            scopes=list(row.scopes or []),
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            revoked_at=row.revoked_at,
        )


async def _load_users(info: Info, ids: Sequence[int], want: type) -> list[Any]:
    rows = await people_resolvers.get_users(info.context, ids)
    objects = [user_from_row(row) if row else None for row in rows]
    return [obj if isinstance(obj, want) else None for obj in objects]


async def _load_students(info: Info, ids: Sequence[int]) -> list[Any]:
    return await _load_users(info, ids, Student)


async def _load_staff(info: Info, ids: Sequence[int]) -> list[Any]:
    return await _load_users(info, ids, Staff)


register_node("Student", _load_students)
register_node("Staff", _load_staff)


# ---------------------------------------------------------------------------------------------
# inputs and errors


@strawberry.enum(description="What went wrong with a people mutation.")
class PeopleErrorCode(enum.Enum):
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    BLANK = "BLANK"
    TOO_SHORT = "TOO_SHORT"
    TOO_LONG = "TOO_LONG"
    UNIQUE = "UNIQUE"
    INVALID_CHOICE = "INVALID_CHOICE"
    DOES_NOT_EXIST = "DOES_NOT_EXIST"
    NOT_FOUND = "NOT_FOUND"
    INVALID_ID = "INVALID_ID"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    INVALID_TOKEN = "INVALID_TOKEN"
    FORBIDDEN_FIELD = "FORBIDDEN_FIELD"
    SELF = "SELF"


@strawberry.type(description="A problem with the input of a people mutation.")
class PeopleUserError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="What is wrong, for a person to read.")
    code: PeopleErrorCode = strawberry.field(description="What is wrong, for a program.")


ALIASES = {"group": "groupId", "curator": "curatorId", "refresh": "refreshToken"}


def _errors(exc: DomainError) -> list[PeopleUserError]:
    return to_user_errors(exc, PeopleUserError, PeopleErrorCode, ALIASES)


@strawberry.enum(description="Fields people can be sorted by.")
class UserOrderField(enum.Enum):
    USERNAME = "username"
    CREATED_AT = "created_at"
    LAST_NAME = "last_name"
    EMAIL = "email"


@strawberry.input(description="How to sort people.")
class UserOrder:
    field: UserOrderField = strawberry.field(description="The field to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.input(description="Which people to list.")
class UserFilter:
    role: Role | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only this role."
    )
    group_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only members of this group (a Group ID)."
    )
    search: str | None = strawberry.field(
        default=None, description="Part of the name, email or username (any case)."
    )
    is_active: bool | None = strawberry.field(
        default=None, description="Only active (or only inactive) people."
    )

    def to_domain(self) -> people_resolvers.UserFilter:
        return people_resolvers.UserFilter(
            role=self.role,
            group_id=database_id_of(self.group_id, "Group", field="groupId")
            if self.group_id
            else None,
            search=self.search,
            is_active=self.is_active,
        )


def _order(order: UserOrder | None) -> tuple[people_resolvers.UserOrderField, bool]:
    if order is None:
        return people_resolvers.UserOrderField.USERNAME, False
    return (
        people_resolvers.UserOrderField(order.field.value),
        order.direction is OrderDirection.DESC,
    )


@strawberry.input(description="Log in with a username and password.")
class TokenCreateInput:
    username: str = strawberry.field(description="Log-in name.")
    password: str = strawberry.field(description="Password.")


@strawberry.input(description="Exchange a refresh token for a new pair of tokens.")
class TokenRefreshInput:
    refresh_token: str = strawberry.field(description="The refresh token from the last pair.")


@strawberry.input(description="Log out: end the login a refresh token belongs to.")
class TokenRevokeInput:
    refresh_token: str | None = strawberry.field(
        default=None, description="The refresh token; without it, the caller's own login ends."
    )


@strawberry.input(description="A new person.")
class UserCreateInput:
    username: str = strawberry.field(description="At least 6 characters: letters, digits, @.+-_")
    password: str = strawberry.field(description="At least 8 characters; never returned.")
    role: Role = strawberry.field(  # type: ignore[valid-type]
        default=people_models.Role.STUDENT, description="Role (default STUDENT)."
    )
    email: str | None = strawberry.field(default=None, description="Email address.")
    first_name: str | None = strawberry.field(default=None, description="Given name.")
    last_name: str | None = strawberry.field(default=None, description="Family name.")
    phone: str | None = strawberry.field(default=None, description="Phone number.")
    parent_phone: str | None = strawberry.field(default=None, description="Parent's phone.")
    telegram_id: str | None = strawberry.field(default=None, description="Telegram chat ID.")
    code: str | None = strawberry.field(default=None, description="Student or staff code.")
    group_id: strawberry.ID | None = strawberry.field(
        default=None, description="An active group (Group ID), for students."
    )
    curator_id: strawberry.ID | None = strawberry.field(
        default=None, description="The curator (Staff ID), for students."
    )


@strawberry.input(description="Changes to a person; fields left out stay as they are.")
class UserUpdateInput:
    id: strawberry.ID = strawberry.field(description="The Student or Staff ID.")
    username: str | None = strawberry.field(
        default=strawberry.UNSET, description="New log-in name."
    )
    password: str | None = strawberry.field(
        default=strawberry.UNSET, description="New password (at least 8 characters)."
    )
    role: Role | None = strawberry.field(
        default=strawberry.UNSET, description="New role (admins only)."
    )  # type: ignore[valid-type]
    email: str | None = strawberry.field(default=strawberry.UNSET, description="New email address.")
    first_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="New given name."
    )
    last_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="New family name."
    )
    phone: str | None = strawberry.field(default=strawberry.UNSET, description="New phone number.")
    parent_phone: str | None = strawberry.field(
        default=strawberry.UNSET, description="New parent's phone."
    )
    telegram_id: str | None = strawberry.field(
        default=strawberry.UNSET, description="New Telegram chat ID."
    )
    code: str | None = strawberry.field(
        default=strawberry.UNSET, description="New student or staff code."
    )
    status: str | None = strawberry.field(
        default=strawberry.UNSET, description="New enrolment status."
    )
    is_active: bool | None = strawberry.field(
        default=strawberry.UNSET, description="False disables the account and ends its logins."
    )
    group_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="New group (an active Group ID)."
    )
    curator_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="New curator (a Staff ID)."
    )


@strawberry.input(description="The person to delete.")
class UserDeleteInput:
    id: strawberry.ID = strawberry.field(description="The Student or Staff ID.")


@strawberry.input(description="A new API key.")
class ApiKeyCreateInput:
    name: str = strawberry.field(description="What the key is for.")
    scopes: list[str] = strawberry.field(
        default_factory=list, description="What it may do, such as students:read."
    )


@strawberry.input(description="The API key to revoke.")
class ApiKeyRevokeInput:
    id: strawberry.ID = strawberry.field(description="The ApiKey ID.")


def _user_data(inp: Any, *, skip: frozenset[str] = frozenset({"id"})) -> dict[str, Any]:
    """The fields the client sent, with global IDs turned into database ids."""
    data: dict[str, Any] = {}
    for name, value in vars(inp).items():
        if name in skip or value is strawberry.UNSET:
            continue
        if name == "group_id" and value is not None:
            value = database_id_of(value, "Group", field="groupId")
        elif name == "curator_id" and value is not None:
            value = database_id_of(value, "Staff", field="curatorId")
        data[name] = value
    return data


# ---------------------------------------------------------------------------------------------
# payloads


@strawberry.type(description="A new pair of tokens, or why there is none.")
class TokenPayload:
    access_token: str | None = strawberry.field(default=None, description="Valid for 1 day.")
    refresh_token: str | None = strawberry.field(default=None, description="Valid for 3 days.")
    access_token_expires_at: datetime | None = strawberry.field(
        default=None, description="When the access token expires."
    )
    refresh_token_expires_at: datetime | None = strawberry.field(
        default=None, description="When the refresh token expires."
    )
    user: User | None = strawberry.field(default=None, description="Who logged in.")
    user_errors: list[PeopleUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )

    @classmethod
    def from_pair(cls, pair: people_resolvers.TokenPair) -> TokenPayload:
        return cls(
            access_token=pair.access,
            refresh_token=pair.refresh,
            access_token_expires_at=pair.access_expires_at,
            refresh_token_expires_at=pair.refresh_expires_at,
            user=user_from_row(pair.user),
        )


@strawberry.type(description="Result of tokenCreate.")
class TokenCreatePayload(TokenPayload):
    pass


@strawberry.type(description="Result of tokenRefresh.")
class TokenRefreshPayload(TokenPayload):
    pass


@strawberry.type(description="Result of tokenRevoke.")
class TokenRevokePayload:
    revoked: bool = strawberry.field(default=False, description="The login has ended.")
    user_errors: list[PeopleUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of userCreate.")
class UserCreatePayload:
    user: User | None = strawberry.field(default=None, description="The new person.")
    user_errors: list[PeopleUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of userUpdate.")
class UserUpdatePayload:
    user: User | None = strawberry.field(default=None, description="The person, as changed.")
    user_errors: list[PeopleUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of userDelete.")
class UserDeletePayload:
    deleted_user_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ID of the person deleted."
    )
    user_errors: list[PeopleUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of apiKeyCreate.")
class ApiKeyCreatePayload:
    api_key: ApiKey | None = strawberry.field(default=None, description="The new key's record.")
    key: str | None = strawberry.field(
        default=None, description="The key itself. Shown only here, once: store it now."
    )
    user_errors: list[PeopleUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of apiKeyRevoke.")
class ApiKeyRevokePayload:
    api_key: ApiKey | None = strawberry.field(default=None, description="The revoked key.")
    user_errors: list[PeopleUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type
class PeopleQuery:
    @strawberry.field(description="The person making the request; null when anonymous.")
    async def viewer(self, info: Info) -> User | None:
        row = await people_resolvers.get_viewer(info.context)
        return user_from_row(row) if row else None

    @strawberry.field(description=_desc("Everyone: students and staff.", "user.list"))
    async def users(
        self,
        info: Info,
        filter: UserFilter | None = None,
        order_by: UserOrder | None = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[User]:
        order, descending = _order(order_by)
        page = await people_resolvers.list_users(
            info.context,
            (filter or UserFilter()).to_domain(),
            order,
            descending,
            page_args(first, after, last, before),
        )
        return Connection[User].from_page(page, user_from_row)

    @strawberry.field(description=_desc("Students.", "student.list"))
    async def students(
        self,
        info: Info,
        filter: UserFilter | None = None,
        order_by: UserOrder | None = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Student]:
        order, descending = _order(order_by)
        page = await people_resolvers.list_students(
            info.context,
            (filter or UserFilter()).to_domain(),
            order,
            descending,
            page_args(first, after, last, before),
        )
        return Connection[Student].from_page(page, student_from_row)

    @strawberry.field(description=_desc("API keys, newest last.", "apikey.create"))
    async def api_keys(self, info: Info) -> list[ApiKey]:
        return [ApiKey.from_row(r) for r in await people_resolvers.list_api_keys(info.context)]


@strawberry.type
class PeopleMutation:
    @strawberry.mutation(description="Log in with username and password: a new token pair.")
    async def token_create(self, info: Info, input: TokenCreateInput) -> TokenCreatePayload:
        return await mutate(
            people_resolvers.token_create(info.context, input.username, input.password),
            TokenCreatePayload.from_pair,
            lambda e: TokenCreatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(
        description="Exchange a refresh token for a new pair; the old one stops working. "
        "A refresh token used twice ends its whole login."
    )
    async def token_refresh(self, info: Info, input: TokenRefreshInput) -> TokenRefreshPayload:
        return await mutate(
            people_resolvers.token_refresh(info.context, input.refresh_token),
            TokenRefreshPayload.from_pair,
            lambda e: TokenRefreshPayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description="Log out: end a login and all its tokens.")
    async def token_revoke(self, info: Info, input: TokenRevokeInput) -> TokenRevokePayload:
        return await mutate(
            people_resolvers.token_revoke(info.context, input.refresh_token),
            lambda _: TokenRevokePayload(revoked=True),
            lambda e: TokenRevokePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Create a person.", "user.create"))
    async def user_create(self, info: Info, input: UserCreateInput) -> UserCreatePayload:
        async def run() -> people_models.User:
            return await people_resolvers.user_create(info.context, _user_data(input))

        return await mutate(
            run(),
            lambda row: UserCreatePayload(user=user_from_row(row)),
            lambda e: UserCreatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(
        description="Change a person. Admins change anyone; others change their own name, "
        "email, phone and password."
    )
    async def user_update(self, info: Info, input: UserUpdateInput) -> UserUpdatePayload:
        async def run() -> people_models.User:
            user_id = database_id_of(input.id, "Student", "Staff")
            return await people_resolvers.user_update(info.context, user_id, _user_data(input))

        return await mutate(
            run(),
            lambda row: UserUpdatePayload(user=user_from_row(row)),
            lambda e: UserUpdatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Delete a person.", "user.delete"))
    async def user_delete(self, info: Info, input: UserDeleteInput) -> UserDeletePayload:
        async def run() -> int:
            user_id = database_id_of(input.id, "Student", "Staff")
            return await people_resolvers.user_delete(info.context, user_id)

        return await mutate(
            run(),
            lambda _: UserDeletePayload(deleted_user_id=input.id),
            lambda e: UserDeletePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Create an API key.", "apikey.create"))
    async def api_key_create(self, info: Info, input: ApiKeyCreateInput) -> ApiKeyCreatePayload:
        return await mutate(
            people_resolvers.api_key_create(info.context, input.name, input.scopes),
            lambda c: ApiKeyCreatePayload(api_key=ApiKey.from_row(c.api_key), key=c.key),
            lambda e: ApiKeyCreatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Revoke an API key.", "apikey.revoke"))
    async def api_key_revoke(self, info: Info, input: ApiKeyRevokeInput) -> ApiKeyRevokePayload:
        async def run() -> people_models.ApiKey:
            key_id = database_id_of(input.id, "ApiKey")
            return await people_resolvers.api_key_revoke(info.context, key_id)

        return await mutate(
            run(),
            lambda row: ApiKeyRevokePayload(api_key=ApiKey.from_row(row)),
            lambda e: ApiKeyRevokePayload(user_errors=_errors(e)),
        )
