"""The learning center's daily records (seed 001): attendance, points, homework, work logs."""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamped, UTCDateTime, utcnow


class AttendanceStatus(enum.StrEnum):
    """Stored in the academy's own words."""

    PRESENT = "keldi"
    LATE = "kechikdi"
    ABSENT = "kelmadi"


class Attendance(Timestamped, Base):
    """One record per student, group and day. `date` and `time` are Asia/Tashkent."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("student_id", "group_id", "date"),
        CheckConstraint("status IN ('keldi','kechikdi','kelmadi')", name="status"),
        Index("ix_attendance_group_id_date", "group_id", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=AttendanceStatus.ABSENT.value)
    date: Mapped[date] = mapped_column(Date)
    time: Mapped[time] = mapped_column(Time())
    marked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )


class PointEntry(Timestamped, Base):
    """Points (the seed's "scores") a member of staff gives a student: 0 to 100."""

    __tablename__ = "point_entry"
    __table_args__ = (CheckConstraint("score >= 0 AND score <= 100", name="score_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    date: Mapped[date] = mapped_column(Date, index=True)
    given_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )


class Homework(Timestamped, Base):
    """A task for a group: text, a file under MEDIA_ROOT, or both."""

    __tablename__ = "homework"
    __table_args__ = (CheckConstraint("text IS NOT NULL OR file IS NOT NULL", name="text_or_file"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    text: Mapped[str | None] = mapped_column(Text)
    # Path relative to MEDIA_ROOT; rendered as an absolute URL.
    file: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )


class WorkLog(Base):
    """One per employee per day, recorded when they mark attendance, give points or add
    homework (seed 001 §15). `date` is the day in Asia/Tashkent."""

    __tablename__ = "work_log"
    __table_args__ = (UniqueConstraint("employee_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
