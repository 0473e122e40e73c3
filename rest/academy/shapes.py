"""Unified rows rendered in the academy's JSON shapes and words."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from models import academy as academy_models
from models import groups as group_models
from models import people as people_models
from resolvers.center_time import CENTER_TZ

TASHKENT = CENTER_TZ


def academy_role(role: str) -> str:
    if role == people_models.Role.ADMIN.value:
        return "owner"
    if role == people_models.Role.STUDENT.value:
        return "student"
    return "employee"


def local_time(value: datetime | None) -> str | None:
    """ISO 8601 in Asia/Tashkent, as 2025-02-19T10:30:00+05:00."""
    if value is None:
        return None
    return value.astimezone(TASHKENT).isoformat(timespec="seconds")


def login_user(user: people_models.User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "role": academy_role(user.role),
        "full_name": user.full_name,
    }


# ---------------------------------------------------------------------------------------------
# subjects, groups, people and daily records (seed 001 §3-§10, §15)


def clock(value: time | None) -> str | None:
    """Lesson and marking times as the academy writes them: 09:00:00."""
    return value.isoformat(timespec="seconds") if value is not None else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def subject(row: group_models.Subject) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "created_at": local_time(row.created_at)}


def group(
    row: group_models.Group,
    *,
    subject_name: str | None,
    total_score: int,
    students_count: int,
    homework_count: int,
) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "description": row.description,
        "subject": row.subject_id,
        "subject_name": subject_name,
        "teacher": row.teacher_id,
        "is_active": row.is_active,
        "days": row.days,
        "start_time": clock(row.start_time),
        "end_time": clock(row.end_time),
        "created_at": local_time(row.created_at),
        "group_total_score": total_score,
        "students_count": students_count,
        "homework_count": homework_count,
    }


def group_rating(
    row: group_models.Group, *, subject_name: str | None, total: int, rank: int, students: int
) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "subject_name": subject_name,
        "total_score": total,
        "rank": rank,
        "students_count": students,
    }


def group_ref(row: group_models.Group | None) -> dict[str, Any] | None:
    return {"id": row.id, "name": row.name} if row is not None else None


def staff_member(user: people_models.User) -> dict[str, Any]:
    """An owner or a worker; passwords are never returned."""
    is_owner = user.role == people_models.Role.ADMIN.value
    return {
        "id": user.id,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "telegram_id": user.telegram_id,
        "role": academy_role(user.role),
        "is_staff": True,
        "is_superuser": is_owner,
        "created_at": local_time(user.created_at),
    }


def student(
    user: people_models.User, *, group_row: group_models.Group | None, all_score: int
) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "parent_phone": user.parent_phone,
        "telegram_id": user.telegram_id,
        "role": academy_role(user.role),
        "group": group_ref(group_row),
        "all_score": all_score,
        "created_at": local_time(user.created_at),
    }


def student_rating(
    user: people_models.User, *, total: int, rank: int, group_name: str
) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "total_score": total,
        "rank": rank,
        "group_name": group_name,
    }


def student_ref(user: people_models.User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {
        "id": user.id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "username": user.username,
    }


def staff_ref(user: people_models.User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.id, "first_name": user.first_name, "last_name": user.last_name}


def attendance(
    row: academy_models.Attendance,
    *,
    student_row: people_models.User | None,
    group_row: group_models.Group | None,
) -> dict[str, Any]:
    return {
        "id": row.id,
        "student": student_ref(student_row),
        "group": group_ref(group_row),
        "status": row.status,
        "date": day(row.date),
        "time": clock(row.time),
        "created_at": local_time(row.created_at),
        "updated_at": local_time(row.updated_at),
    }


def point_entry(
    row: academy_models.PointEntry,
    *,
    student_row: people_models.User | None,
    group_row: group_models.Group | None,
    given_by: people_models.User | None,
) -> dict[str, Any]:
    return {
        "id": row.id,
        "student": student_ref(student_row),
        "group": group_ref(group_row),
        "score": row.score,
        "date": day(row.date),
        "given_by": staff_ref(given_by),
        "created_at": local_time(row.created_at),
    }


def homework(row: academy_models.Homework, *, file_url: str | None) -> dict[str, Any]:
    return {
        "id": row.id,
        "group": row.group_id,
        "text": row.text,
        "file": file_url,
        "created_at": local_time(row.created_at),
        "updated_at": local_time(row.updated_at),
    }


def work_log(row: academy_models.WorkLog) -> dict[str, Any]:
    return {
        "id": row.id,
        "employee": row.employee_id,
        "date": day(row.date),
        "status": row.status,
        "note": row.note,
        "created_at": local_time(row.created_at),
    }
