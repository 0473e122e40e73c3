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


# ---- ielts --------------------------------------------------------------------------------


def can_view_results_of(principal: Principal, student_id: int) -> bool:
    """IELTS results, mock sessions, scores: staff and keys see everyone's, students their own."""
    if principal.kind == "api_key" or principal.is_staff:
        return True
    return principal.is_user(student_id)


def owns_attempt(principal: Principal, user_id: int) -> bool:
    """Only the person taking a test may answer in it, finish it or open its parts."""
    return principal.is_user(user_id)


def can_see_unpublished_feedback(principal: Principal) -> bool:
    """Teachers' essay feedback reaches the student once it is published."""
    return principal.kind == "api_key" or principal.is_staff


def can_see_mock_code(principal: Principal) -> bool:
    """The entry code of a mock test is what staff hand out; students type it in."""
    return principal.kind == "api_key" or principal.is_staff
