"""The IELTS domain's shared names: the models it works on and its refusal error."""

from __future__ import annotations

from typing import Any

from models import attempts as attempt_models
from models import ielts as ielts_models
from models import items as item_models
from models import people as people_models
from resolvers.errors import (
    DomainError,
)

Attempt = attempt_models.Attempt
AttemptKind = attempt_models.AttemptKind
AttemptStatus = attempt_models.AttemptStatus
Response = attempt_models.Response
BandScore = attempt_models.BandScore
Bank = item_models.QuestionBank
BankKind = item_models.BankKind
MockSection = ielts_models.MockSection
MockPart = ielts_models.MockPart
User = people_models.User
Role = people_models.Role

# Page keys, typed loosely as every SortKey column is.
BANK_ID: Any = Bank.id
ATTEMPT_ID: Any = Attempt.id
STARTED_AT: Any = Attempt.started_at


class IeltsError(DomainError):
    """A refused step of a test (wrong code, a session already running or already over...)."""

    code = "INVALID"
