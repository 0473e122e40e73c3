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
        router.add_api_route(path, fn, methods=methods, **kwargs)
        if path.endswith("/"):
            router.add_api_route(
                path.rstrip("/"), fn, methods=methods, include_in_schema=False, **kwargs
            )
        return fn

    return decorator


def build_router() -> APIRouter:
    from rest.academy import auth, mock

    router = make_router()
    auth.register(router)
    mock.register(router)
    return router
