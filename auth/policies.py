"""Object-level rules: may this principal see or change this particular record."""

from __future__ import annotations

from auth.principal import Principal
from models.people import Role, User


def can_view_user(principal: Principal, user: User) -> bool:
    if principal.is_user(user.id):
        return True
    if principal.kind == "api_key":
        return bool({"users:read", "students:read"} & principal.scopes) and (
            "users:read" in principal.scopes or user.role == Role.STUDENT.value
        )
    if principal.is_admin:
        return True
    # Staff see students and one another; students see only themselves.
    return principal.is_staff


def can_update_user(principal: Principal, user: User) -> bool:
    return (
        principal.is_admin
        or principal.is_user(user.id)
        or (principal.kind == "api_key" and "users:write" in principal.scopes)
    )


# What a user may change on their own record without being an admin.
SELF_EDITABLE_FIELDS = frozenset({"first_name", "last_name", "phone", "email", "password"})


def payments_restricted_to(principal: Principal) -> int | None:
    """The one student whose payments the principal may see, or None for all of them.

    Staff and API keys with the read scope see every payment; a student sees their own. The
    lists filter by it in SQL and single reads check it with `can_view_payment`.
    """
    if principal.kind == "user" and principal.is_student:
        return principal.user_id if principal.user_id is not None else -1
    return None


def can_view_payment(principal: Principal, student_id: int | None) -> bool:
    only = payments_restricted_to(principal)
    return only is None or (student_id is not None and student_id == only)
