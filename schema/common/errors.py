"""The one place where domain errors become GraphQL userErrors."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar

from resolvers.errors import (
    DomainError,
    FieldError,
    PermissionDenied,
    Unauthenticated,
    ValidationFailed,
)

E = TypeVar("E")
P = TypeVar("P")
R = TypeVar("R")


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def field_errors(exc: DomainError) -> list[FieldError]:
    if isinstance(exc, ValidationFailed):
        return exc.errors
    return [FieldError(exc.field, exc.message, exc.code)]


def to_user_errors(
    exc: DomainError,
    error_type: Callable[..., E],
    code_enum: type[enum.Enum],
    aliases: Mapping[str, str] | None = None,
    words: Mapping[str, str] | None = None,
) -> list[E]:
    """Auth failures stay top-level errors; everything else becomes userErrors, worded by
    `words` (code -> message) where the face has its own wording, else the domain's message."""
    if isinstance(exc, Unauthenticated | PermissionDenied):
        raise exc
    out = []
    for err in field_errors(exc):
        field = None
        if err.field:
            field = (aliases or {}).get(err.field, camel(err.field))
        code = code_enum.__members__.get(err.code, code_enum.__members__["INVALID"])
        message = (words or {}).get(err.code, err.message)
        out.append(error_type(field=field, message=message, code=code))
    return out


async def mutate(
    operation: Awaitable[R],
    on_success: Callable[[R], P],
    on_error: Callable[[DomainError], P],
) -> P:
    try:
        result = await operation
    except DomainError as exc:
        return on_error(exc)
    return on_success(result)


USER_ERRORS = "Problems with the input; empty when the mutation succeeded."
