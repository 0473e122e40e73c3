"""What every domain operation receives: who asks, the app's services, this request's loaders.

No strawberry and no Starlette here: GraphQL's Context and every REST endpoint build this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from sqlalchemy.ext.asyncio import AsyncEngine

from auth import permissions
from auth.backend import Authenticator
from auth.principal import ANONYMOUS, Principal
from auth.tokens import TokenConfig
from models.db import SessionMaker
from models.files import MediaStorage
from observability import requests
from resolvers.errors import PermissionDenied, Unauthenticated
from resolvers.loaders import Loaders
from settings import Settings


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    """Built once per process by `server.create_app`."""

    settings: Settings
    engine: AsyncEngine
    sessionmaker: SessionMaker
    tokens: TokenConfig
    authenticator: Authenticator
    media: MediaStorage
    clock: Callable[[], datetime] = system_clock


@dataclass
class AppContext:
    services: Services
    principal: Principal = ANONYMOUS
    # Scheme and host the request came in on, for absolute file URLs.
    base_url: str = "http://localhost/"
    extras: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # The request's log line names who asked (observability/requests.py).
        requests.note_principal(self.principal)

    @cached_property
    def loaders(self) -> Loaders:
        return Loaders(self.services.sessionmaker)

    @property
    def sessionmaker(self) -> SessionMaker:
        return self.services.sessionmaker

    @property
    def settings(self) -> Settings:
        return self.services.settings

    def media_url(self, stored: str | None) -> str | None:
        """Absolute URL of a stored file, on the host the request came in on."""
        return self.services.media.url(stored, self.base_url)

    def now(self) -> datetime:
        return self.services.clock()

    def require(self, operation: str) -> None:
        """Raise unless the principal may run `operation` (see auth/permissions.py)."""
        verdict = permissions.verdict(self.principal, operation)
        if verdict is permissions.Verdict.UNAUTHENTICATED:
            raise Unauthenticated(self.principal.auth_error)
        if verdict is permissions.Verdict.FORBIDDEN:
            raise PermissionDenied()

    def allowed(self, operation: str) -> bool:
        return permissions.verdict(self.principal, operation) is permissions.Verdict.ALLOWED
