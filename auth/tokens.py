"""The server's own JWTs (HS256): access tokens and rotating refresh tokens."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import jwt

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["exp", "iat", "sub", "iss", "aud", "typ", "jti", "sid"]
TokenType = Literal["access", "refresh"]


class InvalidToken(Exception):
    """Any refusal: bad signature, other algorithm, wrong type, missing claim, expired."""


@dataclass(frozen=True)
class TokenConfig:
    secret: str
    issuer: str
    audience: str
    access_seconds: int
    refresh_seconds: int


@dataclass(frozen=True)
class IssuedToken:
    token: str
    jti: uuid.UUID
    expires_at: datetime


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    role: str
    session_id: uuid.UUID
    jti: uuid.UUID
    type: TokenType
    expires_at: datetime


def issue(
    config: TokenConfig,
    *,
    token_type: TokenType,
    user_id: int,
    role: str,
    session_id: uuid.UUID,
    now: datetime,
) -> IssuedToken:
    seconds = config.access_seconds if token_type == "access" else config.refresh_seconds
    jti = uuid.uuid4()
    expires_at = now + timedelta(seconds=seconds)
    payload: dict[str, Any] = {
        "iss": config.issuer,
        "aud": config.audience,
        "sub": str(user_id),
        "user_id": user_id,
        "role": role,
        "typ": token_type,
        "jti": str(jti),
        "sid": str(session_id),
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    return IssuedToken(jwt.encode(payload, config.secret, algorithm=ALGORITHM), jti, expires_at)


def decode(config: TokenConfig, token: str, *, expected_type: TokenType) -> TokenClaims:
    try:
        payload = jwt.decode(
            token,
            config.secret,
            algorithms=[ALGORITHM],
            audience=config.audience,
            issuer=config.issuer,
            options={"require": REQUIRED_CLAIMS, "verify_signature": True},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    if payload.get("typ") != expected_type:
        raise InvalidToken("wrong token type")
    try:
        return TokenClaims(
            user_id=int(payload["sub"]),
            role=str(payload.get("role", "")),
            session_id=uuid.UUID(str(payload["sid"])),
            jti=uuid.UUID(str(payload["jti"])),
            type=expected_type,
            expires_at=datetime.fromtimestamp(int(payload["exp"]), UTC),
        )
    except (ValueError, TypeError) as exc:
        raise InvalidToken("malformed claims") from exc


def looks_like_own_token(token: str, issuer: str) -> bool:
    """Peek (without trusting) at the issuer, to route a bearer token to the right verifier."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return False
    return claims.get("iss") == issuer
