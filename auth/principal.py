"""One principal for every way of authenticating: own JWT, Firebase ID token, API key."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Literal

from models.people import STAFF_ROLES, Role

PrincipalKind = Literal["anonymous", "user", "api_key"]


@dataclass(frozen=True)
class Principal:
    kind: PrincipalKind = "anonymous"
    user_id: int | None = None
    role: Role | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    api_key_id: int | None = None
    session_id: uuid.UUID | None = None
    firebase_uid: str | None = None
    # Why presented credentials were refused; the request then runs as anonymous.
    auth_error: str | None = None

    @property
    def authenticated(self) -> bool:
        return self.kind != "anonymous"

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_student(self) -> bool:
        return self.role is Role.STUDENT

    def is_user(self, user_id: int | None) -> bool:
        return user_id is not None and self.user_id == user_id


ANONYMOUS = Principal()
