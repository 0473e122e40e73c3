"""Demo exams: three exams of the demo center (two published, one draft) and results of the
demo students, some checked by the demo teacher.

Everything goes through the resolvers, so the demo data obeys the same rules as real data.
Running it twice adds nothing the second time.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import select

from auth.principal import Principal
from models import groups as group_models
from models import items as item_models
from models import people as people_models
from models.db import read_session
from resolvers import exams as exam_resolvers
from resolvers.context import AppContext

GRAMMAR = "IELTS Grammar Test #1"


def _test(text: str, options: list[str], correct: int) -> dict[str, Any]:
    return {
        "text": text,
        "type": "test",
        "options": [{"text": o, "is_correct": i == correct} for i, o in enumerate(options)],
    }


def _written(text: str, sample: str) -> dict[str, Any]:
    return {"text": text, "type": "written", "written_answer_sample": sample}


EXAMS: list[dict[str, Any]] = [
    {
        "subject": "IELTS",
        "title": GRAMMAR,
        "description": "Grammatika bo'yicha haftalik test",
        "time_limit": 30,
        "is_published": True,
        "takers": 14,
        "questions": [
            _test(
                "Which sentence is correct?",
                [
                    "She go to school.",
                    "She goes to school.",
                    "She going to school.",
                    "She gone to school.",
                ],
                1,
            ),
            _test(
                "Choose the correct form: If I ___ you, I would study more.",
                ["am", "was", "were", "be"],
                2,
            ),
            _test(
                "Pick the past participle of 'write'.",
                ["wrote", "written", "writed", "writing"],
                1,
            ),
            _test(
                "Which word is an adverb?",
                ["quick", "quickly", "quicker", "quickness"],
                1,
            ),
            _written(
                "Describe the importance of reading.",
                "Reading improves vocabulary and comprehension...",
            ),
        ],
    },
    {
        "subject": "SAT",
        "title": "SAT Math Warm-up",
        "description": "Algebra and arithmetic, 10 minutes",
        "time_limit": 10,
        "is_published": True,
        "takers": 9,
        "questions": [
            _test("2x + 3 = 11. What is x?", ["3", "4", "5", "7"], 1),
            _test("What is 15% of 200?", ["15", "20", "30", "35"], 2),
            _test("Which is a prime number?", ["21", "27", "29", "33"], 2),
        ],
    },
    {
        "subject": "IELTS",
        "title": "IELTS Vocabulary Check",
        "description": "Draft: not yet published",
        "time_limit": 20,
        "is_published": False,
        "takers": 0,
        "questions": [
            _test("A synonym of 'rapid' is:", ["slow", "fast", "late", "calm"], 1),
            _written("Use 'nevertheless' in a sentence.", "It rained; nevertheless, we went."),
        ],
    },
]


def _as(ctx: AppContext, user: people_models.User) -> AppContext:
    principal = Principal(kind="user", user_id=user.id, role=people_models.Role(user.role))
    return AppContext(services=ctx.services, principal=principal, base_url=ctx.base_url)


async def seed(ctx: AppContext) -> str:
    User = people_models.User
    async with read_session(ctx.sessionmaker) as session:
        done = await session.scalar(
            select(item_models.QuestionBank.id).where(
                item_models.QuestionBank.kind == item_models.BankKind.EXAM.value,
                item_models.QuestionBank.title == GRAMMAR,
            )
        )
        admin = await session.scalar(select(User).where(User.username == "admin.demo"))
        teacher = await session.scalar(select(User).where(User.username == "teacher.demo"))
        subjects = {s.name: s.id for s in await session.scalars(select(group_models.Subject))}
        students = list(
            await session.scalars(
                select(User)
                .where(User.role == people_models.Role.STUDENT.value)
                .order_by(User.username)
                .limit(24)
            )
        )
    if done or admin is None or teacher is None or not students:
        return ""

    rng = random.Random(2025)
    as_admin, as_teacher = _as(ctx, admin), _as(ctx, teacher)
    results = 0
    for spec in EXAMS:
        data = {k: v for k, v in spec.items() if k not in ("subject", "takers")}
        data["subject_id"] = subjects[spec["subject"]]
        exam = await exam_resolvers.exam_create(as_admin, data)
        if not exam.is_published:
            continue
        questions = await exam_resolvers.get_questions(as_admin, exam.id)
        for n, student in enumerate(students[: spec["takers"]]):
            answers: list[dict[str, Any]] = []
            for question in questions:
                if question.type == exam_resolvers.WRITTEN:
                    answers.append(
                        {"question_id": question.id, "written_answer": "Reading helps me learn."}
                    )
                    continue
                right = next(o for o in question.options if o.is_correct)
                # Most students get most answers right.
                option = right if rng.random() < 0.75 else rng.choice(question.options)
                answers.append({"question_id": question.id, "option_id": option.id})
            result = await exam_resolvers.exam_submit(_as(ctx, student), exam.id, answers)
            results += 1
            if n % 3 == 0:
                written = [
                    a
                    for a in await exam_resolvers.get_answers(as_teacher, result.id)
                    if a.type == exam_resolvers.WRITTEN
                ]
                await exam_resolvers.exam_result_update(
                    as_teacher,
                    result.id,
                    {
                        "is_checked": True,
                        "answers": [{"id": a.id, "is_correct": True} for a in written],
                    },
                )
    return f"exams: added {len(EXAMS)} exams ({GRAMMAR!r} and others), {results} results"
