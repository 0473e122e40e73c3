"""Demo IELTS center: 500 students with a realistic history in every module (practice listening
and reading sessions with answers, essays with teacher feedback, speaking sessions, a few
diagnostic attempts, a scored mock session each), written with bulk inserts.

`bench/batch.py` uses the same generator for its larger database.
"""

from __future__ import annotations

import io
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select

from auth.passwords import hash_password
from demo.names import IELTS_FIRST_INDEX, student_name
from models import attempts as attempt_models
from models import groups as group_models
from models import ielts as ielts_models
from models import items as item_models
from models import people as people_models
from models.db import SessionMaker, write_session
from resolvers import ielts
from resolvers.assessment.scoring import ielts_bands
from resolvers.context import AppContext

PASSWORD = "demo-password"
STUDENTS = 500
ESSAY_OPENINGS = [
    "The chart illustrates the proportion of",
    "Some people believe that",
    "The graph compares the number of",
    "It is often argued that",
    "In many countries today,",
]
COMMENTS = [
    "Clear position; develop the second body paragraph with an example.",
    "Good range of vocabulary; watch article use.",
    "Overview missing: state the main trend first.",
    "Well organised; vary sentence structures more.",
]


@dataclass(frozen=True)
class Tests:
    listening: list[tuple[int, str]]  # (bank id, title)
    reading: list[tuple[int, str, str]]  # (bank id, title, variant)
    mocks: list[int]


@dataclass(frozen=True)
class Mix:
    """How many finished results each student gets per module (plus one mock session)."""

    listening: tuple[int, int] = (4, 7)
    reading: tuple[int, int] = (4, 7)
    essays: tuple[int, int] = (2, 4)
    speaking: tuple[int, int] = (2, 3)
    mock: bool = True
    answers: bool = True  # store the answers and essay texts too


def _key(rng: random.Random) -> dict[str, list[str]]:
    return {str(i): [rng.choice("ABCD")] for i in range(1, 41)}


async def create_tests(
    sessionmaker: SessionMaker, creator_id: int | None, media: Any = None, *, prefix: str = ""
) -> Tests:
    rng = random.Random(7)
    async with write_session(sessionmaker) as session:
        listening = [
            item_models.QuestionBank(
                kind="IELTS_LISTENING",
                title=f"{prefix}Listening Practice {i:02d}",
                meta={"answer_key": _key(rng)},
                is_published=True,
                created_by_id=creator_id,
            )
            for i in range(1, 7)
        ]
        reading = [
            item_models.QuestionBank(
                kind="IELTS_READING",
                title=f"{prefix}Reading Practice {i:02d}"
                + (" (General Training)" if variant == "GENERAL_TRAINING" else ""),
                meta={"answer_key": _key(rng), "variant": variant},
                is_published=True,
                created_by_id=creator_id,
            )
            for i, variant in enumerate(["ACADEMIC"] * 4 + ["GENERAL_TRAINING"] * 2, start=1)
        ]
        mocks = [
            item_models.QuestionBank(
                kind="MOCK",
                title=f"{prefix}IELTS Mock Test #{i}",
                code=f"{prefix[:2].upper() or 'MK'}{1000 + i}"[:6],
                is_published=True,
                created_by_id=creator_id,
                time_limit_minutes=150,
                meta={},
            )
            for i in (1, 2)
        ]
        session.add_all([*listening, *reading, *mocks])
        await session.flush()
        for mock in mocks:
            files: dict[str, str | None] = {}
            for name, folder, filename, content in (
                ("reading", "tests/reading", "reading.pdf", b"%PDF-1.4\n% demo reading\n"),
                ("writing", "tests/writing", "writing.pdf", b"%PDF-1.4\n% demo writing\n"),
                ("audio", "mock_tests/listening/audio", "audio.mp3", b"ID3demo"),
                ("questions", "mock_tests/listening/questions", "q.pdf", b"%PDF-1.4\n% demo\n"),
            ):
                files[name] = (
                    await media.save(io.BytesIO(content), folder, filename) if media else None
                )
            session.add_all(
                [
                    ielts_models.MockSection(
                        bank_id=mock.id,
                        part="READING",
                        file=files["reading"],
                        duration=60,
                        question_count=40,
                        answer_key=_key(rng),
                    ),
                    ielts_models.MockSection(
                        bank_id=mock.id,
                        part="WRITING",
                        file=files["writing"],
                        duration=60,
                        question_count=2,
                    ),
                    ielts_models.MockSection(
                        bank_id=mock.id,
                        part="LISTENING",
                        audio_file=files["audio"],
                        question_file=files["questions"],
                        duration=30,
                        question_count=40,
                        answer_key=_key(rng),
                    ),
                ]
            )
    return Tests(
        [(b.id, b.title) for b in listening],
        [(b.id, b.title, b.meta["variant"]) for b in reading],
        [m.id for m in mocks],
    )


