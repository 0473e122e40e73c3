"""The learning-center (academy) dialect of seed 001: `/api/v1/...` with trailing slashes,
DRF-style errors, times in Asia/Tashkent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter

from rest.academy import errors
from rest.common import JSONResponse, dialect_route

AcademyRoute = dialect_route(on_validation=errors.on_validation, on_domain=errors.on_domain)


def make_router() -> APIRouter:
    return APIRouter(route_class=AcademyRoute, default_response_class=JSONResponse)


def route(router: APIRouter, path: str, methods: list[str], **kwargs: Any) -> Callable[..., Any]:
    """Register `path` (with its trailing slash) and the same path without the slash."""

    def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
        # One route per method: FastAPI names a route's OpenAPI operations after its first
        # method, so PUT and PATCH on one route would share an operation id.
        for method in methods:
            router.add_api_route(path, fn, methods=[method], **kwargs)
            if path.endswith("/"):
                router.add_api_route(
                    path.rstrip("/"), fn, methods=[method], include_in_schema=False, **kwargs
                )
        return fn

    return decorator


def build_router() -> APIRouter:
    from rest.academy import academy, auth, exams, groups, mock, people

    router = make_router()
    auth.register(router)
    groups.register(router)  # §3 subjects, §4 groups
    people.register(router)  # §5 owners, §6 workers, §7 students
    academy.register(router)  # §8 attendance, §9 scores, §10 homework, §15 work logs
    exams.register(router)  # §13 exams, §14 exam results
    # -- payments, expenses, dashboard, messages (§11, §12, §16, §17)
    from rest.academy import dashboard, messaging, payments

    payments.register(router)
    dashboard.register(router)
    messaging.register(router)
    mock.register(router)  # §18 mock tests
    return router
