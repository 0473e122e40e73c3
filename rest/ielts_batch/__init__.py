"""The IELTS center's batch dialect (seed 000): `POST /api/batch/students/...` with a JSON body
of emails and options, for admins and curators holding a Bearer token (a Firebase ID token or
the server's own JWT).

Every error answers `{"error": "<what is wrong>"}` with its status: 400 for a bad body, 401
without a valid Bearer token, 403 for roles other than admin and curator, 404 for unknown
paths under /api/batch/. A student that is not found is not an error of the request: its
entry in `results` carries `"error": "Student not found"`.
"""

from __future__ import annotations

from fastapi import APIRouter

from rest.common import JSONResponse, dialect_route
from rest.ielts_batch import errors
from schema import Schema

PREFIX = "/api/batch/"

BatchRoute = dialect_route(on_validation=errors.on_validation, on_domain=errors.on_domain)


def build_router(schema: Schema) -> APIRouter:
    from rest.ielts_batch import students

    router = APIRouter(route_class=BatchRoute, default_response_class=JSONResponse)
    students.register(router, schema)
    return router
