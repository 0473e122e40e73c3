"""Benchmark of the batch lookup (seed 000's headline use), on PostgreSQL and SQLite.

    .venv/bin/python bench/batch.py [--students 2000] [--results 50] [--per-module 5]
                                    [--backends postgresql,sqlite] [--sizes 10,100,500]

For each backend it creates a fresh database (a PostgreSQL database it drops afterwards; a
temporary SQLite file), loads `--students` students with `--results` finished results each
(and analyses the tables, as a live database's statistics would be),
and asks for N students by email: their profile, group, teacher and curator, the latest result
per module and the last `--per-module` per module. Three real server processes (uvicorn) run
side by side on the same machine, behind HTTP:

- floor: bench/floor.py, the same answer, field for field, by three hand-written SQL statements
  straight from the driver (asyncpg / sqlite3), shaped in plain dictionaries, encoded with
  orjson: no framework, no auth;
- graphql-ordinary: `/graphql` with strawberry's ordinary execution (GRAPHQL_PLANNER=false);
- graphql-planned: `/graphql` on the planned executor (schema/planner.py), the default;
- rest: `POST /api/batch/students/latest-test-details/` (latest per module only; its floor
  ratio is taken against the floor without history).

Per case: SQL statements per request (counted in-process with SQLAlchemy events), p50 and p99
latency at one connection (the paths take turns, request by request, so that a busy moment of
a shared machine falls on all of them alike), requests per second at 8 connections, output
fields (JSON leaves) per response and time per field, the ratios to the floor measured in the
same run; per server, its peak memory (VmHWM, resident set high-water mark) over the whole
run, the largest N at 8 connections included.
Nothing here is a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import event, text

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

SECRET = "bench-secret-" + "x" * 40
IGNORED = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE", "SELECT 1")
REPEATS = {10: 60, 100: 30, 500: 25}
CONNECTIONS = 8

GRAPHQL = """
query Batch($emails: [String!]!, $limit: Int, $perModule: Int!) {
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
        history(perModuleLimit: $perModule) {
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


def mix(results: int) -> demo_ielts.Mix:
    """`results` finished results per student, spread over the four modules."""
    listening = reading = round(results * 0.28)
    essays = round(results * 0.24)
    speaking = results - listening - reading - essays
    return demo_ielts.Mix(
        listening=(listening, listening),
        reading=(reading, reading),
        essays=(essays, essays),
        speaking=(speaking, speaking),
        mock=False,
        answers=False,
    )


@dataclass
class Case:
    backend: str
    path: str
    n: int
    statements: float | None
    p50: float
    p99: float
    rps: float
    fields: int
    floor_p50: float
    floor_rps: float

    def cells(self) -> list[str]:
        statements = "-" if self.statements is None else f"{self.statements:g}"
        return [
            self.backend,
            self.path,
            str(self.n),
            statements,
            f"{self.p50 * 1000:.1f}",
            f"{self.p99 * 1000:.1f}",
            f"{self.rps:.1f}",
            str(self.fields),
            f"{self.p50 * 1e6 / max(self.fields, 1):.2f}",
            f"{self.p50 / self.floor_p50:.2f}x" if self.path != "floor" else "1.00x",
            f"{self.floor_rps:.1f}",
        ]


HEADER = [
    "backend",
    "path",
    "N",
    "SQL statements",
    "p50 ms",
    "p99 ms",
    "req/s at 8 conn",
    "output fields",
    "µs per field",
    "p50 / floor p50",
    "floor req/s at 8 conn",
]


def count_fields(value: Any) -> int:
    """JSON leaves: every scalar (null included) in the response."""
    if isinstance(value, dict):
        return sum(count_fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_fields(v) for v in value)
    return 1


async def load(
    services: Services, students: int, results: demo_ielts.Mix
) -> tuple[list[str], dict[str, str]]:
    """The database: staff, two groups, students with their results; returns the emails and
    an admin's Authorization header."""
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
            results,
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


async def analyse(services: Services) -> None:
    """Statistics for the freshly loaded tables, as a live database has them: without it the
    query planner guesses, and autovacuum starts analysing in the middle of the measurements
    (on two cores, a third of the machine for a while)."""
    postgres = services.engine.dialect.name == "postgresql"
    async with services.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("VACUUM ANALYZE" if postgres else "ANALYZE"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """A uvicorn process serving an app; its peak resident memory is read from /proc."""

    def __init__(self, app: str, env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                app,
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{app} exited with {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{app} did not start") from None
                time.sleep(0.2)

    def peak_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


async def latencies(
    jobs: list[tuple[str, str, str, dict[str, Any]]], headers: dict[str, str], repeats: int
) -> tuple[dict[str, list[float]], dict[str, Any]]:
    """One request at a time, the jobs taking turns (A B C, B C A, ...), so that every path
    sees the same moments of a shared machine; returns the samples and a response per job."""
    samples: dict[str, list[float]] = {name: [] for name, _, _, _ in jobs}
    results: dict[str, Any] = {}
    async with httpx.AsyncClient(timeout=300) as client:

        async def one(base: str, path: str, body: dict[str, Any]) -> Any:
            response = await client.post(base + path, json=body, headers=headers)
            assert response.status_code == 200, response.text[:500]
            return response.json()

        for name, base, path, body in jobs:  # warm-up, and the response to count fields of
            results[name] = await one(base, path, body)
            await one(base, path, body)
        for round_ in range(repeats):
            turn = round_ % len(jobs)
            for name, base, path, body in jobs[turn:] + jobs[:turn]:
                started = time.perf_counter()
                await one(base, path, body)
                samples[name].append(time.perf_counter() - started)
    for name, result in results.items():
        if isinstance(result, dict) and "errors" in result:
            raise AssertionError(f"{name}: {str(result['errors'])[:500]}")
    return samples, results


async def throughput(
    base: str, path: str, body: dict[str, Any], headers: dict[str, str], total: int
) -> float:
    """Requests per second with CONNECTIONS requests in flight."""
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as client:
        remaining = total

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                response = await client.post(path, json=body, headers=headers)
                assert response.status_code == 200

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
        return total / (time.perf_counter() - started)


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


async def count_statements(
    services: Services, settings: Settings, headers: dict[str, str], requests: dict[str, Any]
) -> dict[str, int]:
    """SQL statements of one request per path, counted in-process."""
    counter = {"n": 0}

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.lstrip().upper().startswith(IGNORED):
            counter["n"] += 1

    event.listen(services.engine.sync_engine, "before_cursor_execute", on_execute)
    counts: dict[str, int] = {}
    try:
        for planned in (False, True):
            app = create_app(settings.with_overrides(graphql_planner=planned), services)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                for name, (path, body) in requests.items():
                    if name.startswith("graphql") and name.endswith("planned") != planned:
                        continue
                    if name == "rest" and planned:
                        continue
                    await client.post(path, json=body, headers=headers)  # warm
                    counter["n"] = 0
                    response = await client.post(path, json=body, headers=headers)
                    assert response.status_code == 200
                    counts[name] = counter["n"]
    finally:
        event.remove(services.engine.sync_engine, "before_cursor_execute", on_execute)
    return counts


async def run_backend(
    name: str, url: str, floor_url: str, args: argparse.Namespace, workdir: Path
) -> tuple[list[Case], dict[str, float]]:
    print(f"{name}: migrating and loading", flush=True)
    await asyncio.to_thread(migrations.upgrade, url)
    settings = Settings(
        app_env="production",
        database_url=url,
        jwt_secret=SECRET,
        media_root=workdir / "media",
        run_worker=False,
        graphiql=False,
        cors_origins=(),
    )
    services = build_services(settings)
    try:
        started = time.perf_counter()
        emails, headers = await load(services, args.students, mix(args.results))
        await analyse(services)
        print(f"  load took {time.perf_counter() - started:.1f} s", flush=True)
        bodies: dict[int, dict[str, Any]] = {}
        statements: dict[int, dict[str, int]] = {}
        for n in args.sizes:
            asked = emails[:n]
            graphql = {
                "query": GRAPHQL,
                "variables": {"emails": asked, "limit": 500, "perModule": args.per_module},
            }
            rest = {"emails": asked, "limit": 500}
            bodies[n] = {"graphql": graphql, "rest": rest}
            statements[n] = await count_statements(
                services,
                settings,
                headers,
                {
                    "graphql-ordinary": ("/graphql", graphql),
                    "graphql-planned": ("/graphql", graphql),
                    "rest": ("/api/batch/students/latest-test-details/", rest),
                },
            )
    finally:
        await services.engine.dispose()

    env = {
        "DATABASE_URL": url,
        "JWT_SECRET": SECRET,
        "APP_ENV": "production",
        "RUN_WORKER": "false",
        "MEDIA_ROOT": str(workdir / "media"),
    }
    servers = {
        "floor": ServerProcess("bench.floor:app", {"FLOOR_DATABASE_URL": floor_url}),
        "graphql-ordinary": ServerProcess("server:app", {**env, "GRAPHQL_PLANNER": "false"}),
        "graphql-planned": ServerProcess("server:app", {**env, "GRAPHQL_PLANNER": "true"}),
    }
    raw: dict[tuple[str, int], tuple[list[float], float, int]] = {}
    try:
        for n in args.sizes:
            floor, ordinary, planned = (
                servers[k].base for k in ("floor", "graphql-ordinary", "graphql-planned")
            )
            history = {"emails": emails[:n], "perModule": args.per_module}
            jobs = [
                ("floor", floor, "/batch", history),
                ("floor-latest", floor, "/batch", {"emails": emails[:n], "perModule": 0}),
                ("graphql-ordinary", ordinary, "/graphql", bodies[n]["graphql"]),
                ("graphql-planned", planned, "/graphql", bodies[n]["graphql"]),
                ("rest", planned, "/api/batch/students/latest-test-details/", bodies[n]["rest"]),
            ]
            repeats = REPEATS.get(n, 5)
            samples, results = await latencies(jobs, headers, repeats)
            for job, base, path, body in jobs:
                rps = await throughput(
                    base, path, body, headers, CONNECTIONS * max(2, repeats // 2)
                )
                raw[(job, n)] = (samples[job], rps, count_fields(results[job]))
                print(
                    f"  {job} N={n}: p50 {statistics.median(samples[job]) * 1000:.1f} ms, "
                    f"{rps:.1f} req/s at {CONNECTIONS} connections",
                    flush=True,
                )
        memory = {name: server.peak_mb() for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()

    cases = []
    for n in args.sizes:
        for job in ("floor", "graphql-ordinary", "graphql-planned", "rest"):
            samples, rps, fields = raw[(job, n)]
            floor_samples, floor_rps, _ = raw[("floor-latest" if job == "rest" else "floor", n)]
            cases.append(
                Case(
                    backend=name,
                    path=job,
                    n=n,
                    statements=None if job == "floor" else statements[n][job],
                    p50=statistics.median(samples),
                    p99=p99(samples),
                    rps=rps,
                    fields=fields,
                    floor_p50=statistics.median(floor_samples),
                    floor_rps=floor_rps,
                )
            )
    return cases, memory


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
    parser.add_argument("--results", type=int, default=50)
    parser.add_argument("--per-module", type=int, default=5)
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--sizes", default="10,100,500")
    parser.add_argument(
        "--pg-admin-url",
        default=os.environ.get(
            "BENCH_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args()
    args.sizes = [int(n) for n in args.sizes.split(",")]
    if args.students < max(args.sizes):
        parser.error(f"--students must be at least {max(args.sizes)}")
    cases: list[Case] = []
    memory: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="edugraph-bench-") as tmp:
        workdir = Path(tmp)
        for backend in args.backends.split(","):
            if backend == "sqlite":
                path = workdir / "bench.sqlite3"
                found, memory["sqlite"] = await run_backend(
                    "sqlite", f"sqlite+aiosqlite:///{path}", f"sqlite:///{path}", args, workdir
                )
                cases += found
            elif backend == "postgresql":
                name = f"edugraph_bench_{uuid.uuid4().hex[:10]}"
                admin = await asyncpg.connect(args.pg_admin_url)
                await admin.execute(f'CREATE DATABASE "{name}"')
                await admin.close()
                base = args.pg_admin_url.rsplit("/", 1)[0]
                try:
                    found, memory["postgresql"] = await run_backend(
                        "postgresql",
                        base.replace("postgresql://", "postgresql+asyncpg://", 1) + f"/{name}",
                        f"{base}/{name}",
                        args,
                        workdir,
                    )
                    cases += found
                finally:
                    admin = await asyncpg.connect(args.pg_admin_url)
                    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                    await admin.close()
            else:
                parser.error(f"unknown backend {backend!r}")
    print()
    print(
        f"{args.students} students, {args.results} results each, last {args.per_module} per "
        f"module; machine: {machine()}"
    )
    print()
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER))
    for case in cases:
        print("| " + " | ".join(case.cells()) + " |")
    print()
    for backend, peaks in memory.items():
        print(
            f"peak server memory ({backend}, after N={max(args.sizes)} at {CONNECTIONS} "
            "connections): " + ", ".join(f"{k} {v:.0f} MB" for k, v in peaks.items())
        )


if __name__ == "__main__":
    asyncio.run(main())
