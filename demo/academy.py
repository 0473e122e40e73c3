"""Demo learning center on top of demo/people.py: about 8 groups and 200 students, with the
last month of attendance, points, homework and teachers' work logs (seed 001).

Dates are counted back from today in Asia/Tashkent. Running it twice adds nothing the second
time.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from auth.passwords import hash_password
from demo.names import student_name
from demo.people import PASSWORD
from models import academy as academy_models
from models import groups as group_models
from models import people as people_models
from models.db import write_session
from resolvers import center_time
from resolvers.academy import ACADEMY_TZ, WEEKDAYS
from resolvers.context import AppContext

TEACHERS = [
    ("teacher2.demo", "Nodira", "Saidova", "TCH-4"),
    ("teacher3.demo", "Akmal", "Rustamov", "TCH-5"),
]
SUBJECTS = ["General English", "Math"]
# name, subject, teacher (index into the demo's teachers), days, start, end
GROUPS = [
    ("General English A2", "General English", 1, "Mon,Wed,Fri", time(14), time(16)),
    ("Math Juniors", "Math", 2, "Tue,Thu", time(15), time(17)),
    ("IELTS Intensive C1", "IELTS", 0, "Mon,Tue,Wed,Thu,Fri", time(11), time(13)),
    ("SAT Math Prep", "SAT", 2, "Tue,Thu,Sat", time(16), time(18)),
    ("Kids English", "General English", 1, "Sat,Sun", time(10), time(12)),
]
STUDENTS_TOTAL = 200
DAYS_BACK = 30
HOMEWORK = [
    "Listening section bo'yicha mashq qiling",
    "Reading passage 2: answer questions 14-26",
    "Write a 250-word essay on public transport",
    "Learn the new vocabulary list (unit 5)",
    "Solve problems 1-20 on page 48",
]


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=ACADEMY_TZ)


async def seed(ctx: AppContext) -> str:
    User = people_models.User
    Group = group_models.Group
    rng = random.Random(1001)
    today = center_time.today(ctx)
    async with write_session(ctx.sessionmaker) as session:
        if await session.scalar(select(Group.id).where(Group.name == GROUPS[0][0])):
            return ""
        password_hash = hash_password(PASSWORD)
        # demo/people.py's teacher, then two more
        teachers = list(await session.scalars(select(User).where(User.username == "teacher.demo")))
        for username, first, last, code in TEACHERS:
            teacher = User(
                username=username,
                role=people_models.Role.TEACHER.value,
                first_name=first,
                last_name=last,
                code=code,
                email=f"{username}@example.com",
                password_hash=password_hash,
                phone=f"+99899{rng.randrange(10**6, 10**7)}",
            )
            session.add(teacher)
            teachers.append(teacher)
        subjects = {s.name: s for s in await session.scalars(select(group_models.Subject))}
        for name in SUBJECTS:
            subjects[name] = group_models.Subject(name=name)
            session.add(subjects[name])
        await session.flush()

        groups = list(await session.scalars(select(Group).order_by(Group.id)))
        groups_before = len(groups)
        for name, subject, teacher, days, start, end in GROUPS:
            group = Group(
                name=name,
                subject_id=subjects[subject].id,
                teacher_id=teachers[teacher].id,
                days=days,
                start_time=start,
                end_time=end,
                description="Demo group",
            )
            session.add(group)
            groups.append(group)
        await session.flush()

        existing = list(
            await session.scalars(select(User).where(User.role == people_models.Role.STUDENT.value))
        )
        new_students = []
        for i in range(len(existing), STUDENTS_TOTAL):
            first, last = student_name(i)
            student = User(
                username=f"student{i + 1:03d}",
                role=people_models.Role.STUDENT.value,
                first_name=first,
                last_name=last,
                email=f"student{i + 1:03d}@example.com",
                code=f"2024{i + 1:03d}",
                group_id=groups[i % len(groups)].id,
                password_hash=password_hash,
                phone=f"+99890{1000000 + i}",
                parent_phone=f"+99891{1000000 + i}",
                telegram_id=str(500000000 + i) if i % 3 else None,
            )
            session.add(student)
            new_students.append(student)
        await session.flush()
        members: dict[int, list[int]] = {}
        for student in existing + new_students:
            if student.group_id is not None:
                members.setdefault(student.group_id, []).append(student.id)

        attendance = points = homework = 0
        worked: set[tuple[int, date]] = set()
        lessons: dict[int, int] = {}
        for back in range(DAYS_BACK, 0, -1):
            day = today - timedelta(days=back)
            for group in groups:
                if WEEKDAYS[day.weekday()] not in group.days.split(",") or group.start_time is None:
                    continue
                teacher_id = group.teacher_id
                lessons[group.id] = lessons.get(group.id, 0) + 1
                marked_at = _local(day, group.start_time) + timedelta(minutes=5)
                for student_id in members.get(group.id, []):
                    status = rng.choices(["keldi", "kechikdi", "kelmadi"], [8, 1, 1])[0]
                    session.add(
                        academy_models.Attendance(
                            student_id=student_id,
                            group_id=group.id,
                            status=status,
                            date=day,
                            time=marked_at.time().replace(tzinfo=None),
                            marked_by_id=teacher_id,
                            created_at=marked_at,
                            updated_at=marked_at,
                        )
                    )
                    attendance += 1
                    if status != "kelmadi" and rng.random() < 0.3:
                        given_at = marked_at + timedelta(minutes=rng.randrange(30, 100))
                        session.add(
                            academy_models.PointEntry(
                                student_id=student_id,
                                group_id=group.id,
                                score=rng.randrange(50, 101),
                                date=day,
                                given_by_id=teacher_id,
                                created_at=given_at,
                                updated_at=given_at,
                            )
                        )
                        points += 1
                if lessons[group.id] % 3 == 1:  # homework every third lesson
                    added_at = _local(day, group.end_time or group.start_time)
                    session.add(
                        academy_models.Homework(
                            group_id=group.id,
                            text=rng.choice(HOMEWORK),
                            created_by_id=teacher_id,
                            created_at=added_at,
                            updated_at=added_at,
                        )
                    )
                    homework += 1
                if teacher_id is not None and (teacher_id, day) not in worked:
                    worked.add((teacher_id, day))
                    session.add(
                        academy_models.WorkLog(
                            employee_id=teacher_id, date=day, status=True, created_at=marked_at
                        )
                    )
    return (
        f"academy: added {len(groups) - groups_before} groups ({len(groups)} in all), "
        f"{len(new_students)} students ({len(existing) + len(new_students)} in all), "
        f"{attendance} attendance records, {points} point entries, {homework} homework tasks "
        f"and {len(worked)} work logs over the last {DAYS_BACK} days"
    )
