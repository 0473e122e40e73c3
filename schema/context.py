"""The GraphQL context: the shared AppContext plus the HTTP request it came from."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from starlette.requests import Request

from resolvers.context import AppContext


@dataclass
class Context(AppContext):
    request: Request | None = None


Info = strawberry.Info[Context, None]
