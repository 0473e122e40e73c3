"""Rules below the faces: grading arithmetic, one result per student and exam under
concurrency, and the database constraint behind it."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from models import attempts as attempt_models
from models.db import write_session
from models.people import Role
from resolvers import exams as exam_resolvers
from resolvers.assessment import codes
from resolvers.context import Services
from resolvers.errors import Conflict
from tests.exams.helpers import create_exam, make_subject, seed_exam, submit


@pytest.mark.parametrize(
    ("correct", "total", "expected"),
    [(16, 20, "80.00"), (1, 3, "33.33"), (2, 3, "66.67"), (0, 5, "0.00"), (0, 0, "0.00")],
)
def test_score_is_the_percentage_over_all_questions(
    correct: int, total: int, expected: str
) -> None:
    assert exam_resolvers.percentage(correct, total) == Decimal(expected)


def test_codes_are_six_uppercase_letters_and_digits() -> None:
    drawn = {codes.draw_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isalnum() and c == c.upper() for c in drawn)
    assert len(drawn) > 190


async def test_two_simultaneous_submissions_give_one_result(
    services: Services, make_user: Any
) -> None:
    subject = await make_subject(services)
    admin = await make_user(Role.ADMIN)
    student = await make_user(Role.STUDENT)
    exam = await create_exam(services, admin, seed_exam(subject.id, is_published=True))
    outcomes = await asyncio.gather(
        *(submit(services, student, exam.id, []) for _ in range(3)), return_exceptions=True
    )
    stored = [o for o in outcomes if isinstance(o, attempt_models.Attempt)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(stored) == 1 and len(refused) == 2
    assert all(r.code == "ALREADY_SUBMITTED" for r in refused)


async def test_the_database_holds_one_exam_result_per_student_and_exam(
    services: Services, make_user: Any
) -> None:
    subject = await make_subject(services)
    admin = await make_user(Role.ADMIN)
    student = await make_user(Role.STUDENT)
    exam = await create_exam(services, admin, seed_exam(subject.id))

    def attempt(kind: str) -> attempt_models.Attempt:
        return attempt_models.Attempt(kind=kind, user_id=student.id, bank_id=exam.id)

    # other kinds of attempt on the same bank are not limited by this rule
    async with write_session(services.sessionmaker) as session:
        session.add_all([attempt("QUIZ"), attempt("QUIZ"), attempt("EXAM")])
    with pytest.raises(IntegrityError):
        async with write_session(services.sessionmaker) as session:
            session.add(attempt("EXAM"))
