"""TEXT: free text that a person grades (the academy exam's written questions).

A placeholder the quiz rule engine replaces at merge; reached only through `scoring.score`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from resolvers.assessment.scoring.base import Explanation, Scored


def score_text(rules: Mapping[str, Any], answer: Any) -> Scored:
    return Scored(
        score=Decimal(0),
        max_score=Decimal(str(rules.get("max_score", 1))),
        is_correct=None,
        needs_review=True,
        explanation=Explanation(rule="manual"),
    )