async def create_students(
    sessionmaker: SessionMaker,
    n: int,
    *,
    prefix: str,
    group_ids: Sequence[int],
    curator_id: int | None,
    password_hash: str | None,
) -> list[int]:
    named = [student_name(IELTS_FIRST_INDEX + i) for i in range(n)]
    rows = [
        {
            "username": f"{prefix}{i:04d}",
            "role": "STUDENT",
            "first_name": named[i - 1][0],
            "last_name": named[i - 1][1],
            "email": f"{prefix}{i:04d}@example.com",
            "code": f"{prefix.upper()}-{i:04d}",
            "status": "Active" if i % 25 else "Inactive",
            "group_id": group_ids[i % len(group_ids)] if group_ids else None,
            "curator_id": curator_id,
            "password_hash": password_hash,
            "is_active": True,
        }
        for i in range(1, n + 1)
    ]
    User = people_models.User
    async with write_session(sessionmaker) as session:
        await session.execute(insert(User.__table__), rows)
        found = dict(
            (
                await session.execute(
                    select(User.username, User.id).where(User.username.like(f"{prefix}%"))
                )
            ).all()
        )
    return [found[row["username"]] for row in rows]


def _half(value: float) -> Decimal:
    return Decimal(max(0.0, min(9.0, round(value * 2) / 2))).quantize(Decimal("0.1"))


def _raw_for(rng: random.Random, band: Decimal, table: list[tuple[int, Decimal]]) -> int:
    """A raw score whose converted band is close to `band`."""
    candidates = [
        raw for raw in range(41) if abs(ielts_bands.band_for_raw(raw, table) - band) <= 0.5
    ]
    return rng.choice(candidates) if candidates else 20


async def create_history(
    sessionmaker: SessionMaker,
    student_ids: Sequence[int],
    tests: Tests,
    now: datetime,
    mix: Mix = Mix(),
    *,
    seed: int = 2026,
    grader_id: int | None = None,
) -> int:
    """Finished results for every student, spread over the last 120 days, bands drifting up
    from each student's level. Returns the number of attempts written."""
    rng = random.Random(seed)
    attempts: list[dict[str, Any]] = []
    answers: list[tuple[int, str, Any]] = []  # (attempt index, slot, answer)
    mock_sessions: list[tuple[int, dict[str, Decimal]]] = []  # (attempt index, bands)

    def add(row: dict[str, Any]) -> int:
        attempts.append(row)
        return len(attempts) - 1

    for sid in student_ids:
        level = rng.uniform(4.5, 7.0)
        counts = {
            "LISTENING": rng.randint(*mix.listening),
            "READING": rng.randint(*mix.reading),
            "WRITING": rng.randint(*mix.essays),
            "SPEAKING": rng.randint(*mix.speaking),
        }
        total = sum(counts.values())
        moments = sorted(now - timedelta(days=rng.uniform(1, 120)) for _ in range(total))
        order = [m for m, c in counts.items() for _ in range(c)]
        rng.shuffle(order)
        for position, (module, started) in enumerate(zip(order, moments, strict=True)):
            progress = position / max(total - 1, 1)
            band = _half(level + progress * 1.0 + rng.uniform(-0.5, 0.5))
            diagnostic = position == 0 or rng.random() < 0.03
            row: dict[str, Any] = {
                "uuid": uuid.UUID(int=rng.getrandbits(128), version=4),
                "kind": module,
                "user_id": sid,
                "status": "COMPLETED",
                "started_at": started,
                "finished_at": started + timedelta(minutes=rng.randint(20, 60)),
                "diagnostic": diagnostic,
                "source_system": "ielts",
                "band": band,
                "meta": {},
                "result": None,
            }
            if module in ("LISTENING", "READING"):
                if module == "LISTENING":
                    bank_id, _ = rng.choice(tests.listening)
                    table = ielts_bands.LISTENING_TABLE
                else:
                    bank_id, _, variant = rng.choice(tests.reading)
                    table = ielts_bands.published_table("READING", variant)
                raw = _raw_for(rng, band, table)
                row.update(
                    bank_id=bank_id,
                    raw_score=Decimal(raw),
                    max_score=Decimal(40),
                    band=ielts_bands.band_for_raw(raw, table),
                )
                index = add(row)
                if mix.answers:
                    if module == "LISTENING":
                        given: Any = [
                            {
                                "question_id": str(q),
                                "answer": rng.choice("ABCD"),
                                "flagged": rng.random() < 0.05,
                            }
                            for q in range(1, 41)
                        ]
                    else:
                        given = {str(q): rng.choice("ABCD") for q in range(1, 41)}
                    answers.append((index, module.lower(), given))
            elif module == "WRITING":
                task = rng.choice(["task1", "task2"])
                published = rng.random() < 0.85
                row["meta"] = {"task_type": task}
                row["result"] = {
                    "teacher_feedback": {
                        "published": published,
                        "overall_score": str(band),
                        "criteria": {
                            name: str(_half(float(band) + rng.uniform(-0.5, 0.5)))
                            for name in ielts.ESSAY_CRITERIA
                        },
                        "comment": rng.choice(COMMENTS),
                        "graded_by": grader_id,
                    }
                }
                row["is_checked"] = True
                row["checked_by_id"] = grader_id
                index = add(row)
                if mix.answers:
                    text = f"{rng.choice(ESSAY_OPENINGS)} ... ({rng.randint(250, 320)} words)"
                    answers.append((index, f"writing:{task[-1]}", text))
            else:
                row["result"] = {"comment": "Fluent; extend answers in part 3."}
                index = add(row)
        if mix.mock and tests.mocks:
            started = now - timedelta(days=rng.uniform(1, 30))
            bands = {m: _half(level + 0.8 + rng.uniform(-0.5, 0.5)) for m in ielts.SCORE_FIELDS}
            index = add(
                {
                    "kind": "MOCK",
                    "uuid": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "user_id": sid,
                    "bank_id": rng.choice(tests.mocks),
                    "status": "COMPLETED",
                    "started_at": started,
                    "deadline": started + timedelta(minutes=150),
                    "finished_at": started + timedelta(minutes=rng.randint(120, 150)),
                    "diagnostic": False,
                    "source_system": "academy",
                    "meta": {},
                    "result": None,
                }
            )
            mock_sessions.append((index, bands))

    Attempt = attempt_models.Attempt
    async with write_session(sessionmaker) as session:
        ids = await _insert_returning_ids(session, attempts)
        derived: list[dict[str, Any]] = []
        scores: list[dict[str, Any]] = []
        for index, bands in mock_sessions:
            mock = attempts[index]
            scores.append(
                {
                    "attempt_id": ids[index],
                    **bands,
                    "overall": ielts_bands.overall_band(bands.values()),
                    "created_by_id": grader_id,
                }
            )
            # the scored session's parts count as module results (see resolvers/ielts.py)
            for module in ielts.MODULES:
                band = bands[module.value.lower()]
                derived.append(
                    {
                        "kind": module.value,
                        "uuid": ielts.mock_result_uuid(mock["uuid"], module.value),
                        "user_id": mock["user_id"],
                        "bank_id": mock["bank_id"],
                        "status": "COMPLETED",
                        "started_at": mock["started_at"],
                        "finished_at": mock["finished_at"],
                        "diagnostic": False,
                        "source_system": "mock",
                        "band": band,
                        "meta": {
                            "mock_attempt_id": ids[index],
                            "mock_session": str(mock["uuid"]),
                            **({"task_type": "mock"} if module == "WRITING" else {}),
                        },
                        "result": {
                            "teacher_feedback": {"published": True, "overall_score": str(band)}
                        }
                        if module == "WRITING"
                        else None,
                    }
                )
        if scores:
            await session.execute(insert(attempt_models.BandScore.__table__), scores)
        if derived:
            await session.execute(insert(Attempt.__table__), derived)
        if answers:
            await session.execute(
                insert(attempt_models.Response.__table__),
                [
                    {"attempt_id": ids[index], "slot": slot, "answer": given}
                    for index, slot, given in answers
                ],
            )
    return len(attempts) + len(derived)


