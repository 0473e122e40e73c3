"""Question banks and their items: academy exams, quiz course banks, adaptive grade banks,
IELTS practice and mock tests all live here."""

from __future__ import annotations

import enum
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Scaled, Timestamped


class BankKind(enum.StrEnum):
    EXAM = "EXAM"  # academy exam (seed 001 §13)
    COURSE = "COURSE"  # quiz course bank (seed 002)
    GRADE = "GRADE"  # adaptive grade bank (seed 003)
    IELTS_LISTENING = "IELTS_LISTENING"  # listening practice test with an answer key
    IELTS_READING = "IELTS_READING"  # reading practice test (academic or general training)
    MOCK = "MOCK"  # IELTS mock test with reading, writing and listening parts (seed 001 §18)


class ItemType(enum.StrEnum):
    SINGLE_CHOICE = "SINGLE_CHOICE"
    MULTIPLE_CHOICE = "MULTIPLE_CHOICE"
    SHORT_ANSWER = "SHORT_ANSWER"
    SHORT_ANSWER_COMPOSITE = "SHORT_ANSWER_COMPOSITE"
    TEXT = "TEXT"  # free text, graded by a person (academy "written")


class QuestionBank(Timestamped, Base):
    __tablename__ = "question_bank"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(Uuid(), unique=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    title: Mapped[str] = mapped_column(String(255))
    # Entry code (academy exams and mock tests: 6 characters, unique).
    code: Mapped[str | None] = mapped_column(String(16), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("subject.id", ondelete="SET NULL"), index=True
    )
    grade: Mapped[int | None] = mapped_column(Integer)
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    time_limit_minutes: Mapped[int] = mapped_column(Integer, default=0)
    date: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # Kind-specific settings (answer keys, conversion-table overrides, file references, ...).
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Item(Timestamped, Base):
    __tablename__ = "item"
    __table_args__ = (UniqueConstraint("bank_id", "external_uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank_id: Mapped[int] = mapped_column(
        ForeignKey("question_bank.id", ondelete="CASCADE"), index=True
    )
    external_uid: Mapped[str | None] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    # Stem, prompt, media, tags, sample answer...: what the seed's item carries beyond text.
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # max score, scoring mode, accepted answers, partial rules, rubric, penalties.
    solution_rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    max_score: Mapped[Decimal] = mapped_column(Scaled(2), default=Decimal(1))
    topic: Mapped[str | None] = mapped_column(String(255))
    subtopic: Mapped[str | None] = mapped_column(String(255))
    difficulty: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str | None] = mapped_column(String(64))
    order: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)


class ItemOption(Base):
    """A choice of a choice item (academy exam options; adaptive options A-D)."""

    __tablename__ = "item_option"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    label: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text, default="")
    is_correct: Mapped[bool] = mapped_column(Boolean, default=False)
    order: Mapped[int] = mapped_column(Integer, default=0)
