"""Rows for academy tests, written straight to the database (no HTTP, no argon2)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from models import academy as academy_models
from models import groups as group_models
from models.db import write_session
from resolvers.context import Services

# A Monday 10:00 in Tashkent (05:00 UTC): inside a Mon,Wed,Fri 09:00-11:00 lesson.
MONDAY_IN_LESSON = datetime(2025, 2, 17, 5, 0, tzinfo=UTC)


async def make_subject(services: Services, name: str = "IELTS") -> group_models.Subject:
    async with write_session(services.sessionmaker) as session:
        subject = group_models.Subject(name=name)
        session.add(subject)
    return subject


async def make_group(
    services: Services,
    name: str = "IELTS-A1",
    *,
    subject: group_models.Subject | None = None,
    active: bool = True,
    days: str = "Mon,Wed,Fri",
    start: time | None = time(9),
    end: time | None = time(11),
    teacher_id: int | None = None,
) -> group_models.Group:
    subject = subject or await make_subject(services)
    async with write_session(services.sessionmaker) as session:
        group = group_models.Group(
            name=name,
            subject_id=subject.id,
            is_active=active,
            days=days,
            start_time=start,
            end_time=end,
            description="Asosiy guruh",
            teacher_id=teacher_id,
        )
        session.add(group)
    return group


async def give_points(
    services: Services, student_id: int, group_id: int, *scores: int, given_by: int | None = None
) -> list[academy_models.PointEntry]:
    async with write_session(services.sessionmaker) as session:
        rows = [
            academy_models.PointEntry(
                student_id=student_id,
                group_id=group_id,
                score=s,
                date=date(2025, 2, 19),
                given_by_id=given_by,
            )
            for s in scores
        ]
        session.add_all(rows)
    return rows


async def mark(
    services: Services,
    student_id: int,
    group_id: int,
    on: date = date(2025, 2, 19),
    status: str = "keldi",
    marked_by: int | None = None,
) -> academy_models.Attendance:
    async with write_session(services.sessionmaker) as session:
        row = academy_models.Attendance(
            student_id=student_id,
            group_id=group_id,
            status=status,
            date=on,
            time=time(9, 5),
            marked_by_id=marked_by,
        )
        session.add(row)
    return row


async def add_homework(
    services: Services, group_id: int, text: str | None = "Listening", file: str | None = None
) -> academy_models.Homework:
    async with write_session(services.sessionmaker) as session:
        row = academy_models.Homework(group_id=group_id, text=text, file=file)
        session.add(row)
    return row


async def add_work_log(services: Services, employee_id: int, on: date) -> Any:
    async with write_session(services.sessionmaker) as session:
        row = academy_models.WorkLog(employee_id=employee_id, date=on, status=True)
        session.add(row)
    return row