async def _insert_returning_ids(session: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert in big batches, then read the ids back by UUID (faster than RETURNING here)."""
    Attempt = attempt_models.Attempt
    # Rows differ in which keys they carry; give every row every key so one statement fits.
    keys = sorted({k for row in rows for k in row})
    full = [{k: row.get(k, _DEFAULTS.get(k)) for k in keys} for row in rows]
    for start in range(0, len(full), 5000):
        await session.execute(insert(Attempt.__table__), full[start : start + 5000])
    by_uuid: dict[uuid.UUID, int] = {}
    wanted = [row["uuid"] for row in rows]
    for start in range(0, len(wanted), 5000):
        found = await session.execute(
            select(Attempt.uuid, Attempt.id).where(Attempt.uuid.in_(wanted[start : start + 5000]))
        )
        by_uuid.update({key: id_ for key, id_ in found})
    return [by_uuid[key] for key in wanted]


_DEFAULTS: dict[str, Any] = {
    "is_checked": False,
    "meta": {},
    "diagnostic": False,
}


async def seed(ctx: AppContext) -> str:
    User = people_models.User
    sessionmaker = ctx.sessionmaker
    async with write_session(sessionmaker) as session:
        if await session.scalar(select(User.id).where(User.username == "ielts0001")):
            return ""
        staff = {
            u.role: u
            for u in await session.scalars(
                select(User).where(User.username.in_(["teacher.demo", "curator.demo"]))
            )
        }
        groups = list(
            await session.scalars(
                select(group_models.Group.id).where(group_models.Group.name.like("IELTS%"))
            )
        )
    teacher = staff.get("TEACHER")
    curator = staff.get("CURATOR")
    tests = await create_tests(sessionmaker, teacher.id if teacher else None, ctx.services.media)
    students = await create_students(
        sessionmaker,
        STUDENTS,
        prefix="ielts",
        group_ids=groups,
        curator_id=curator.id if curator else None,
        password_hash=hash_password(PASSWORD),
    )
    written = await create_history(
        sessionmaker, students, tests, ctx.now(), grader_id=teacher.id if teacher else None
    )
    return (
        f"IELTS: added {len(students)} students (ielts0001@example.com ...), "
        f"{written} results, {len(tests.listening) + len(tests.reading)} practice tests, "
        f"{len(tests.mocks)} mock tests (codes MK1001, MK1002)"
    )
