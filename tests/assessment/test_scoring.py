"""The scoring package: the registry by item type, the placeholder scorers the academy exam
uses, answer-key raw scores, and the JSON form of an explanation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from resolvers.assessment import scoring
from resolvers.assessment.scoring import Explanation, Scored, UnknownItemType
from resolvers.assessment.scoring.answer_key import raw_score, score_answer_key
from resolvers.assessment.scoring.base import register


def test_single_choice_is_all_or_nothing() -> None:
    rules = {"correct_options": [12], "max_score": 1}
    right = scoring.score("SINGLE_CHOICE", rules, 12)
    wrong = scoring.score("SINGLE_CHOICE", rules, 13)
    blank = scoring.score("SINGLE_CHOICE", rules, None)
    assert (right.score, right.is_correct, right.needs_review) == (Decimal(1), True, False)
    assert right.explanation.credited == ("12",)
    assert (wrong.score, wrong.is_correct) == (Decimal(0), False)
    assert wrong.explanation.penalised == ("13",)
    assert (blank.score, blank.is_correct, blank.explanation.penalised) == (Decimal(0), False, ())
    for scored in (right, wrong, blank):
        assert Decimal(0) <= scored.score <= scored.max_score == Decimal(1)


def test_text_goes_to_a_person() -> None:
    scored = scoring.score("TEXT", {"max_score": 1}, "Reading improves vocabulary.")
    assert scored.needs_review and scored.is_correct is None
    assert scored.score == Decimal(0) and scored.explanation.rule == "manual"


def test_an_unknown_item_type_is_a_typed_error() -> None:
    with pytest.raises(UnknownItemType) as raised:
        scoring.scorer_for("NO_SUCH_TYPE")
    assert raised.value.code == "UNKNOWN_ITEM_TYPE"


def test_a_type_is_registered_once() -> None:
    with pytest.raises(ValueError, match="SINGLE_CHOICE"):
        register("SINGLE_CHOICE", scoring.scorer_for("SINGLE_CHOICE"))


def test_answer_key_counts_matches_ignoring_case_and_spaces() -> None:
    key = {"1": ["A"], "2": ["carbon dioxide", "CO2"], "3": "TRUE"}
    answers = {"1": "a", "2": "  Carbon   Dioxide ", "3": "false", "4": "A"}
    scored = score_answer_key(key, answers)
    assert scored.score == 2 and scored.max_score == 3
    assert scored.explanation.credited == ("1", "2")
    assert raw_score(key, answers) == 2 and raw_score(key, {}) == 0


def test_explanations_are_json_safe() -> None:
    part = Scored(Decimal("0.5"), Decimal(1), None, False, Explanation("partial"))
    whole = Explanation("answer_key", credited=("1",), notes=("penalty -1",), parts=(part,))
    assert whole.to_json() == {
        "rule": "answer_key",
        "credited": ["1"],
        "penalised": [],
        "matched": None,
        "notes": ["penalty -1"],
        "parts": [
            {
                "score": "0.5",
                "max_score": "1",
                "is_correct": None,
                "needs_review": False,
                "explanation": {
                    "rule": "partial",
                    "credited": [],
                    "penalised": [],
                    "matched": None,
                    "notes": [],
                    "parts": [],
                },
            }
        ],
    }
