"""Scoring: one interface (`Scorer` -> `Scored` with its `Explanation`), a registry by item type,
and the IELTS parts (answer keys, band tables and rounding) as plain functions.

The academy exam's item types are registered here with minimal scorers (`choice`, `text`); the
quiz rule engine (`rules/`) registers the full ones for the five unified item types.
"""

from __future__ import annotations

from models.items import ItemType
from resolvers.assessment.scoring.base import (
    Explanation,
    Scored,
    Scorer,
    UnknownItemType,
    register,
    score,
    scorer_for,
)
from resolvers.assessment.scoring.choice import score_single_choice
from resolvers.assessment.scoring.text import score_text

register(ItemType.SINGLE_CHOICE.value, score_single_choice)
register(ItemType.TEXT.value, score_text)

__all__ = [
    "Explanation",
    "Scored",
    "Scorer",
    "UnknownItemType",
    "register",
    "score",
    "scorer_for",
]
