"""The scoring interface: one `Scorer` per item type, a registry, and what a score explains.

Pure code: no I/O, no database, no web framework. A scorer takes an item's rules (its
`solution_rules`, in the unified domain's words) and an answer, and returns a `Scored`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from resolvers.errors import DomainError


class UnknownItemType(DomainError):
    """An item type no scorer is registered for."""

    code = "UNKNOWN_ITEM_TYPE"
    default_message = "No scorer is registered for this item type."


@dataclass(frozen=True)
class Explanation:
    rule: str  # e.g. "all_or_nothing", "partial", "answer_key", "band_table", "manual"
    credited: tuple[str, ...] = ()  # option ids / part ids / question ids credited
    penalised: tuple[str, ...] = ()  # option ids / part ids penalised
    matched: str | None = None  # the accepted answer (or pattern) that matched
    notes: tuple[str, ...] = ()  # plain-English steps, e.g. "penalty extra_wrong_mc -2"
    parts: tuple[Scored, ...] = ()  # per-part outcomes of a composite item

    def to_json(self) -> dict[str, Any]:
        """JSON-safe (Decimals as strings)."""
        return {
            "rule": self.rule,
            "credited": list(self.credited),
            "penalised": list(self.penalised),
            "matched": self.matched,
            "notes": list(self.notes),
            "parts": [part.to_json() for part in self.parts],
        }


@dataclass(frozen=True)
class Scored:
    score: Decimal  # always 0 <= score <= max_score
    max_score: Decimal
    is_correct: bool | None  # None when a person must decide
    needs_review: bool  # True: goes to manual review (TEXT items)
    explanation: Explanation

    def to_json(self) -> dict[str, Any]:
        return {
            "score": str(self.score),
            "max_score": str(self.max_score),
            "is_correct": self.is_correct,
            "needs_review": self.needs_review,
            "explanation": self.explanation.to_json(),
        }


class Scorer(Protocol):
    def __call__(self, rules: Mapping[str, Any], answer: Any) -> Scored: ...


_REGISTRY: dict[str, Scorer] = {}


def register(item_type: str, scorer: Scorer) -> None:
    """Register the scorer of an item type (a `models.items.ItemType` value), once."""
    if item_type in _REGISTRY:
        raise ValueError(f"a scorer for {item_type} is registered already")
    _REGISTRY[item_type] = scorer


def scorer_for(item_type: str) -> Scorer:
    """The scorer of `item_type`; an unknown type raises `UnknownItemType`."""
    try:
        return _REGISTRY[item_type]
    except KeyError:
        raise UnknownItemType(field="type") from None


def score(item_type: str, rules: Mapping[str, Any], answer: Any) -> Scored:
    return scorer_for(item_type)(rules, answer)
