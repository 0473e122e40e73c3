"""The batch dialect's one error envelope: `{"error": "<message>"}`."""

from __future__ import annotations

from fastapi.exceptions import RequestValidationError
from starlette.responses import Response

from resolvers.errors import (
    DomainError,
    NotFound,
    PermissionDenied,
    Unauthenticated,
    ValidationFailed,
)
from rest.common import JSONResponse

UNAUTHORIZED = (
    "Unauthorized: send a valid Bearer token (a Firebase ID token, or an access token from "
    "POST /api/v1/login/ or tokenCreate), or an X-API-Key with the ielts:read scope."
)
FORBIDDEN = "Forbidden: the batch API is open to the admin and curator roles."


def error(message: str, status: int) -> Response:
    return JSONResponse({"error": message}, status_code=status)


def http_error(status: int, detail: str) -> Response:
    """Unknown paths and methods under /api/batch/."""
    if status == 404:
        return error("Not found.", 404)
    if status == 405:
        return error("Method not allowed: use POST.", 405)
    return error(detail, status)


def on_validation(exc: RequestValidationError) -> Response:
    return error("The body must be a JSON object.", 400)


def on_domain(exc: DomainError) -> Response:
    if isinstance(exc, Unauthenticated):
        return error(UNAUTHORIZED, 401)
    if isinstance(exc, PermissionDenied):
        return error(FORBIDDEN, 403)
    if isinstance(exc, NotFound):
        return error("Not found.", 404)
    if isinstance(exc, ValidationFailed):
        return error(" ".join(e.message for e in exc.errors), 400)
    return error(exc.message, 400)
