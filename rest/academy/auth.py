"""§1 log-in and the token refresh route."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict

from resolvers import people as people_resolvers
from rest.academy import route, shapes
from rest.common import app_context


class LoginBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    username: str
    password: str


class RefreshBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    refresh: str


async def login(request: Request, body: LoginBody) -> dict[str, Any]:
    ctx = await app_context(request)
    pair = await people_resolvers.token_create(ctx, body.username, body.password)
    return {
        "tokens": {"access": pair.access, "refresh": pair.refresh},
        "user": shapes.login_user(pair.user),
    }


async def refresh(request: Request, body: RefreshBody) -> dict[str, Any]:
    ctx = await app_context(request)
    pair = await people_resolvers.token_refresh(ctx, body.refresh)
    # Refresh tokens rotate: the new one comes back beside the access token.
    return {"access": pair.access, "refresh": pair.refresh}


def register(router: APIRouter) -> None:
    route(router, "/api/v1/login/", ["POST"], summary="Log in")(login)
    route(router, "/api/token/refresh/", ["POST"], summary="Refresh the access token")(refresh)
