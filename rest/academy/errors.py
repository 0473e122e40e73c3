"""The academy dialect's error envelopes (Django REST framework's, as seed 001 §19 shows)."""

from __future__ import annotations

from typing import Any

from fastapi.exceptions import RequestValidationError
from starlette.responses import Response

from resolvers.errors import (
    DomainError,
    InvalidCredentials,
    NotFound,
    PermissionDenied,
    Unauthenticated,
    ValidationFailed,
)
from rest.academy.wording import CENTER_WORDS
from rest.common import JSONResponse

NOT_AUTHENTICATED = "Authentication credentials were not provided."


def detail(message: str, status: int, **extra: Any) -> Response:
    return JSONResponse({"detail": message, **extra}, status_code=status)


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    given = error.get("input")
    if kind == "missing":
        return "This field is required."
    if given is None and kind.endswith("_type"):
        return "This field may not be null."
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "A valid integer is required."
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return "A valid number is required."
    if kind in ("bool_parsing", "bool_type"):
        return "Must be a valid boolean."
    if kind == "string_type":
        return "Not a valid string."
    if kind == "string_too_short":
        return f"Ensure this field has at least {ctx.get('min_length')} characters."
    if kind == "string_too_long":
        return f"Ensure this field has no more than {ctx.get('max_length')} characters."
    if kind in ("literal_error", "enum"):
        return f'"{given}" is not a valid choice.'
    if kind in ("greater_than_equal", "greater_than"):
        return f"Ensure this value is greater than or equal to {ctx.get('ge', ctx.get('gt'))}."
    if kind in ("less_than_equal", "less_than"):
        return f"Ensure this value is less than or equal to {ctx.get('le', ctx.get('lt'))}."
    if kind in ("time_parsing", "time_type"):
        return "Time has wrong format. Use one of these formats instead: hh:mm[:ss[.uuuuuu]]."
    if kind in ("date_parsing", "date_type", "date_from_datetime_parsing"):
        return "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."
    if kind in ("uuid_parsing", "uuid_type"):
        return "Must be a valid UUID."
    if kind in ("list_type",):
        return f'Expected a list of items but got type "{type(given).__name__}".'
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"Invalid data. Expected a dictionary, but got {type(given).__name__}."
    return str(error.get("msg", "Invalid value."))


def on_validation(exc: RequestValidationError) -> Response:
    fields: dict[str, list[str]] = {}
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ())]
        if error.get("type") == "json_invalid":
            return detail(f"JSON parse error - {error.get('msg', 'invalid JSON')}", 400)
        if loc[:1] == ["body"]:
            loc = loc[1:]
        elif loc[:1] in (["query"], ["path"]):
            loc = loc[1:]
        field = loc[0] if loc else "non_field_errors"
        fields.setdefault(field, []).append(_message(error))
    return JSONResponse(fields, status_code=400)


def on_domain(exc: DomainError) -> Response:
    if isinstance(exc, Unauthenticated):
        if exc.message == NOT_AUTHENTICATED:
            return detail(NOT_AUTHENTICATED, 401)
        # Credentials were sent but refused: simplejwt's answer.
        return detail("Given token not valid for any token type", 401, code="token_not_valid")
    if isinstance(exc, InvalidCredentials):
        if exc.code == "INVALID_TOKEN":
            return detail(exc.message, 401, code="token_not_valid")
        return detail(exc.message, 401)
    if isinstance(exc, PermissionDenied):
        return detail(exc.message, 403)
    if isinstance(exc, NotFound):
        return detail("Not found.", 404)
    if isinstance(exc, ValidationFailed):
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            fields.setdefault(err.field or "non_field_errors", []).append(err.message)
        return JSONResponse(fields, status_code=400)
    message = CENTER_WORDS.get(exc.code, exc.message)
    if exc.field:
        return JSONResponse({exc.field: [message]}, status_code=400)
    return detail(message, 400)
