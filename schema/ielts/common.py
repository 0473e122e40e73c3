"""Small conversions the IELTS types share."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

from models import attempts as attempt_models

AttemptKind = attempt_models.AttemptKind
T = TypeVar("T")


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _int(value: Decimal | None) -> int | None:
    return int(value) if value is not None else None
