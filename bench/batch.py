"""Benchmark of the batch lookup (seed 000's headline use), on SQLite and PostgreSQL.

    .venv/bin/python bench/batch.py [--students 2000] [--backends sqlite,postgresql]

For each backend it creates a fresh database (a temporary SQLite file; a PostgreSQL database
it creates and drops), loads `--students` students with 50 finished results each (bulk
inserts), then asks, for N = 10, 100 and 500 emails:

- GraphQL: `studentsByEmail` with the profile, group, teacher, curator, the latest result per
  module and the last 10 per module;
- REST: `POST /api/batch/students/latest-test-details/`.

Requests go through the real ASGI app in-process (httpx, no network), authenticated with the
server's own JWT. Per case it prints SQL statements per request, p50 and p99 latency, the peak
of Python memory during one request (tracemalloc), output fields (JSON leaves) per response,
time per output field, and the ratio of p50 to a floor measured in the same run: the same data
fetched with one hand-written SQL statement per module (plus one for the profiles) and encoded
with orjson.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson
from sqlalchemy import bindparam, event, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import migrations  # noqa: E402
from auth import tokens  # noqa: E402
from demo import ielts as demo_ielts  # noqa: E402
from models import groups as group_models  # noqa: E402
from models.db import write_session  # noqa: E402
from models.people import AuthSession, Role, User  # noqa: E402
from resolvers.context import Services  # noqa: E402
from server import build_services, create_app  # noqa: E402
from settings import Settings  # noqa: E402

SIZES = (10, 100, 500)
REPEATS = {10: 20, 100: 8, 500: 3}
PER_MODULE = 10
IGNORED = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE", "SELECT 1")
MIX = demo_ielts.Mix(
    listening=(14, 14),
    reading=(14, 14),
    essays=(12, 12),
    speaking=(10, 10),
    mock=False,
    answers=False,
)  # 50 results per student

GRAPHQL = """
query($emails: [String!]!, $limit: Int) {
  studentsByEmail(emails: $emails, limit: $limit) {
    email error
    student {
      fullName firstName lastName studentId email status
      group { name teacher { fullName } }
      curator { code }
      ielts {
        latest {
          listening { databaseId testTitle completedAt rawScore bandScore submitted }
          reading { databaseId testTitle endTime rawScore bandScore completed }
          writing { databaseId taskType submittedAt overallBand
                    teacherFeedback { published teacherOverallScore } }
          speaking { databaseId conductedAt overallBandScore completed }
          overallBandApprox
        }
        history(perModuleLimit: 10) {
          listening { databaseId testTitle completedAt rawScore bandScore }
          reading { databaseId testTitle endTime rawScore bandScore }
          essays { databaseId taskType submittedAt overallBand }
          speaking { databaseId conductedAt overallBandScore }
        }
      }
    }
  }
}
"""

PROFILE_SQL = text(
    """
    SELECT u.id, u.email, u.first_name, u.last_name, u.code, u.status, g.name AS group_name,
           t.first_name AS t_first, t.last_name AS t_last, c.code AS curator_code
    FROM "user" u
    LEFT JOIN "group" g ON g.id = u.group_id
    LEFT JOIN "user" t ON t.id = g.teacher_id
    LEFT JOIN "user" c ON c.id = u.curator_id
    WHERE lower(u.email) IN :emails AND u.role = 'STUDENT'
    """
).bindparams(bindparam("emails", expanding=True))

MODULE_SQL = text(
    """
    SELECT * FROM (
        SELECT a.id, a.user_id, a.bank_id, a.started_at, a.finished_at, a.raw_score, a.band,
               a.meta, a.result, b.title,
               row_number() OVER (PARTITION BY a.user_id
                                  ORDER BY a.finished_at DESC, a.id DESC) AS rank
        FROM attempt a LEFT JOIN question_bank b ON b.id = a.bank_id
        WHERE a.user_id IN :ids AND a.kind = :kind AND a.finished_at IS NOT NULL
          AND a.diagnostic = :diagnostic
    ) ranked WHERE rank <= :n ORDER BY user_id, rank
    """
).bindparams(bindparam("ids", expanding=True))


@dataclass
class Case:
    backend: str
    face: str
    n: int
    statements: float
    p50: float
    p99: float
    peak_mb: float
    fields: int
    floor_p50: float

    @property
    def per_field_us(self) -> float:
        return self.p50 * 1e6 / max(self.fields, 1)

    @property
    def ratio(self) -> float:
        return self.p50 / self.floor_p50 if self.floor_p50 else float("nan")


def count_fields(value: Any) -> int:
    """JSON leaves: every scalar (null included) in the response."""
    if isinstance(value, dict):
        return sum(count_fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_fields(v) for v in value)
    return 1


async def load(services: Services, students: int) -> tuple[list[str], dict[str, str]]:
    """The database: staff, two groups, students with 50 results each; returns the emails
    and an admin's Authorization header."""
    sessionmaker = services.sessionmaker
    async with write_session(sessionmaker) as session:
        admin = User(username="bench.admin", role=Role.ADMIN.value, email="admin@bench")
        teacher = User(username="bench.teacher", role="TEACHER", first_name="John", last_name="Doe")
        curator = User(username="bench.curator", role="CURATOR", code="CUR-12")
        session.add_all([admin, teacher, curator])
        await session.flush()
        groups = [
            group_models.Group(name=f"IELTS Evening A{i}", teacher_id=teacher.id) for i in (1, 2)
        ]
        session.add_all(groups)
        await session.flush()
        login = AuthSession(user_id=admin.id, created_at=datetime.now(UTC))
        session.add(login)
        await session.flush()
        ids = (admin.id, login.id, teacher.id, curator.id, [g.id for g in groups])
    admin_id, login_id, teacher_id, curator_id, group_ids = ids
    tests = await demo_ielts.create_tests(sessionmaker, teacher_id, prefix="Bench ")
    student_ids = await demo_ielts.create_students(
        sessionmaker,
        students,
        prefix="bench",
        group_ids=group_ids,
        curator_id=curator_id,
        password_hash=None,
    )
    written = 0
    for start in range(0, len(student_ids), 500):
        written += await demo_ielts.create_history(
            sessionmaker,
            student_ids[start : start + 500],
            tests,
            datetime.now(UTC),
            MIX,
            seed=start,
            grader_id=teacher_id,
        )
    print(f"  loaded {len(student_ids)} students, {written} results", flush=True)
    access = tokens.issue(
        services.tokens,
        token_type="access",
        user_id=admin_id,
        role="ADMIN",
        session_id=login_id,
        now=datetime.now(UTC),
    )
    emails = [f"bench{i:04d}@example.com" for i in range(1, students + 1)]
    return emails, {"Authorization": f"Bearer {access.token}"}


