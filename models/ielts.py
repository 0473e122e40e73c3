"""IELTS: the parts of a mock test (seed 001 §18) and the rule "one active mock session per user
and test".

Everything else lives in the shared tables: a mock test is a `QuestionBank` of kind MOCK, a
practice test one of kind IELTS_LISTENING / IELTS_READING (answer key, variant and an optional
conversion table in `meta`); sessions, essays and speaking sessions are `Attempt`s, answers are
`Response`s (one per slot) and mock scores are `BandScore`s.
"""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from models.attempts import Attempt
from models.base import Base, Timestamped


class MockPart(enum.StrEnum):
    READING = "READING"
    WRITING = "WRITING"
    LISTENING = "LISTENING"


class MockSection(Timestamped, Base):
    """One part of a mock test: its files, duration (minutes), question count, answer key."""

    __tablename__ = "ielts_mock_section"
    __table_args__ = (UniqueConstraint("bank_id", "part"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_bank.id", ondelete="CASCADE"))
    part: Mapped[str] = mapped_column(String(16))
    # Stored paths under MEDIA_ROOT: the PDF of reading and writing; listening has its audio
    # and a PDF of the questions.
    file: Mapped[str | None] = mapped_column(String(500))
    audio_file: Mapped[str | None] = mapped_column(String(500))
    question_file: Mapped[str | None] = mapped_column(String(500))
    duration: Mapped[int] = mapped_column(Integer)
    question_count: Mapped[int] = mapped_column(Integer)
    # {"1": ["A"], "2": ["carbon dioxide", "CO2"]}: accepted answers per question, so a raw
    # score can be computed when the answers come in. Optional.
    answer_key: Mapped[dict[str, Any] | None] = mapped_column(JSON)


# Two simultaneous starts must not both succeed: the database holds the rule, the resolver only
# turns the violation into the seed's error. An expired session is closed (finished_at set)
# before a new start, so it never blocks one.
ACTIVE_MOCK = "kind = 'MOCK' AND finished_at IS NULL"
Index(
    "uq_attempt_active_mock",
    Attempt.user_id,
    Attempt.bank_id,
    unique=True,
    sqlite_where=text(ACTIVE_MOCK),
    postgresql_where=text(ACTIVE_MOCK),
)
