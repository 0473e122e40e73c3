"""Field descriptions that name the permission rule of their operation (auth/permissions.py)."""

from __future__ import annotations

from auth.permissions import rule


def described(text: str, operation: str) -> str:
    """`text` followed by who may run `operation`, as every field's description says."""
    return f"{text} {rule(operation).describe()}"