async def floor_request(services: Services, emails: list[str], history: bool) -> bytes:
    """The same data the faces return, by hand: one statement for the profiles and one per
    module, encoded with orjson."""
    n = PER_MODULE if history else 1
    async with services.engine.connect() as conn:
        profiles = (await conn.execute(PROFILE_SQL, {"emails": [e.lower() for e in emails]})).all()
        ids = [p.id for p in profiles]
        modules = {}
        for kind in ("LISTENING", "READING", "WRITING", "SPEAKING"):
            rows = (
                await conn.execute(
                    MODULE_SQL, {"ids": ids, "kind": kind, "diagnostic": False, "n": n}
                )
            ).all()
            grouped: dict[int, list[dict[str, Any]]] = {}
            for r in rows:
                grouped.setdefault(r.user_id, []).append(
                    {
                        "id": r.id,
                        "testId": r.bank_id,
                        "testTitle": r.title,
                        "at": r.finished_at,
                        "rawScore": r.raw_score / 100 if r.raw_score is not None else None,
                        "band": r.band / 10 if r.band is not None else None,
                        "meta": r.meta,
                        "result": r.result,
                    }
                )
            modules[kind] = grouped
    by_email = {(p.email or "").lower(): p for p in profiles}
    results = []
    for email in emails:
        p = by_email.get(email.lower())
        if p is None:
            results.append({"email": email, "error": "Student not found"})
            continue
        data: dict[str, Any] = {
            "fullName": f"{p.first_name} {p.last_name}",
            "studentId": p.code,
            "group": p.group_name,
            "teacher": f"{p.t_first} {p.t_last}",
            "curatorId": p.curator_code,
            "status": p.status,
        }
        for kind, grouped in modules.items():
            found = grouped.get(p.id, [])
            data[kind] = found if history else (found[0] if found else None)
        results.append({"email": email, "data": data})
    return orjson.dumps({"results": results})


async def timed(fn: Callable[[], Awaitable[Any]], repeats: int) -> tuple[list[float], Any]:
    await fn()  # warm: caches, parsed documents, connections
    samples = []
    out = None
    for _ in range(repeats):
        started = time.perf_counter()
        out = await fn()
        samples.append(time.perf_counter() - started)
    return samples, out


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


async def peak_memory(fn: Callable[[], Awaitable[Any]]) -> float:
    tracemalloc.start()
    try:
        await fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


