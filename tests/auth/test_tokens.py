"""The server's own JWTs: every refusal case, without a database."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from auth import tokens

CONFIG = tokens.TokenConfig(
    secret="s" * 64,
    issuer="edugraph",
    audience="edugraph",
    access_seconds=86400,
    refresh_seconds=3 * 86400,
)
NOW = datetime.now(UTC).replace(microsecond=0)
SID = uuid.uuid4()


def good_claims(**overrides: object) -> dict[str, object]:
    claims: dict[str, object] = {
        "iss": "edugraph",
        "aud": "edugraph",
        "sub": "7",
        "user_id": 7,
        "role": "ADMIN",
        "typ": "access",
        "jti": str(uuid.uuid4()),
        "sid": str(SID),
        "iat": int(NOW.timestamp()),
        "exp": int((NOW + timedelta(hours=1)).timestamp()),
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def test_issued_tokens_decode_with_role_user_and_lifetimes() -> None:
    access = tokens.issue(
        CONFIG, token_type="access", user_id=7, role="ADMIN", session_id=SID, now=NOW
    )
    refresh = tokens.issue(
        CONFIG, token_type="refresh", user_id=7, role="ADMIN", session_id=SID, now=NOW
    )
    assert access.expires_at - NOW == timedelta(days=1)
    assert refresh.expires_at - NOW == timedelta(days=3)
    claims = tokens.decode(CONFIG, access.token, expected_type="access")
    assert (claims.user_id, claims.role, claims.session_id) == (7, "ADMIN", SID)
    payload = jwt.decode(access.token, options={"verify_signature": False})
    assert payload["role"] == "ADMIN" and payload["user_id"] == 7


def test_wrong_type_is_refused() -> None:
    refresh = tokens.issue(
        CONFIG, token_type="refresh", user_id=7, role="ADMIN", session_id=SID, now=NOW
    )
    with pytest.raises(tokens.InvalidToken):
        tokens.decode(CONFIG, refresh.token, expected_type="access")


@pytest.mark.parametrize("claim", ["exp", "iat", "sub", "iss", "aud", "typ", "jti", "sid"])
def test_missing_claim_is_refused(claim: str) -> None:
    token = jwt.encode(good_claims(**{claim: None}), CONFIG.secret, algorithm="HS256")
    with pytest.raises(tokens.InvalidToken):
        tokens.decode(CONFIG, token, expected_type="access")


def test_expired_token_is_refused() -> None:
    token = jwt.encode(
        good_claims(exp=int((NOW - timedelta(seconds=1)).timestamp())), CONFIG.secret, "HS256"
    )
    with pytest.raises(tokens.InvalidToken):
        tokens.decode(CONFIG, token, expected_type="access")


def test_bad_signature_is_refused() -> None:
    token = jwt.encode(good_claims(), "another-secret-" + "y" * 40, algorithm="HS256")
    with pytest.raises(tokens.InvalidToken):
        tokens.decode(CONFIG, token, expected_type="access")


def test_alg_none_is_refused() -> None:
    token = jwt.encode(good_claims(), None, algorithm="none")  # type: ignore[arg-type]
    with pytest.raises(tokens.InvalidToken):
        tokens.decode(CONFIG, token, expected_type="access")


def test_other_algorithms_are_refused() -> None:
    hs512 = jwt.encode(good_claims(), CONFIG.secret, algorithm="HS512")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rs256 = jwt.encode(good_claims(), key, algorithm="RS256")
    for token in (hs512, rs256):
        with pytest.raises(tokens.InvalidToken):
            tokens.decode(CONFIG, token, expected_type="access")


@pytest.mark.parametrize(("claim", "value"), [("iss", "someone-else"), ("aud", "other-app")])
def test_foreign_issuer_or_audience_is_refused(claim: str, value: str) -> None:
    token = jwt.encode(good_claims(**{claim: value}), CONFIG.secret, algorithm="HS256")
    with pytest.raises(tokens.InvalidToken):
        tokens.decode(CONFIG, token, expected_type="access")


def test_garbage_is_refused() -> None:
    for token in ("", "abc", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30."):
        with pytest.raises(tokens.InvalidToken):
            tokens.decode(CONFIG, token, expected_type="access")
