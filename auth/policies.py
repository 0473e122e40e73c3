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
