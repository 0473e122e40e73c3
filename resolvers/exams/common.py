"""The exams domain's shared names: the tables it works on, its limits and its errors."""

from __future__ import annotations

from typing import Any

from models import attempts as attempt_models
from models import items as item_models
from resolvers.assessment import codes
from resolvers.errors import (
    DomainError,
)

Bank = item_models.QuestionBank
Item = item_models.Item
Option = item_models.ItemOption
Attempt = attempt_models.Attempt
Response = attempt_models.Response

# Results page by id; typed loosely as every SortKey column is.
RESULT_ID: Any = Attempt.id
BANK_ID: Any = Bank.id

EXAM = item_models.BankKind.EXAM.value
EXAM_ATTEMPT = attempt_models.AttemptKind.EXAM.value

# The academy's question types and the unified item types they are stored as.
TEST = "test"
WRITTEN = "written"
ITEM_TYPE = {
    TEST: item_models.ItemType.SINGLE_CHOICE.value,
    WRITTEN: item_models.ItemType.TEXT.value,
}
ACADEMY_TYPE = {v: k for k, v in ITEM_TYPE.items()}
SAMPLE_KEY = "written_answer_sample"

CODE_LENGTH = codes.CODE_LENGTH
CODE_EXHAUSTED = "Could not draw a free exam code; try again."
TITLE_MAX = 255
COPY_SUFFIX = " (Nusxa)"
MAX_QUESTIONS = 500
MAX_OPTIONS = 20
MIN_OPTIONS = 2

# Plain messages; each face words these codes its own way (the academy dialect and GraphQL say
# what the center's old API said: rest/academy/wording.py, schema/common/wording.py).
WRONG_CODE = "No exam opens with this code."
NOT_PUBLISHED = "This exam is not published yet."
NOT_ACTIVE = "This exam is not active."
ALREADY_SUBMITTED = "You have already submitted this exam."


class InvalidCode(DomainError):
    code = "INVALID_CODE"
    default_message = WRONG_CODE
