"""Typed domain errors. Each face renders them: GraphQL as userErrors or top-level errors with
`extensions.code`, each REST dialect in its own envelope."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    code: str = "INVALID"
    # The top-level GraphQL `extensions.code` when the error is not a userError.
    extension_code: str = "BAD_USER_INPUT"
    default_message: str = "Invalid input."

    def __init__(
        self, message: str | None = None, *, code: str | None = None, field: str | None = None
    ) -> None:
        self.message = message or self.default_message
        if code:
            self.code = code
        self.field = field
        super().__init__(self.message)


class NotFound(DomainError):
    code = "NOT_FOUND"
    extension_code = "NOT_FOUND"
    default_message = "Not found."


class PermissionDenied(DomainError):
    code = "FORBIDDEN"
    extension_code = "FORBIDDEN"
    default_message = "You do not have permission to perform this action."


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"
    extension_code = "UNAUTHENTICATED"
    default_message = "Authentication credentials were not provided."


class InvalidCredentials(DomainError):
    """Wrong password, or a refresh token that is invalid, expired, revoked or replayed."""

    code = "INVALID_CREDENTIALS"
    extension_code = "UNAUTHENTICATED"
    default_message = "Invalid credentials"


class Conflict(DomainError):
    code = "CONFLICT"
    default_message = "The request conflicts with the current state."


@dataclass(frozen=True)
class FieldError:
    field: str | None
    message: str
    code: str = "INVALID"


class ValidationFailed(DomainError):
    """One or more fields are wrong; every problem is reported at once."""

    code = "INVALID"
    default_message = "Invalid input."

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        first = errors[0] if errors else None
        super().__init__(
            first.message if first else None,
            code=first.code if first else None,
            field=first.field if first else None,
        )

    @classmethod
    def single(cls, field: str | None, message: str, code: str = "INVALID") -> ValidationFailed:
        return cls([FieldError(field, message, code)])


class Collector:
    """Gathers field errors while validating, then raises them together."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str | None, message: str, code: str = "INVALID") -> None:
        self.errors.append(FieldError(field, message, code))

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


# DRF's wording, so the academy dialect and GraphQL say the same thing.
REQUIRED = "This field is required."
NULL = "This field may not be null."
BLANK = "This field may not be blank."


def min_length(n: int) -> str:
    return f"Ensure this field has at least {n} characters."


def max_length(n: int) -> str:
    return f"Ensure this field has no more than {n} characters."
