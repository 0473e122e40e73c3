"""SINGLE_CHOICE, all or nothing: the academy exam's test questions.

A placeholder the quiz rule engine (`scoring/rules/`) replaces: callers reach it only through
`scoring.score("SINGLE_CHOICE", rules, answer)`.
rules: {"correct_options": [option id, ...], "max_score": 1}; answer: an option id or None.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from resolvers.assessment.scoring.base import Explanation, Scored


def score_single_choice(rules: Mapping[str, Any], answer: Any) -> Scored:
    max_score = Decimal(str(rules.get("max_score", 1)))
    correct = {str(o) for o in rules.get("correct_options", ())}
    chosen = None if answer is None else str(answer)
    right = chosen is not None and chosen in correct
    return Scored(
        score=max_score if right else Decimal(0),
        max_score=max_score,
        is_correct=right,
        needs_review=False,
        explanation=Explanation(
            rule="all_or_nothing",
            credited=(chosen,) if right and chosen is not None else (),
            penalised=(chosen,) if not right and chosen is not None else (),
        ),
    )
