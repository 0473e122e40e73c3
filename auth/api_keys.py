"""API keys for services: random, shown once, stored as a SHA-256 hash, looked up by prefix."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEY_PREFIX = "egk_"
PREFIX_LENGTH = 12  # "egk_" plus 8 random characters


@dataclass(frozen=True)
class NewApiKey:
    key: str
    prefix: str
    key_hash: str


def generate() -> NewApiKey:
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    return NewApiKey(key=key, prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key))


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def split(key: str) -> str | None:
    """The prefix to look the key up by, or None when it cannot be one of ours."""
    if not key.startswith(KEY_PREFIX) or len(key) < PREFIX_LENGTH + 16 or len(key) > 200:
        return None
    return key[:PREFIX_LENGTH]


def matches(key: str, key_hash: str) -> bool:
    return hmac.compare_digest(hash_key(key), key_hash)
