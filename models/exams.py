"""Academy exams (seed 001 §13-§14) live in the shared tables: an exam is a `QuestionBank` of
kind EXAM, its questions are `Item`s with `ItemOption`s, a result is an `Attempt` of kind EXAM
and each answer a `Response` in slot "item:<id>". This module adds only what exams need on top.
"""

from __future__ import annotations

from sqlalchemy import Index, text

from models.attempts import Attempt, AttemptKind

# A student hands in an exam once: the second submission is refused by the database too.
Index(
    "uq_attempt_exam_user",
    Attempt.bank_id,
    Attempt.user_id,
    unique=True,
    sqlite_where=text(f"kind = '{AttemptKind.EXAM.value}'"),
    postgresql_where=text(f"kind = '{AttemptKind.EXAM.value}'"),
)
