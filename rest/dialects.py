"""The REST dialects the server answers, one line each.

A dialect's router is mounted on the REST app, and its own OpenAPI document, Swagger UI and
ReDoc pages are served (`/api/openapi/<name>.json`, `/docs/<name>`, `/redoc/<name>`; see
`observability/docs.py`), plus, where they collide with nothing, the pages at the paths its
seed system had (`seed_swagger`, `seed_redoc`). Adding a dialect is one `Dialect(...)` here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import APIRouter

if TYPE_CHECKING:
    from schema import Schema


@dataclass(frozen=True)
class Dialect:
    name: str  # in its documents' paths
    title: str
    description: str
    build: Callable[[Schema], APIRouter]
    seed_swagger: tuple[str, ...] = ()
    seed_redoc: tuple[str, ...] = ()


def _academy(schema: Schema) -> APIRouter:
    from rest.academy import build_router

    return build_router()


def _ielts_batch(schema: Schema) -> APIRouter:
    # The batch dialect answers through the GraphQL schema's planned executor.
    from rest.ielts_batch import build_router

    return build_router(schema)


DIALECTS: list[Dialect] = [
    Dialect(
        "academy",
        "Learning center API (seed 001)",
        "Subjects, groups, staff, students, attendance, points, homework, payments, expenses, "
        "exams, results, work logs, dashboard, Telegram messages and IELTS mock tests, as the "
        "learning-center system answered them: `/api/v1/...` with trailing slashes, Django REST "
        "framework's errors, times in Asia/Tashkent. Log in with `POST /api/v1/login/` and send "
        "`Authorization: Bearer <access>`.",
        _academy,
        seed_swagger=("/swdoc/",),
        seed_redoc=("/redoc/",),
    ),
    Dialect(
        "ielts-batch",
        "IELTS center batch API (seed 000)",
        "Many students by email in one request: profiles, the latest result per module, and "
        "results per module. A Bearer token (a Firebase ID token or the server's own access "
        "token) of an admin or curator, or an X-API-Key with the `ielts:read` scope.",
        _ielts_batch,
    ),
]
