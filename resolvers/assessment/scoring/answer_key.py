"""Answer-key scoring (IELTS listening and reading): a raw score is the number of questions
whose answer matches one of the key's accepted answers, ignoring case and extra spaces."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from resolvers.assessment.scoring.base import Explanation, Scored


def normalise(value: Any) -> str:
    return " ".join(str(value).split()).casefold()


def score_answer_key(answer_key: Mapping[str, Any], answers: Mapping[str, Any]) -> Scored:
    """Every question of the key scored; `score` is the raw score, `max_score` the key's size."""
    credited: list[str] = []
    for question, accepted in answer_key.items():
        given = answers.get(str(question))
        if given is None:
            continue
        options = accepted if isinstance(accepted, list) else [accepted]
        if normalise(given) in {normalise(a) for a in options}:
            credited.append(str(question))
    total = Decimal(len(answer_key))
    return Scored(
        score=Decimal(len(credited)),
        max_score=total,
        is_correct=None,
        needs_review=False,
        explanation=Explanation(rule="answer_key", credited=tuple(credited)),
    )


def raw_score(answer_key: Mapping[str, Any], answers: Mapping[str, Any]) -> int:
    """Correct answers against the key."""
    return int(score_answer_key(answer_key, answers).score)
