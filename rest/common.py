"""Pieces every dialect uses: a route class that renders the dialect's envelopes, the request's
AppContext, JSON responses."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import orjson
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.responses import Response

from resolvers.context import AppContext, Services
from resolvers.errors import DomainError


class JSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


def dialect_route(
    *,
    on_validation: Callable[[RequestValidationError], Response],
    on_domain: Callable[[DomainError], Response],
) -> type[APIRoute]:
    """A route class whose handler answers bad input and domain errors in the dialect's form."""

    class DialectRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def guarded(request: Request) -> Response:
                try:
                    return await handler(request)
                except RequestValidationError as exc:
                    return on_validation(exc)
                except DomainError as exc:
                    return on_domain(exc)

            return guarded

    return DialectRoute


def services_of(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


async def app_context(request: Request, *, api_key_in_query: bool = False) -> AppContext:
    """The request's AppContext, authenticated once and kept on the request."""
    cached = getattr(request.state, "app_context", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    services = services_of(request)
    principal = await services.authenticator.authenticate(
        request.headers, request.query_params, api_key_in_query=api_key_in_query
    )
    ctx = AppContext(services=services, principal=principal, base_url=str(request.base_url))
    request.state.app_context = ctx
    return ctx
