"""Exams for tests: the seed's request bodies and quick ways to build exams and results."""

from __future__ import annotations

import copy
from typing import Any

from auth.principal import Principal
from models import groups as group_models
from models.db import write_session
from models.people import Role, User
from resolvers import exams as exam_resolvers
from resolvers.context import AppContext, Services

# §13 POST /api/v1/exams/ request body, as the seed shows it.
SEED_EXAM: dict[str, Any] = {
    "subject": 1,
    "title": "IELTS Grammar Test #1",
    "description": "Grammatika bo'yicha haftalik test",
    "time_limit": 30,
    "is_published": False,
    "date": "2025-02-20",
    "questions": [
        {
            "text": "Which sentence is correct?",
            "type": "test",
            "order": 1,
            "options": [
                {"text": "She go to school.", "is_correct": False, "order": 1},
                {"text": "She goes to school.", "is_correct": True, "order": 2},
                {"text": "She going to school.", "is_correct": False, "order": 3},
                {"text": "She gone to school.", "is_correct": False, "order": 4},
            ],
        },
        {
            "text": "Describe the importance of reading.",
            "type": "written",
            "order": 2,
            "written_answer_sample": "Reading improves vocabulary and comprehension...",
        },
    ],
}


def seed_exam(subject_id: int, **changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(SEED_EXAM)
    body["subject"] = subject_id
    body.update(changes)
    return body


def choice_question(n: int, correct: int = 2) -> dict[str, Any]:
    return {
        "text": f"Question {n}?",
        "type": "test",
        "order": n,
        "options": [
            {"text": f"Q{n} option {k}", "is_correct": k == correct, "order": k}
            for k in range(1, 5)
        ],
    }


async def make_subject(services: Services, name: str = "IELTS") -> group_models.Subject:
    async with write_session(services.sessionmaker) as session:
        subject = group_models.Subject(name=name)
        session.add(subject)
    return subject


def context_of(services: Services, user: User) -> AppContext:
    return AppContext(
        services=services,
        principal=Principal(kind="user", user_id=user.id, role=Role(user.role)),
    )


def as_resolver_data(body: dict[str, Any]) -> dict[str, Any]:
    """A REST body as the resolver takes it (subject -> subject_id, date parsed)."""
    from datetime import date

    data = dict(body)
    if "subject" in data:
        data["subject_id"] = data.pop("subject")
    if isinstance(data.get("date"), str):
        data["date"] = date.fromisoformat(data["date"])
    return data


async def create_exam(services: Services, admin: User, body: dict[str, Any]) -> Any:
    return await exam_resolvers.exam_create(context_of(services, admin), as_resolver_data(body))


async def submit(services: Services, student: User, exam_id: int, answers: list[Any]) -> Any:
    return await exam_resolvers.exam_submit(context_of(services, student), exam_id, answers)


async def questions_of(services: Services, admin: User, exam_id: int) -> list[Any]:
    return await exam_resolvers.get_questions(context_of(services, admin), exam_id)
