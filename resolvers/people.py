"""People: users of every role, log-in tokens, API keys."""

from __future__ import annotations

import enum
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from auth import api_keys, passwords, permissions, policies, tokens
from models import groups as group_models
from models import people as people_models
from models.db import read_session, write_session
from resolvers.context import AppContext
from resolvers.errors import (
    BLANK,
    REQUIRED,
    Collector,
    InvalidCredentials,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    max_length,
    min_length,
)
from resolvers.pagination import Page, PageArgs, SortKey, paginate
from resolvers.search import escape_like

User = people_models.User
Role = people_models.Role

USERNAME_MIN = 6
PASSWORD_MIN = 8
USERNAME_RE = re.compile(r"^[\w.@+-]+$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Academy words for roles, accepted wherever a role is given.
ROLE_ALIASES = {"owner": Role.ADMIN, "employee": Role.TEACHER}


def parse_role(value: str) -> Role | None:
    text = value.strip()
    if text.lower() in ROLE_ALIASES:
        return ROLE_ALIASES[text.lower()]
    try:
        return Role(text.upper())
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# reads


async def get_user(ctx: AppContext, user_id: int) -> User | None:
    """A user the principal may see, or None (an invisible user looks like a missing one)."""
    if not ctx.principal.authenticated:
        return None
    user = await ctx.loaders.user_by_id.load(user_id)
    if user is None or not policies.can_view_user(ctx.principal, user):
        return None
    return user


async def get_users(ctx: AppContext, user_ids: Sequence[int | None]) -> list[User | None]:
    """`get_user` for many ids at once (None ids give None)."""
    return await _visible_users(ctx, user_ids, ctx.loaders.user_by_id)


async def get_curators(ctx: AppContext, curator_ids: Sequence[int | None]) -> list[User | None]:
    """Students' curators, as `get_users` (their own loader: students by email bring them)."""
    return await _visible_users(ctx, curator_ids, ctx.loaders.curator_by_id)


async def _visible_users(
    ctx: AppContext, user_ids: Sequence[int | None], loader: Any
) -> list[User | None]:
    if not ctx.principal.authenticated:
        return [None] * len(user_ids)
    wanted = [i for i in user_ids if i is not None]
    found = dict(zip(wanted, await loader.load_many(wanted), strict=True))
    users = [found.get(i) if i is not None else None for i in user_ids]
    return [
        u if u is not None and policies.can_view_user(ctx.principal, u) else None for u in users
    ]


async def get_viewer(ctx: AppContext) -> User | None:
    if ctx.principal.user_id is None:
        return None
    return await ctx.loaders.user_by_id.load(ctx.principal.user_id)


class UserOrderField(enum.Enum):
    USERNAME = "username"
    CREATED_AT = "created_at"
    LAST_NAME = "last_name"
    EMAIL = "email"


@dataclass(frozen=True)
class UserFilter:
    role: Role | None = None
    group_id: int | None = None
    search: str | None = None
    is_active: bool | None = None


def _sort_keys(field: UserOrderField, descending: bool) -> list[SortKey]:
    column: Any
    python_type: type = str
    if field is UserOrderField.USERNAME:
        column = User.username
    elif field is UserOrderField.CREATED_AT:
        column, python_type = User.created_at, datetime
    elif field is UserOrderField.LAST_NAME:
        column = User.last_name
    else:
        column = func.coalesce(User.email, "")
    return [SortKey(column, descending, python_type), SortKey(User.id, descending, int)]


def _key_of(field: UserOrderField) -> Any:
    def key(user: User) -> list[Any]:
        if field is UserOrderField.EMAIL:
            return [user.email or "", user.id]
        return [getattr(user, field.value), user.id]

    return key


def _filtered(flt: UserFilter) -> Any:
    stmt = select(User)
    if flt.role is not None:
        stmt = stmt.where(User.role == flt.role.value)
    if flt.group_id is not None:
        stmt = stmt.where(User.group_id == flt.group_id)
    if flt.is_active is not None:
        stmt = stmt.where(User.is_active == flt.is_active)
    if flt.search:
        needle = f"%{escape_like(flt.search.strip().lower())}%"
        stmt = stmt.where(
            or_(
                func.lower(User.username).like(needle, escape="\\"),
                func.lower(func.coalesce(User.email, "")).like(needle, escape="\\"),
                func.lower(User.first_name).like(needle, escape="\\"),
                func.lower(User.last_name).like(needle, escape="\\"),
                func.lower(User.first_name + " " + User.last_name).like(needle, escape="\\"),
            )
        )
    return stmt


async def list_users(
    ctx: AppContext,
    flt: UserFilter,
    order: UserOrderField = UserOrderField.USERNAME,
    descending: bool = False,
    page: PageArgs = PageArgs(),
) -> Page[User]:
    ctx.require("user.list")
    return await paginate(
        ctx.sessionmaker, _filtered(flt), _sort_keys(order, descending), page, key_of=_key_of(order)
    )


async def list_students(
    ctx: AppContext,
    flt: UserFilter,
    order: UserOrderField = UserOrderField.USERNAME,
    descending: bool = False,
    page: PageArgs = PageArgs(),
) -> Page[User]:
    ctx.require("student.list")
    flt = UserFilter(
        role=Role.STUDENT, group_id=flt.group_id, search=flt.search, is_active=flt.is_active
    )
    return await paginate(
        ctx.sessionmaker, _filtered(flt), _sort_keys(order, descending), page, key_of=_key_of(order)
    )


# ---------------------------------------------------------------------------------------------
# writes

USER_FIELDS = frozenset(
    {
        "username",
        "password",
        "email",
        "role",
        "first_name",
        "last_name",
        "phone",
        "parent_phone",
        "telegram_id",
        "code",
        "status",
        "group_id",
        "curator_id",
        "is_active",
    }
)
_LIMITS = {
    "username": 150,
    "email": 254,
    "first_name": 150,
    "last_name": 150,
    "phone": 32,
    "parent_phone": 32,
    "telegram_id": 64,
    "code": 64,
    "status": 32,
}


async def validate_user_fields(
    ctx: AppContext, data: Mapping[str, Any], *, creating: bool, user_id: int | None = None
) -> dict[str, Any]:
    """Check every field, report every problem at once; returns column values to write."""
    unknown = set(data) - USER_FIELDS
    if unknown:
        raise ValueError(f"unknown user fields: {sorted(unknown)}")
    errors = Collector()
    values: dict[str, Any] = {}

    for name in ("username", "password"):
        if creating and (name not in data or data[name] is None):
            errors.add(name, REQUIRED, "REQUIRED")
    for name, value in data.items():
        if isinstance(value, str) and name in _LIMITS and len(value) > _LIMITS[name]:
            errors.add(name, max_length(_LIMITS[name]), "TOO_LONG")

    if "username" in data and data["username"] is not None and not errors.has("username"):
        username = str(data["username"]).strip()
        if not username:
            errors.add("username", BLANK, "BLANK")
        elif len(username) < USERNAME_MIN:
            errors.add("username", min_length(USERNAME_MIN), "TOO_SHORT")
        elif not USERNAME_RE.match(username):
            errors.add(
                "username",
                "Enter a valid username. This value may contain only letters, numbers, "
                "and @/./+/-/_ characters.",
                "INVALID",
            )
        values["username"] = username
    elif "username" in data and not creating:
        errors.add("username", "This field may not be null.", "REQUIRED")

    if "password" in data and data["password"] is not None:
        password = str(data["password"])
        if len(password) < PASSWORD_MIN:
            errors.add("password", min_length(PASSWORD_MIN), "TOO_SHORT")
        else:
            values["password_hash"] = await passwords.hash_password_async(password)
    elif "password" in data and not creating:
        errors.add("password", "This field may not be null.", "REQUIRED")

    if "email" in data:
        email = (data["email"] or "").strip() or None
        if email is not None and not EMAIL_RE.match(email):
            errors.add("email", "Enter a valid email address.", "INVALID")
        values["email"] = email

    if "role" in data:
        role = data["role"]
        if isinstance(role, str):
            role = parse_role(role)
        if not isinstance(role, Role):
            errors.add("role", f'"{data["role"]}" is not a valid choice.', "INVALID_CHOICE")
        else:
            values["role"] = role.value
    elif creating:
        values["role"] = Role.STUDENT.value

    for name in ("first_name", "last_name"):
        if name in data:
            values[name] = (data[name] or "").strip()
    for name in ("phone", "parent_phone", "telegram_id", "code"):
        if name in data:
            text = data[name]
            values[name] = str(text).strip() or None if text is not None else None
    if "status" in data:
        values["status"] = (data["status"] or "Active").strip() or "Active"
    if "is_active" in data:
        if data["is_active"] is None:
            errors.add("is_active", "This field may not be null.", "REQUIRED")
        else:
            values["is_active"] = bool(data["is_active"])

    async with read_session(ctx.sessionmaker) as session:
        if "group_id" in data:
            group_id = data["group_id"]
            if group_id is not None:
                group = await session.get(group_models.Group, group_id)
                # Only an active group may take students (academy rule).
                if group is None or not group.is_active:
                    errors.add(
                        "group",
                        f'Invalid pk "{group_id}" - object does not exist.',
                        "DOES_NOT_EXIST",
                    )
            values["group_id"] = group_id
        if "curator_id" in data:
            curator_id = data["curator_id"]
            if curator_id is not None:
                curator = await session.get(User, curator_id)
                if curator is None or curator.role == Role.STUDENT.value:
                    errors.add(
                        "curator",
                        f'Invalid pk "{curator_id}" - object does not exist.',
                        "DOES_NOT_EXIST",
                    )
            values["curator_id"] = curator_id
        await _check_unique(session, values, errors, user_id)

    errors.raise_if_any()
    return values


async def _check_unique(
    session: Any, values: Mapping[str, Any], errors: Collector, user_id: int | None
) -> None:
    checks = []
    if values.get("username") and not errors.has("username"):
        checks.append(
            (
                "username",
                User.username == values["username"],
                "A user with that username already exists.",
            )
        )
    if values.get("email") and not errors.has("email"):
        checks.append(
            (
                "email",
                func.lower(User.email) == values["email"].lower(),
                "user with this email already exists.",
            )
        )
    if values.get("code"):
        checks.append(("code", User.code == values["code"], "user with this code already exists."))
    for field, condition, message in checks:
        stmt = select(User.id).where(condition)
        if user_id is not None:
            stmt = stmt.where(User.id != user_id)
        if await session.scalar(stmt.limit(1)) is not None:
            errors.add(field, message, "UNIQUE")


def _unique_violation(exc: IntegrityError) -> ValidationFailed:
    """A concurrent write won the race past our checks: say which field, as the check would."""
    text = str(exc.orig).lower()
    for field, message in (
        ("username", "A user with that username already exists."),
        ("email", "user with this email already exists."),
        ("code", "user with this code already exists."),
    ):
        if field in text:
            return ValidationFailed.single(field, message, "UNIQUE")
    return ValidationFailed.single(None, "The record conflicts with an existing one.", "UNIQUE")


async def create_user(ctx: AppContext, values: dict[str, Any]) -> User:
    """Insert a validated user; shared by every face that creates people."""
    try:
        async with write_session(ctx.sessionmaker) as session:
            user = User(**values)
            session.add(user)
            await session.flush()
    except IntegrityError as exc:
        raise _unique_violation(exc) from exc
    ctx.loaders.user_by_id.prime(user.id, user)
    return user


async def user_create(ctx: AppContext, data: Mapping[str, Any]) -> User:
    ctx.require("user.create")
    values = await validate_user_fields(ctx, data, creating=True)
    return await create_user(ctx, values)


async def _load_for_change(ctx: AppContext, user_id: int) -> User:
    async with read_session(ctx.sessionmaker) as session:
        user = await session.get(User, user_id)
    if user is None or not policies.can_view_user(ctx.principal, user):
        raise NotFound(field="id")
    return user


async def user_update(ctx: AppContext, user_id: int, data: Mapping[str, Any]) -> User:
    ctx.require("user.update")
    user = await _load_for_change(ctx, user_id)
    if not policies.can_update_user(ctx.principal, user):
        raise PermissionDenied()
    if not ctx.principal.is_admin and ctx.principal.kind != "api_key":
        forbidden = set(data) - policies.SELF_EDITABLE_FIELDS
        if forbidden:
            raise ValidationFailed.single(
                sorted(forbidden)[0], "You may not change this field.", "FORBIDDEN_FIELD"
            )
    if (
        ctx.principal.is_user(user_id)
        and "role" in data
        and parse_role(str(data["role"])) is not Role.ADMIN
    ):
        raise ValidationFailed.single("role", "You cannot remove your own admin role.", "SELF")
    values = await validate_user_fields(ctx, data, creating=False, user_id=user_id)
    return await _apply_update(ctx, user, values)


async def _apply_update(ctx: AppContext, user: User, values: dict[str, Any]) -> User:
    """Write validated changes to a user; a new password or a disabling ends their logins."""
    user_id = user.id
    if not values:
        return user
    try:
        async with write_session(ctx.sessionmaker) as session:
            await session.execute(update(User).where(User.id == user_id).values(**values))
            if "password_hash" in values or values.get("is_active") is False:
                # A new password or a disabled account ends every open login.
                await _revoke_sessions(session, user_id, ctx.now(), "password_change")
            fresh = await session.get(User, user_id, populate_existing=True)
    except IntegrityError as exc:
        raise _unique_violation(exc) from exc
    assert fresh is not None
    ctx.loaders.user_by_id.clear(user_id).prime(user_id, fresh)
    return fresh


async def user_delete(ctx: AppContext, user_id: int) -> int:
    ctx.require("user.delete")
    user = await _load_for_change(ctx, user_id)
    return await _delete(ctx, user)


async def _delete(ctx: AppContext, user: User) -> int:
    if ctx.principal.is_user(user.id):
        raise ValidationFailed.single("id", "You cannot delete yourself.", "SELF")
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(delete(User).where(User.id == user.id))
    ctx.loaders.user_by_id.clear(user.id)
    return user.id


# ---------------------------------------------------------------------------------------------
# academy rosters: owners, workers, students (seed 001 §5-§7)


class Roster(enum.Enum):
    OWNERS = "owners"
    WORKERS = "workers"
    STUDENTS = "students"


# The academy calls every staff role but admin an "employee", so the workers roster lists them
# all; a worker created through it is a TEACHER.
ROSTER_ROLES: dict[Roster, frozenset[Role]] = {
    Roster.OWNERS: frozenset({Role.ADMIN}),
    Roster.WORKERS: people_models.STAFF_ROLES - {Role.ADMIN},
    Roster.STUDENTS: frozenset({Role.STUDENT}),
}
ROSTER_NEW_ROLE = {
    Roster.OWNERS: Role.ADMIN,
    Roster.WORKERS: Role.TEACHER,
    Roster.STUDENTS: Role.STUDENT,
}
_STAFF_FIELDS = frozenset(
    {"username", "password", "first_name", "last_name", "phone", "telegram_id"}
)
ROSTER_FIELDS = {
    Roster.OWNERS: _STAFF_FIELDS,
    Roster.WORKERS: _STAFF_FIELDS,
    Roster.STUDENTS: _STAFF_FIELDS | {"parent_phone", "group"},
}
_ROSTER_READ = {
    Roster.OWNERS: "staff.read",
    Roster.WORKERS: "staff.read",
    Roster.STUDENTS: "student.read",
}
_ROSTER_WRITE = {
    Roster.OWNERS: "staff.write",
    Roster.WORKERS: "staff.write",
    Roster.STUDENTS: "student.write",
}


async def roster_list(ctx: AppContext, roster: Roster, group_id: int | None = None) -> list[User]:
    """Everyone on a roster, by id. Students asking see only themselves."""
    ctx.require(_ROSTER_READ[roster])
    stmt = select(User).where(User.role.in_([r.value for r in ROSTER_ROLES[roster]]))
    if roster is Roster.STUDENTS:
        only = policies.only_student_visible(ctx.principal)
        if only is not None:
            stmt = stmt.where(User.id == only)
        if group_id is not None:
            stmt = stmt.where(User.group_id == group_id)
    async with read_session(ctx.sessionmaker) as session:
        return list(await session.scalars(stmt.order_by(User.id)))


async def roster_get(ctx: AppContext, roster: Roster, user_id: int) -> User:
    ctx.require(_ROSTER_READ[roster])
    user = await ctx.loaders.user_by_id.load(user_id)
    if (
        user is None
        or Role(user.role) not in ROSTER_ROLES[roster]
        or not policies.can_view_user(ctx.principal, user)
    ):
        raise NotFound(field="id")
    return user


def _roster_data(roster: Roster, data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - ROSTER_FIELDS[roster]
    if unknown:
        raise ValueError(f"unknown {roster.value} fields: {sorted(unknown)}")
    return {("group_id" if k == "group" else k): v for k, v in data.items()}


async def roster_create(ctx: AppContext, roster: Roster, data: Mapping[str, Any]) -> User:
    ctx.require(_ROSTER_WRITE[roster])
    values = await validate_user_fields(
        ctx, {**_roster_data(roster, data), "role": ROSTER_NEW_ROLE[roster]}, creating=True
    )
    return await create_user(ctx, values)


async def roster_update(
    ctx: AppContext, roster: Roster, user_id: int, data: Mapping[str, Any], *, partial: bool
) -> User:
    """PATCH changes what is sent; PUT also needs the username. A password is changed only
    when one is sent, and is never returned."""
    ctx.require(_ROSTER_WRITE[roster])
    user = await roster_get(ctx, roster, user_id)
    errors = Collector()
    values: dict[str, Any] = {}
    if not partial and "username" not in data:
        errors.add("username", REQUIRED, "REQUIRED")
    try:
        values = await validate_user_fields(
            ctx, _roster_data(roster, data), creating=False, user_id=user_id
        )
    except ValidationFailed as exc:
        errors.errors.extend(exc.errors)
    errors.raise_if_any()
    return await _apply_update(ctx, user, values)


async def roster_delete(ctx: AppContext, roster: Roster, user_id: int) -> int:
    ctx.require(_ROSTER_WRITE[roster])
    return await _delete(ctx, await roster_get(ctx, roster, user_id))


# ---------------------------------------------------------------------------------------------
# tokens


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    user: User
    access_expires_at: datetime
    refresh_expires_at: datetime


async def _issue_pair(
    ctx: AppContext, session: Any, user: User, session_id: uuid.UUID
) -> TokenPair:
    now = ctx.now()
    config = ctx.services.tokens
    access = tokens.issue(
        config,
        token_type="access",
        user_id=user.id,
        role=user.role,
        session_id=session_id,
        now=now,
    )
    refresh = tokens.issue(
        config,
        token_type="refresh",
        user_id=user.id,
        role=user.role,
        session_id=session_id,
        now=now,
    )
    session.add(
        people_models.RefreshToken(
            jti=refresh.jti, session_id=session_id, issued_at=now, expires_at=refresh.expires_at
        )
    )
    return TokenPair(access.token, refresh.token, user, access.expires_at, refresh.expires_at)


async def token_create(ctx: AppContext, username: str | None, password: str | None) -> TokenPair:
    """Log in with username and password: a new login session with its first refresh token."""
    ctx.require("token.create")
    errors = Collector()
    for name, value in (("username", username), ("password", password)):
        if value is None:
            errors.add(name, REQUIRED, "REQUIRED")
        elif not value.strip():
            errors.add(name, BLANK, "BLANK")
    errors.raise_if_any()
    async with read_session(ctx.sessionmaker) as session:
        user = await session.scalar(select(User).where(User.username == str(username).strip()))
    ok = await passwords.verify_password_async(user.password_hash if user else None, str(password))
    if user is None or not ok or not user.is_active:
        raise InvalidCredentials()
    rehash = (
        await passwords.hash_password_async(str(password))
        if user.password_hash and passwords.needs_rehash(user.password_hash)
        else None
    )
    async with write_session(ctx.sessionmaker) as session:
        login = people_models.AuthSession(user_id=user.id, created_at=ctx.now())
        session.add(login)
        await session.flush()
        changes: dict[str, Any] = {"last_login": ctx.now()}
        if rehash:
            changes["password_hash"] = rehash
        await session.execute(update(User).where(User.id == user.id).values(**changes))
        return await _issue_pair(ctx, session, user, login.id)


async def token_refresh(ctx: AppContext, refresh_token: str) -> TokenPair:
    """Exchange a refresh token for a new pair. A token presented twice revokes its family."""
    ctx.require("token.refresh")
    if not refresh_token:
        raise ValidationFailed.single("refresh", REQUIRED, "REQUIRED")
    try:
        claims = tokens.decode(ctx.services.tokens, refresh_token, expected_type="refresh")
    except tokens.InvalidToken as exc:
        raise InvalidCredentials("Token is invalid or expired", code="INVALID_TOKEN") from exc
    now = ctx.now()
    replayed = False
    pair: TokenPair | None = None
    async with write_session(ctx.sessionmaker) as session:
        claimed = await session.execute(
            update(people_models.RefreshToken)
            .where(
                people_models.RefreshToken.jti == claims.jti,
                people_models.RefreshToken.session_id == claims.session_id,
                people_models.RefreshToken.used_at.is_(None),
                people_models.RefreshToken.expires_at > now,
            )
            .values(used_at=now)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            # Already used (or unknown): someone holds a copy. End the whole login.
            replayed = True
            await session.execute(
                update(people_models.AuthSession)
                .where(
                    people_models.AuthSession.id == claims.session_id,
                    people_models.AuthSession.revoked_at.is_(None),
                )
                .values(revoked_at=now, revoked_reason="reuse")
            )
        else:
            login = await session.get(people_models.AuthSession, claims.session_id)
            user = await session.get(User, claims.user_id)
            if (
                login is not None
                and login.revoked_at is None
                and user is not None
                and user.is_active
            ):
                pair = await _issue_pair(ctx, session, user, login.id)
    # Outside the transaction, so the revocation above is committed before we refuse.
    if replayed or pair is None:
        raise InvalidCredentials("Token is invalid or expired", code="INVALID_TOKEN")
    return pair


async def _revoke_sessions(session: Any, user_id: int, now: datetime, reason: str) -> None:
    await session.execute(
        update(people_models.AuthSession)
        .where(
            people_models.AuthSession.user_id == user_id,
            people_models.AuthSession.revoked_at.is_(None),
        )
        .values(revoked_at=now, revoked_reason=reason)
    )


async def token_revoke(ctx: AppContext, refresh_token: str | None) -> None:
    """Log out: end the login the refresh token (or, without one, the caller's token) belongs to."""
    ctx.require("token.revoke")
    if refresh_token:
        try:
            claims = tokens.decode(ctx.services.tokens, refresh_token, expected_type="refresh")
        except tokens.InvalidToken as exc:
            raise InvalidCredentials("Token is invalid or expired", code="INVALID_TOKEN") from exc
        session_id = claims.session_id
    elif ctx.principal.session_id is not None:
        session_id = ctx.principal.session_id
    else:
        raise ValidationFailed.single("refresh_token", REQUIRED, "REQUIRED")
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(
            update(people_models.AuthSession)
            .where(
                people_models.AuthSession.id == session_id,
                people_models.AuthSession.revoked_at.is_(None),
            )
            .values(revoked_at=ctx.now(), revoked_reason="logout")
        )


# ---------------------------------------------------------------------------------------------
# API keys


@dataclass(frozen=True)
class CreatedApiKey:
    api_key: people_models.ApiKey
    key: str


async def create_api_key(
    ctx: AppContext, name: str, scopes: list[str], created_by_id: int | None
) -> CreatedApiKey:
    errors = Collector()
    name = (name or "").strip()
    if not name:
        errors.add("name", REQUIRED, "REQUIRED")
    elif len(name) > 100:
        errors.add("name", max_length(100), "TOO_LONG")
    known = permissions.known_scopes()
    unknown = sorted(set(scopes) - known)
    if unknown:
        errors.add(
            "scopes",
            f"Unknown scope(s): {', '.join(unknown)}. Known: {', '.join(sorted(known))}.",
            "INVALID_CHOICE",
        )
    errors.raise_if_any()
    for _ in range(5):
        new = api_keys.generate()
        row = people_models.ApiKey(
            name=name,
            prefix=new.prefix,
            key_hash=new.key_hash,
            scopes=sorted(set(scopes)),
            created_by_id=created_by_id,
            created_at=ctx.now(),
        )
        try:
            async with write_session(ctx.sessionmaker) as session:
                session.add(row)
        except IntegrityError:  # prefix collision: draw again
            continue
        return CreatedApiKey(row, new.key)
    raise RuntimeError("could not draw a unique API key prefix")


async def api_key_create(ctx: AppContext, name: str, scopes: list[str]) -> CreatedApiKey:
    ctx.require("apikey.create")
    return await create_api_key(ctx, name, scopes, ctx.principal.user_id)


async def api_key_revoke(ctx: AppContext, api_key_id: int) -> people_models.ApiKey:
    ctx.require("apikey.revoke")
    async with write_session(ctx.sessionmaker) as session:
        row = await session.get(people_models.ApiKey, api_key_id)
        if row is None:
            raise NotFound(field="id")
        if row.revoked_at is None:
            row.revoked_at = ctx.now()
    return row


async def list_api_keys(ctx: AppContext) -> list[people_models.ApiKey]:
    ctx.require("apikey.create")
    async with read_session(ctx.sessionmaker) as session:
        return list(
            await session.scalars(select(people_models.ApiKey).order_by(people_models.ApiKey.id))
        )
