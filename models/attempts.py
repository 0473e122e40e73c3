"""Attempts at a test and the answers in them: academy exam results and mock sessions, quiz
attempts, adaptive sessions, IELTS listening/reading sessions, essays and speaking sessions."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Scaled, Timestamped, UTCDateTime, utcnow


class AttemptKind(enum.StrEnum):
    EXAM = "EXAM"
    QUIZ = "QUIZ"
    ADAPTIVE = "ADAPTIVE"
    MOCK = "MOCK"
    LISTENING = "LISTENING"
    READING = "READING"
    WRITING = "WRITING"
    SPEAKING = "SPEAKING"


class AttemptStatus(enum.StrEnum):
    IN_PROGRESS = "IN_PROGRESS"
    SUBMITTED = "SUBMITTED"  # handed in (by the user or by the deadline), maybe not graded yet
    COMPLETED = "COMPLETED"  # graded / scored


class Attempt(Timestamped, Base):
    __tablename__ = "attempt"
    __table_args__ = (
        # "latest per student and kind" and "last N per student and kind" read this index.
        Index("ix_attempt_user_kind_finished", "user_id", "kind", "finished_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(Uuid(), unique=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    bank_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_bank.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=AttemptStatus.IN_PROGRESS.value)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    diagnostic: Mapped[bool] = mapped_column(Boolean, default=False)
    source_system: Mapped[str | None] = mapped_column(String(32))
    raw_score: Mapped[Decimal | None] = mapped_column(Scaled(2))
    max_score: Mapped[Decimal | None] = mapped_column(Scaled(2))
    # Percentage (academy exam score) or points, per kind.
    score: Mapped[Decimal | None] = mapped_column(Scaled(2))
    band: Mapped[Decimal | None] = mapped_column(Scaled(1))
    is_checked: Mapped[bool] = mapped_column(Boolean, default=False)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    annotations: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    webhook_state: Mapped[str | None] = mapped_column(String(16))

    # What IELTS results keep in their JSON columns, readable on an attempt and selectable in
    # SQL alike: large reads take these few values instead of decoding whole documents.
    @hybrid_property
    def mock_attempt_id(self) -> int | None:
        """The mock session a module result was derived from, if it was."""
        found = (self.meta or {}).get("mock_attempt_id")
        return int(found) if found is not None else None

    @mock_attempt_id.inplace.expression
    @classmethod
    def _mock_attempt_id_expression(cls) -> Any:
        return cls.meta["mock_attempt_id"].as_integer()

    @hybrid_property
    def task_type(self) -> str | None:
        """An essay's task ("task1", "task2", "mock")."""
        found = (self.meta or {}).get("task_type")
        return str(found) if found is not None else None

    @task_type.inplace.expression
    @classmethod
    def _task_type_expression(cls) -> Any:
        return cls.meta["task_type"].as_string()

    @hybrid_property
    def teacher_feedback(self) -> dict[str, Any] | None:
        """An essay's feedback as the teacher left it."""
        found = (self.result or {}).get("teacher_feedback")
        return found if isinstance(found, dict) else None

    @teacher_feedback.inplace.expression
    @classmethod
    def _teacher_feedback_expression(cls) -> Any:
        return cls.result["teacher_feedback"]


class Response(Timestamped, Base):
    """One answer. `slot` names what it answers ("item:12", "reading", "writing:1", ...), so
    the rule "one answer per slot" is a database constraint."""

    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("attempt_id", "slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempt.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id", ondelete="SET NULL"))
    slot: Mapped[str] = mapped_column(String(64))
    answer: Mapped[Any] = mapped_column(JSON, nullable=True)
    score: Mapped[Decimal | None] = mapped_column(Scaled(2))
    max_score: Mapped[Decimal | None] = mapped_column(Scaled(2))
    is_correct: Mapped[bool | None] = mapped_column(Boolean)
    feedback: Mapped[Any] = mapped_column(JSON, nullable=True)
    review_state: Mapped[str | None] = mapped_column(String(16))
    rubric_scores: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class BandScore(Timestamped, Base):
    """IELTS band scores of an attempt (a mock session), 0.0-9.0 in steps of 0.5."""

    __tablename__ = "band_score"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempt.id", ondelete="CASCADE"), unique=True
    )
    listening: Mapped[Decimal | None] = mapped_column(Scaled(1))
    reading: Mapped[Decimal | None] = mapped_column(Scaled(1))
    writing: Mapped[Decimal | None] = mapped_column(Scaled(1))
    speaking: Mapped[Decimal | None] = mapped_column(Scaled(1))
    overall: Mapped[Decimal | None] = mapped_column(Scaled(1))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
