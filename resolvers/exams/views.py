"""What the faces render of exams and results (answers already hidden from students)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from models import attempts as attempt_models
from models import items as item_models
from resolvers.exams.common import (
    ACADEMY_TYPE,
    SAMPLE_KEY,
    TEST,
)

# ---------------------------------------------------------------------------------------------
# views: what the faces render (answers already hidden from students)


@dataclass(frozen=True)
class OptionView:
    id: int
    question_id: int
    text: str
    order: int
    # None when the caller may not see it (students).
    is_correct: bool | None


@dataclass(frozen=True)
class QuestionView:
    id: int
    exam_id: int
    text: str
    type: str  # "test" or "written"
    order: int
    options: list[OptionView]
    written_answer_sample: str | None
    # False for students: is_correct and written_answer_sample are withheld, not merely empty.
    revealed: bool


@dataclass(frozen=True)
class AnswerView:
    id: int
    result_id: int
    question_id: int | None
    question_text: str
    type: str
    option_id: int | None
    option_text: str | None
    written_answer: str | None
    is_correct: bool | None
    created_at: datetime


def _option_view(row: item_models.ItemOption, reveal: bool) -> OptionView:
    return OptionView(
        id=row.id,
        question_id=row.item_id,
        text=row.text,
        order=row.order,
        is_correct=row.is_correct if reveal else None,
    )


def _question_view(
    item: item_models.Item, options: Sequence[item_models.ItemOption], reveal: bool
) -> QuestionView:
    sample = (item.content or {}).get(SAMPLE_KEY)
    return QuestionView(
        id=item.id,
        exam_id=item.bank_id,
        text=item.text,
        type=ACADEMY_TYPE.get(item.type, TEST),
        order=item.order,
        options=[_option_view(o, reveal) for o in options],
        written_answer_sample=sample if reveal else None,
        revealed=reveal,
    )


def answer_view(row: attempt_models.Response) -> AnswerView:
    given = row.answer if isinstance(row.answer, dict) else {}
    return AnswerView(
        id=row.id,
        result_id=row.attempt_id,
        question_id=row.item_id,
        question_text=str(given.get("question_text", "")),
        type=str(given.get("type", TEST)),
        option_id=given.get("option_id"),
        option_text=given.get("option_text"),
        written_answer=given.get("written_answer"),
        is_correct=row.is_correct,
        created_at=row.created_at,
    )