async def run_backend(name: str, url: str, students: int, workdir: Path) -> list[Case]:
    print(f"{name}: migrating and loading", flush=True)
    await asyncio.to_thread(migrations.upgrade, url)
    settings = Settings(
        app_env="test",
        database_url=url,
        jwt_secret="bench-secret-" + "x" * 40,
        media_root=workdir / "media",
        run_worker=False,
    )
    services = build_services(settings)
    try:
        started = time.perf_counter()
        emails, headers = await load(services, students)
        print(f"  load took {time.perf_counter() - started:.1f} s", flush=True)
        app = create_app(settings, services)
        counter = {"n": 0}

        def on_execute(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
            # as the tests count: transaction control is not a statement of the request
            if not statement.lstrip().upper().startswith(IGNORED):
                counter["n"] += 1

        event.listen(services.engine.sync_engine, "before_cursor_execute", on_execute)
        cases = []
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench"
        ) as client:
            for n in SIZES:
                asked = emails[:n]

                async def graphql(asked: list[str] = asked) -> dict[str, Any]:
                    response = await client.post(
                        "/graphql",
                        json={"query": GRAPHQL, "variables": {"emails": asked, "limit": 500}},
                        headers=headers,
                    )
                    body = response.json()
                    assert "errors" not in body, body["errors"]
                    return dict(body)

                async def rest(asked: list[str] = asked) -> dict[str, Any]:
                    response = await client.post(
                        "/api/batch/students/latest-test-details/",
                        json={"emails": asked, "limit": 500},
                        headers=headers,
                    )
                    assert response.status_code == 200, response.text
                    return dict(response.json())

                for face, fn, history in (("graphql", graphql, True), ("rest", rest, False)):

                    async def floor(asked: list[str] = asked, history: bool = history) -> bytes:
                        return await floor_request(services, asked, history)

                    floor_samples, _ = await timed(floor, REPEATS[n])
                    counter["n"] = 0
                    samples, body = await timed(fn, REPEATS[n])
                    statements = counter["n"] / (REPEATS[n] + 1)
                    case = Case(
                        backend=name,
                        face=face,
                        n=n,
                        statements=statements,
                        p50=statistics.median(samples),
                        p99=p99(samples),
                        peak_mb=await peak_memory(fn),
                        fields=count_fields(body),
                        floor_p50=statistics.median(floor_samples),
                    )
                    print("  " + row(case), flush=True)
                    cases.append(case)
        return cases
    finally:
        await services.engine.dispose()


HEADER = (
    "| backend | face | N | SQL statements | p50 ms | p99 ms | peak MB | output fields "
    "| µs per field | floor p50 ms | ratio to floor |"
)


def row(c: Case) -> str:
    return (
        f"| {c.backend} | {c.face} | {c.n} | {c.statements:g} | {c.p50 * 1000:.1f} "
        f"| {c.p99 * 1000:.1f} | {c.peak_mb:.1f} | {c.fields} | {c.per_field_us:.2f} "
        f"| {c.floor_p50 * 1000:.1f} | {c.ratio:.1f}x |"
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import sqlite3

    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--pg-admin-url",
        default=os.environ.get(
            "BENCH_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args()
    if args.students < max(SIZES):
        parser.error(f"--students must be at least {max(SIZES)}")
    cases: list[Case] = []
    with tempfile.TemporaryDirectory(prefix="edugraph-bench-") as tmp:
        workdir = Path(tmp)
        for backend in args.backends.split(","):
            if backend == "sqlite":
                url = f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}"
                cases += await run_backend("sqlite", url, args.students, workdir)
            elif backend == "postgresql":
                name = f"edugraph_bench_{uuid.uuid4().hex[:10]}"
                admin = await asyncpg.connect(args.pg_admin_url)
                await admin.execute(f'CREATE DATABASE "{name}"')
                await admin.close()
                base = args.pg_admin_url.rsplit("/", 1)[0]
                url = base.replace("postgresql://", "postgresql+asyncpg://", 1) + f"/{name}"
                try:
                    cases += await run_backend("postgresql", url, args.students, workdir)
                finally:
                    admin = await asyncpg.connect(args.pg_admin_url)
                    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                    await admin.close()
            else:
                parser.error(f"unknown backend {backend!r}")
    print()
    print(f"{args.students} students, 50 results each; machine: {machine()}")
    print()
    print(HEADER)
    print("|" + "---|" * 11)
    for case in cases:
        print(row(case))


if __name__ == "__main__":
    asyncio.run(main())
