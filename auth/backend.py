"""Turn a request's credentials into a Principal: once per request, at the edge."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, func, or_, select, update

from auth import api_keys, tokens
from auth.firebase import FirebaseTokenRefused, FirebaseVerifier
from auth.principal import ANONYMOUS, Principal
from models.db import SessionMaker, read_session, write_session
from models.people import ApiKey, AuthSession, Role, User

log = logging.getLogger(__name__)

# last_used_at is refreshed at most this often, so a busy key does not write on every request.
API_KEY_TOUCH_INTERVAL = timedelta(minutes=1)


# An access token's login session and user, checked on every request (a log-out or a disabled
# account takes effect at once). Built once: SQLAlchemy keeps a built statement's cache key.
SESSION_OF_TOKEN = (
    select(User.role, User.is_active, AuthSession.revoked_at)
    .join(AuthSession, AuthSession.user_id == User.id)
    .where(User.id == bindparam("user_id"), AuthSession.id == bindparam("session_id"))
)

# Access tokens whose signature and claims were verified, kept until they expire: a client
# sends the same token for many requests, and verifying it (twice, with the peek at its
# issuer) cost a tenth of a small request. Its session is still checked every time.
VERIFIED_TOKENS_KEPT = 4096


@dataclass(frozen=True)
class Authenticator:
    sessionmaker: SessionMaker
    tokens: tokens.TokenConfig
    firebase: FirebaseVerifier | None
    clock: Callable[[], datetime]
    verified: dict[str, tokens.TokenClaims] = field(default_factory=dict, compare=False)

    async def authenticate(
        self,
        headers: Mapping[str, str],
        query_params: Mapping[str, str] | None = None,
        *,
        api_key_in_query: bool = False,
    ) -> Principal:
        authorization = headers.get("authorization")
        if authorization:
            scheme, _, token = authorization.partition(" ")
            token = token.strip()
            if scheme.lower() != "bearer" or not token:
                return Principal(auth_error="Malformed Authorization header.")
            if token in self.verified or tokens.looks_like_own_token(token, self.tokens.issuer):
                return await self._own_token(token)
            if self.firebase is not None:
                return await self._firebase_token(token)
            return Principal(auth_error="Invalid token.")
        key = headers.get("x-api-key")
        if not key and api_key_in_query and query_params is not None:
            key = query_params.get("api_key")
        if key:
            return await self._api_key(key)
        return ANONYMOUS

    def _verified_claims(self, token: str) -> tokens.TokenClaims:
        """The token's claims, verified (raises InvalidToken); expiry is checked every time,
        against the real clock as the first verification does."""
        claims = self.verified.get(token)
        if claims is not None and claims.expires_at > datetime.now(UTC):
            return claims
        self.verified.pop(token, None)
        claims = tokens.decode(self.tokens, token, expected_type="access")
        if len(self.verified) >= VERIFIED_TOKENS_KEPT:
            del self.verified[next(iter(self.verified))]
        self.verified[token] = claims
        return claims

    async def _own_token(self, token: str) -> Principal:
        try:
            claims = self._verified_claims(token)
        except tokens.InvalidToken:
            return Principal(auth_error="Invalid or expired token.")
        async with read_session(self.sessionmaker) as session:
            row = (
                await session.execute(
                    SESSION_OF_TOKEN, {"user_id": claims.user_id, "session_id": claims.session_id}
                )
            ).one_or_none()
        if row is None or not row.is_active or row.revoked_at is not None:
            return Principal(auth_error="Invalid or expired token.")
        return Principal(
            kind="user", user_id=claims.user_id, role=Role(row.role), session_id=claims.session_id
        )

    async def _firebase_token(self, token: str) -> Principal:
        assert self.firebase is not None
        try:
            claims = await self.firebase.verify(token)
        except FirebaseTokenRefused as exc:
            return Principal(auth_error=f"Firebase ID token refused: {exc}.")
        uid = str(claims.get("uid") or claims.get("sub") or "")
        email = claims.get("email")
        email_verified = bool(claims.get("email_verified"))
        claimed_role = _role_from_claim(claims.get("role"))

        user = await self._linked_user(uid, email if email_verified else None)
        if user is not None and not user.is_active:
            return Principal(auth_error="User is disabled.")
        role = claimed_role or (Role(user.role) if user is not None else None)
        return Principal(
            kind="user",
            user_id=user.id if user is not None else None,
            role=role,
            firebase_uid=uid,
        )

    async def _linked_user(self, uid: str, verified_email: str | None) -> User | None:
        """The user linked by firebase_uid, else by a verified email (linked on first use)."""
        conditions = [User.firebase_uid == uid]
        if verified_email:
            conditions.append(func.lower(User.email) == verified_email.lower())
        async with read_session(self.sessionmaker) as session:
            users = (await session.scalars(select(User).where(or_(*conditions)))).all()
        by_uid = next((u for u in users if u.firebase_uid == uid), None)
        if by_uid is not None:
            return by_uid
        by_email = next((u for u in users if u.firebase_uid is None), None)
        if by_email is None:
            return None
        async with write_session(self.sessionmaker) as session:
            linked = await session.execute(
                update(User)
                .where(User.id == by_email.id, User.firebase_uid.is_(None))
                .values(firebase_uid=uid)
            )
        if linked.rowcount == 1:  # type: ignore[attr-defined]
            log.info("linked Firebase uid to user %s by verified email", by_email.id)
            by_email.firebase_uid = uid
            return by_email
        return None

    async def _api_key(self, key: str) -> Principal:
        prefix = api_keys.split(key)
        refused = Principal(auth_error="Invalid API key.")
        if prefix is None:
            return refused
        async with read_session(self.sessionmaker) as session:
            row = await session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
        if row is None or row.revoked_at is not None or not api_keys.matches(key, row.key_hash):
            return refused
        now = self.clock()
        if row.last_used_at is None or now - row.last_used_at >= API_KEY_TOUCH_INTERVAL:
            async with write_session(self.sessionmaker) as session:
                await session.execute(
                    update(ApiKey).where(ApiKey.id == row.id).values(last_used_at=now)
                )
        return Principal(kind="api_key", api_key_id=row.id, scopes=frozenset(row.scopes or ()))


def _role_from_claim(value: object) -> Role | None:
    if not isinstance(value, str):
        return None
    try:
        return Role(value.strip().upper())
    except ValueError:
        return None
