"""IELTS test data written straight to the tables (bulk inserts, no argon2, no API calls)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert

from models import attempts as attempt_models
from models import groups as group_models
from models import ielts as ielts_models
from models import items as item_models
from models.db import write_session
from models.people import Role, User
from resolvers.context import Services

LISTENING_KEY = {str(i): ["A"] for i in range(1, 41)}
READING_KEY = {str(i): ["TRUE", "T"] for i in range(1, 41)}


@dataclass
class Center:
    teacher: User
    curator: User
    group: group_models.Group


async def center(services: Services, make_user: Any) -> Center:
    """A teacher, a curator and an IELTS group, named as in seed 000's example."""
    teacher = await make_user(Role.TEACHER, first_name="John", last_name="Doe", code="TCH-1")
    curator = await make_user(Role.CURATOR, first_name="Cura", last_name="Tor", code="CUR-12")
    async with write_session(services.sessionmaker) as session:
        group = group_models.Group(name="IELTS Evening A1", teacher_id=teacher.id)
        session.add(group)
    return Center(teacher, curator, group)


async def student(
    make_user: Any, c: Center, email: str, code: str = "2024001", **fields: Any
) -> User:
    values = {
        "first_name": "Aruzhan",
        "last_name": "Bek",
        "email": email,
        "code": code,
        "group_id": c.group.id,
        "curator_id": c.curator.id,
    }
    values.update(fields)
    return await make_user(Role.STUDENT, **values)


async def practice_test(
    services: Services,
    module: str,
    title: str,
    *,
    variant: str = "ACADEMIC",
    conversion: list[list[Any]] | None = None,
) -> item_models.QuestionBank:
    listening = module == "LISTENING"
    meta: dict[str, Any] = {"answer_key": LISTENING_KEY if listening else READING_KEY}
    if not listening:
        meta["variant"] = variant
    if conversion is not None:
        meta["conversion"] = conversion
    async with write_session(services.sessionmaker) as session:
        bank = item_models.QuestionBank(
            kind="IELTS_LISTENING" if listening else "IELTS_READING", title=title, meta=meta
        )
        session.add(bank)
    return bank


async def results(
    services: Services,
    student_ids: list[int],
    module: str,
    count: int,
    *,
    bank_id: int | None = None,
    start: datetime,
    band: str = "6.5",
    diagnostic: bool = False,
    meta: dict[str, Any] | None = None,
    result: dict[str, Any] | None = None,
) -> None:
    """`count` finished attempts of one module per student, an hour apart, newest last."""
    rows = [
        {
            "kind": module,
            "user_id": sid,
            "bank_id": bank_id,
            "status": "COMPLETED",
            "started_at": start + timedelta(hours=i),
            "finished_at": start + timedelta(hours=i, minutes=30),
            "raw_score": Decimal(30),
            "max_score": Decimal(40),
            "band": Decimal(band),
            "diagnostic": diagnostic,
            "meta": meta or ({"task_type": "task2"} if module == "WRITING" else {}),
            "result": result,
        }
        for sid in student_ids
        for i in range(count)
    ]
    async with write_session(services.sessionmaker) as session:
        await session.execute(insert(attempt_models.Attempt), rows)


async def mock_test(
    services: Services,
    creator_id: int | None,
    *,
    code: str = "MK1001",
    title: str = "IELTS Mock Test #1",
    durations: tuple[int, int, int] = (60, 60, 30),
    answer_keys: bool = False,
) -> item_models.QuestionBank:
    """A mock test with three parts (files as stored paths, without content)."""
    async with write_session(services.sessionmaker) as session:
        bank = item_models.QuestionBank(
            kind="MOCK", title=title, code=code, created_by_id=creator_id, meta={}
        )
        session.add(bank)
        await session.flush()
        reading, writing, listening = durations
        session.add_all(
            [
                ielts_models.MockSection(
                    bank_id=bank.id,
                    part="READING",
                    file="tests/reading/test1.pdf",
                    duration=reading,
                    question_count=40,
                    answer_key={"1": ["A"], "2": ["carbon dioxide"]} if answer_keys else None,
                ),
                ielts_models.MockSection(
                    bank_id=bank.id,
                    part="WRITING",
                    file="tests/writing/task1.pdf",
                    duration=writing,
                    question_count=2,
                ),
                ielts_models.MockSection(
                    bank_id=bank.id,
                    part="LISTENING",
                    audio_file="mock_tests/listening/audio/audio1.mp3",
                    question_file="mock_tests/listening/questions/q1.pdf",
                    duration=listening,
                    question_count=40,
                    answer_key={"1": ["C"], "2": ["D"]} if answer_keys else None,
                ),
            ]
        )
    return bank


async def students_bulk(services: Services, c: Center, n: int, prefix: str) -> list[int]:
    """`n` students in one statement; returns their ids in order."""
    rows = [
        {
            "username": f"{prefix}{i:05d}",
            "role": "STUDENT",
            "first_name": f"First{i}",
            "last_name": f"Last{i}",
            "email": f"{prefix}{i:05d}@example.com",
            "code": f"{prefix.upper()}{i:05d}",
            "group_id": c.group.id,
            "curator_id": c.curator.id,
            "status": "Active",
            "is_active": True,
        }
        for i in range(n)
    ]
    async with write_session(services.sessionmaker) as session:
        ids = await session.scalars(insert(User).returning(User.id), rows)
        return sorted(ids)
