"""Demo people, subjects and groups: a small center anyone can log in to.

Every account's password is `demo-password`. Running it twice adds nothing the second time.
"""

from __future__ import annotations

from datetime import time

from sqlalchemy import select

from auth.passwords import hash_password
from demo.names import student_name
from models import groups as group_models
from models import people as people_models
from models.db import write_session
from resolvers.context import AppContext

PASSWORD = "demo-password"
STUDENTS = 24

STAFF = [
    ("admin.demo", "ADMIN", "Aziza", "Karimova", "ADM-1"),
    ("curator.demo", "CURATOR", "Dilshod", "Rahimov", "CUR-12"),
    ("teacher.demo", "TEACHER", "Bobur", "Toshmatov", "TCH-3"),
    ("reviewer.demo", "REVIEWER", "Madina", "Yusupova", "REV-1"),
    ("manager.demo", "MANAGER", "Sardor", "Aliyev", "MGR-1"),
]


async def seed(ctx: AppContext) -> str:
    User = people_models.User
    async with write_session(ctx.sessionmaker) as session:
        if await session.scalar(select(User.id).where(User.username == "admin.demo")):
            return ""
        password_hash = hash_password(PASSWORD)
        staff: dict[str, people_models.User] = {}
        for username, role, first, last, code in STAFF:
            user = User(
                username=username,
                role=role,
                first_name=first,
                last_name=last,
                code=code,
                email=f"{username}@example.com",
                password_hash=password_hash,
            )
            session.add(user)
            staff[role] = user
        ielts = group_models.Subject(name="IELTS")
        sat = group_models.Subject(name="SAT")
        session.add_all([ielts, sat])
        await session.flush()
        groups = [
            group_models.Group(
                name=name,
                subject_id=subject.id,
                teacher_id=staff["TEACHER"].id,
                days=days,
                start_time=start,
                end_time=end,
                description="Demo group",
            )
            for name, subject, days, start, end in [
                ("IELTS Evening A1", ielts, "Mon,Wed,Fri", time(18), time(20)),
                ("IELTS Morning B2", ielts, "Tue,Thu,Sat", time(9), time(11)),
                ("SAT Weekend", sat, "Sat,Sun", time(10), time(13)),
            ]
        ]
        session.add_all(groups)
        await session.flush()
        count = 0
        for i in range(STUDENTS):
            first, last = student_name(i)
            session.add(
                User(
                    username=f"student{i + 1:03d}",
                    role="STUDENT",
                    first_name=first,
                    last_name=last,
                    email=f"student{i + 1:03d}@example.com",
                    code=f"2024{i + 1:03d}",
                    group_id=groups[i % len(groups)].id,
                    curator_id=staff["CURATOR"].id,
                    password_hash=password_hash,
                    phone=f"+99890000{i:04d}",
                )
            )
            count += 1
    return (
        f"people: added {len(STAFF)} staff, {len(groups)} groups, {count} students "
        f"(every demo password is {PASSWORD!r})"
    )
