"""Small input readers shared by the IELTS operations (ids, UUIDs, integers, flags) and
who a staff member acts for."""

from __future__ import annotations

import uuid
from typing import Any

from resolvers.context import AppContext
from resolvers.errors import (
    REQUIRED,
    Collector,
    PermissionDenied,
    ValidationFailed,
)
from resolvers.ielts.common import (
    AttemptKind,
    Role,
)

# ---------------------------------------------------------------------------------------------
# shared helpers

MODULES = (AttemptKind.LISTENING, AttemptKind.READING, AttemptKind.WRITING, AttemptKind.SPEAKING)
ESSAY_TASKS = {"task1": 1, "task2": 2}


def parse_uuid(value: Any) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None


def _by_ref(model: Any, value: Any) -> Any:
    """Rows of `model` by database id (GraphQL) or public UUID (REST); None if neither."""
    if isinstance(value, int) and not isinstance(value, bool):
        return model.id == value
    key = parse_uuid(value)
    return model.uuid == key if key is not None else None


def _does_not_exist(value: Any) -> str:
    return f'Invalid pk "{value}" - object does not exist.'


def _int(value: Any, field: str, errors: Collector, *, minimum: int = 1) -> int | None:
    """An integer from JSON, a form field or GraphQL, with DRF's messages."""
    if value is None or value == "":
        errors.add(field, REQUIRED, "REQUIRED")
        return None
    if isinstance(value, bool):
        errors.add(field, "A valid integer is required.", "INVALID")
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.add(field, "A valid integer is required.", "INVALID")
        return None
    if number < minimum:
        errors.add(
            field, f"Ensure this value is greater than or equal to {minimum}.", "OUT_OF_RANGE"
        )
        return None
    return number


def _bool(value: Any, field: str, errors: Collector, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        errors.add(field, f"{field} must be true or false.", "INVALID")
        return default
    return value


async def _student_for(ctx: AppContext, student_id: int | None) -> int:
    """Whose practice session this is: the caller (a student), or a student chosen by staff."""
    if student_id is None:
        if ctx.principal.user_id is None or not ctx.principal.is_student:
            raise ValidationFailed.single("student_id", REQUIRED, "REQUIRED")
        return ctx.principal.user_id
    if not (ctx.principal.is_staff or ctx.principal.kind == "api_key"):
        if not ctx.principal.is_user(student_id):
            raise PermissionDenied()
    student = await ctx.loaders.user_by_id.load(student_id)
    if student is None or student.role != Role.STUDENT.value:
        raise ValidationFailed.single("student_id", _does_not_exist(student_id), "DOES_NOT_EXIST")
    return student_id
