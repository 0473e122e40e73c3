"""Object-level rules: may this principal see or change this particular record."""

from __future__ import annotations

from auth.principal import Principal
from models.attempts import Attempt
from models.items import QuestionBank
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


def only_student_visible(principal: Principal) -> int | None:
    """For lists of students: None when the principal sees every student, else the one user
    id it may see (0: none). Mirrors `can_view_user`."""
    if principal.kind == "api_key":
        return None if {"users:read", "students:read"} & principal.scopes else 0
    if principal.is_staff:
        return None
    return principal.user_id or 0


# What a user may change on their own record without being an admin.
SELF_EDITABLE_FIELDS = frozenset({"first_name", "last_name", "phone", "email", "password"})


# -- exams and exam results (seed 001 §13-§14) --------------------------------------------------


def can_view_exam(principal: Principal, exam: QuestionBank) -> bool:
    """Students see only what they may sit (published and active); staff and keys see all."""
    if not principal.authenticated:
        return False
    if principal.is_student:
        return exam.is_published and exam.is_active
    return True


def can_see_exam_answers(principal: Principal) -> bool:
    """Which option is correct and the sample written answer: never shown to students."""
    return principal.authenticated and not principal.is_student


def can_view_exam_result(principal: Principal, result: Attempt) -> bool:
    if not principal.authenticated:
        return False
    if principal.is_student:
        return principal.is_user(result.user_id)
    return True


# ---------------------------------------------------------------------------------------------
# academy records: attendance, points, homework, work logs (seed 001)


def sees_own_records_only(principal: Principal) -> bool:
    """Students see their own attendance and points, their group's homework, no work logs."""
    return principal.is_student


def can_view_student_record(principal: Principal, student_id: int) -> bool:
    return not principal.is_student or principal.is_user(student_id)


def can_view_group_homework(
    principal: Principal, viewer_group_id: int | None, homework_group_id: int
) -> bool:
    return not principal.is_student or viewer_group_id == homework_group_id


def can_view_work_log(principal: Principal) -> bool:
    return not principal.is_student


def keeps_work_log(principal: Principal) -> bool:
    """Employees (staff other than owners) get a work log for the day they record something."""
    return principal.kind == "user" and principal.is_staff and not principal.is_admin


def bound_by_lesson_time(principal: Principal) -> bool:
    """Employees may bulk-mark attendance only in the lesson; owners and services are exempt."""
    return keeps_work_log(principal)


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
