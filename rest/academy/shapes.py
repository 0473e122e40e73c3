"""Unified rows rendered in the academy's JSON shapes and words."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from models import people as people_models

TASHKENT = ZoneInfo("Asia/Tashkent")


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
