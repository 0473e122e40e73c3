"""Soak: a mixed load held for a set time against PostgreSQL, several server processes and the
separate worker; prints errors, latency per kind of request and each process's memory over time.

    .venv/bin/python bench/soak.py [--seconds 300] [--servers 2] [--connections 8]
                                   [--students 300] [--sample-every 30]

It creates a fresh PostgreSQL database (dropped afterwards), loads `--students` students with
IELTS results (and an admin, a curator and a teacher who log in with passwords), and starts
`--servers` uvicorn processes (`RUN_WORKER=false`) and one `python server.py worker`, which
delivers the load's Telegram messages to a local stand-in for the Bot API. `--connections`
clients then take turns over the servers (round robin, as a load balancer would) for
`--seconds`, each request drawn from this mix:

- frontend (45%): a named GraphQL query as a page would ask it: the viewer, a page of groups
  with their teacher and student count, a page of students;
- batch (25%): 20 students by email, on the IELTS batch dialect or GraphQL `studentsByEmail`;
- write (20%): a subject created and renamed, or a Telegram message to 3 students (GraphQL);
- login (10%): a password login, on the academy dialect or `tokenCreate`.

Every answer is checked (status 200, no GraphQL `errors`); anything else is an error, printed.
Memory is each process's resident set (VmRSS), sampled every `--sample-every` seconds; at the
end, the growth from the first sample after warm-up to the last. Requests loop for a bounded
time against 127.0.0.1 only. Nothing here is a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import func, select, update

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import batch as batch_bench  # noqa: E402

import migrations  # noqa: E402
from auth.passwords import hash_password  # noqa: E402
from models.db import read_session, write_session  # noqa: E402
from models.messaging import Outbox  # noqa: E402
from models.people import User  # noqa: E402
from schema.common.node import encode_global_id  # noqa: E402
from server import build_services  # noqa: E402
from settings import Settings  # noqa: E402
from tests.messaging.fake_telegram import FakeTelegram  # noqa: E402

PASSWORD = "soak-password"
FRONTEND = [
    "query Viewer { viewer { username fullName role } }",
    """query Groups { groups(first: 20) { totalCount nodes { name studentsCount
        teacher { fullName } subject { name } } } }""",
    """query Students { students(first: 50) { totalCount
        nodes { fullName email group { name } } } }""",
]
BATCH_GRAPHQL = """query Batch($emails: [String!]!) { studentsByEmail(emails: $emails) {
    email error student { fullName ielts { latest { overallBandApprox
      listening { bandScore completedAt } reading { bandScore endTime } } } } } }"""
SUBJECT_CREATE = """mutation SubjectCreate($name: String!) {
    subjectCreate(input: {name: $name}) { subject { id } userErrors { code message } } }"""
SUBJECT_UPDATE = """mutation SubjectUpdate($id: ID!, $name: String!) {
    subjectUpdate(input: {id: $id, name: $name}) { subject { name } userErrors { code } } }"""
MESSAGE_SEND = """mutation MessageSend($text: String!, $to: [ID!]!) {
    messageSend(input: {text: $text, recipientIds: $to}) {
      message { databaseId } userErrors { code message } } }"""
TOKEN_CREATE = """mutation LogIn($u: String!, $p: String!) {
    tokenCreate(input: {username: $u, password: $p}) { accessToken userErrors { code } } }"""


class Load:
    def __init__(self, bases: list[str], emails: list[str], students: list[str], token: str):
        self.bases = bases
        self.emails = emails
        self.students = students  # global IDs of students on Telegram
        self.admin = {"Authorization": f"Bearer {token}"}
        self.turn = 0
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.messages = 0

    def base(self) -> str:
        self.turn += 1
        return self.bases[self.turn % len(self.bases)]

    async def graphql(
        self, client: httpx.AsyncClient, kind: str, query: str, variables: dict[str, Any]
    ) -> dict[str, Any]:
        body = {"query": query, "variables": variables}
        response = await self.timed(
            kind, client.post(f"{self.base()}/graphql", json=body, headers=self.admin)
        )
        data = response.json() if response.status_code == 200 else {}
        if response.status_code != 200 or data.get("errors"):
            self.errors.append(f"{kind} {response.status_code} {response.text[:200]}")
        return dict(data.get("data") or {})

    async def timed(self, kind: str, request: Any) -> httpx.Response:
        started = time.perf_counter()
        response: httpx.Response = await request
        self.latency[kind].append(time.perf_counter() - started)
        return response

    async def rest(
        self,
        client: httpx.AsyncClient,
        kind: str,
        path: str,
        body: dict[str, Any],
        headers: dict[str, str],
    ) -> dict[str, Any]:
        response = await self.timed(
            kind, client.post(f"{self.base()}{path}", json=body, headers=headers)
        )
        if response.status_code != 200:
            self.errors.append(f"{kind} {path} {response.status_code} {response.text[:200]}")
            return {}
        return dict(response.json())

    async def one(self, client: httpx.AsyncClient, rng: random.Random) -> None:
        roll = rng.random()
        if roll < 0.45:
            await self.graphql(client, "frontend", rng.choice(FRONTEND), {})
        elif roll < 0.70:
            emails = rng.sample(self.emails, 20)
            if rng.random() < 0.5:
                await self.rest(
                    client,
                    "batch",
                    "/api/batch/students/latest-test-details/",
                    {"emails": emails},
                    self.admin,
                )
            else:
                await self.graphql(client, "batch", BATCH_GRAPHQL, {"emails": emails})
        elif roll < 0.90:
            if rng.random() < 0.5:
                name = f"Soak {uuid.uuid4().hex[:12]}"
                made = await self.graphql(client, "write", SUBJECT_CREATE, {"name": name})
                subject = (made.get("subjectCreate") or {}).get("subject")
                if subject:
                    await self.graphql(
                        client, "write", SUBJECT_UPDATE, {"id": subject["id"], "name": name + "!"}
                    )
            else:
                to = rng.sample(self.students, 3)
                sent = await self.graphql(client, "write", MESSAGE_SEND, {"text": "Soak", "to": to})
                if (sent.get("messageSend") or {}).get("message"):
                    self.messages += 1
        else:
            user = rng.choice(["soak.admin", "soak.curator", "soak.teacher"])
            if rng.random() < 0.5:
                await self.rest(
                    client, "login", "/api/v1/login/", {"username": user, "password": PASSWORD}, {}
                )
            else:
                await self.graphql(client, "login", TOKEN_CREATE, {"u": user, "p": PASSWORD})


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def prepare(url: str, students: int) -> tuple[list[str], list[str], str]:
    await asyncio.to_thread(migrations.upgrade, url)
    settings = Settings(app_env="production", database_url=url, jwt_secret=batch_bench.SECRET)
    services = build_services(settings)
    try:
        emails, headers = await batch_bench.load(services, students, batch_bench.mix(20))
        async with write_session(services.sessionmaker) as session:
            password = hash_password(PASSWORD)
            for username, role in (
                ("soak.admin", "ADMIN"),
                ("soak.curator", "CURATOR"),
                ("soak.teacher", "TEACHER"),
            ):
                session.add(User(username=username, role=role, password_hash=password))
            # a third of the students are on Telegram
            await session.execute(
                update(User)
                .where(User.username.like("bench%"), User.id % 3 == 0)
                .values(telegram_id=User.id + 500000000)
            )
        async with read_session(services.sessionmaker) as session:
            ids = (
                await session.scalars(select(User.id).where(User.telegram_id.is_not(None)))
            ).all()
        await batch_bench.analyse(services)
    finally:
        await services.engine.dispose()
    token = headers["Authorization"].split(" ", 1)[1]
    return emails, [encode_global_id("Student", i) for i in ids], token


async def outbox_state(url: str) -> tuple[int, int, int]:
    services = build_services(
        Settings(app_env="production", database_url=url, jwt_secret=batch_bench.SECRET)
    )
    try:
        async with read_session(services.sessionmaker) as session:
            row = (
                await session.execute(
                    select(
                        func.count(),
                        func.count(Outbox.delivered_at),
                        func.count(Outbox.failed_at),
                    )
                )
            ).one()
        return int(row[0]), int(row[1]), int(row[2])
    finally:
        await services.engine.dispose()


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """`python server.py worker`: the outbox's deliveries, outside the servers."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "server.py"), "worker"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=tempfile.TemporaryFile(),
        stderr=subprocess.STDOUT,
    )


async def run(args: argparse.Namespace, url: str) -> None:
    print(f"{batch_bench.machine()}; PostgreSQL", flush=True)
    print(f"loading {args.students} students ...", flush=True)
    emails, students, token = await prepare(url, args.students)
    telegram = FakeTelegram().start()
    env = {
        "DATABASE_URL": url,
        "APP_ENV": "production",
        "JWT_SECRET": batch_bench.SECRET,
        "RUN_WORKER": "false",
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "TELEGRAM_API_BASE": telegram.base_url,
        "LOG_LEVEL": "WARNING",
    }
    servers = [batch_bench.ServerProcess("server:app", env) for _ in range(args.servers)]
    worker = start_worker(env)
    processes = {f"server {i + 1}": s.process.pid for i, s in enumerate(servers)}
    processes["worker"] = worker.pid
    memory: dict[str, list[tuple[float, float]]] = {name: [] for name in processes}
    load = Load([s.base for s in servers], emails, students, token)
    started = time.monotonic()
    deadline = started + args.seconds

    async def client_loop(seed: int) -> None:
        rng = random.Random(seed)
        # Idle connections are dropped before uvicorn's keep-alive (5 s) closes them: a request
        # sent on a connection the server is closing at that moment fails, as behind any
        # balancer whose idle timeout outlives the server's.
        limits = httpx.Limits(keepalive_expiry=2)
        async with httpx.AsyncClient(timeout=60, limits=limits) as client:
            while time.monotonic() < deadline:
                try:
                    await load.one(client, rng)
                except httpx.HTTPError as exc:
                    load.errors.append(f"transport {type(exc).__name__}: {exc}")

    async def sampler() -> None:
        while True:
            elapsed = time.monotonic() - started
            for name, pid in processes.items():
                memory[name].append((elapsed, rss_mb(pid)))
            if elapsed >= args.seconds:
                return
            await asyncio.sleep(min(args.sample_every, max(0.0, deadline - time.monotonic())))

    try:
        await asyncio.gather(sampler(), *(client_loop(i) for i in range(args.connections)))
        # let the worker finish what the load left, then look at the outbox
        await asyncio.sleep(5)
        total, delivered, failed = await outbox_state(url)
    finally:
        for server in servers:
            server.stop()
        worker.terminate()
        worker.wait(timeout=30)
        telegram.stop()
    print_report(args, load, memory, (total, delivered, failed), time.monotonic() - started)


def print_report(
    args: argparse.Namespace,
    load: Load,
    memory: dict[str, list[tuple[float, float]]],
    outbox: tuple[int, int, int],
    elapsed: float,
) -> None:
    requests = sum(len(v) for v in load.latency.values())
    print(
        f"\n{args.seconds} s, {args.servers} server processes + 1 worker, "
        f"{args.connections} connections, {args.students} students"
    )
    print(f"requests: {requests} ({requests / args.seconds:.1f}/s), errors: {len(load.errors)}")
    for error in load.errors[:10]:
        print(f"  error: {error}")
    print("\n| kind | requests | p50 ms | p99 ms |\n|---|---|---|---|")
    for kind in ("frontend", "batch", "write", "login"):
        samples = load.latency.get(kind, [])
        if samples:
            print(
                f"| {kind} | {len(samples)} | {statistics.median(samples) * 1000:.1f} "
                f"| {percentile(samples, 0.99):.1f} |"
            )
    every = [s for v in load.latency.values() for s in v]
    print(
        f"| all | {len(every)} | {statistics.median(every) * 1000:.1f} "
        f"| {percentile(every, 0.99):.1f} |"
    )
    total, delivered, failed = outbox
    print(
        f"\nTelegram messages sent: {load.messages}; outbox rows: {total}, delivered {delivered}, "
        f"failed {failed}, pending {total - delivered - failed}"
    )
    times = [t for t, _ in next(iter(memory.values()))]
    header = " | ".join(f"{t:.0f} s" for t in times)
    print(f"\nresident memory, MB\n| process | {header} | growth after warm-up |")
    print("|---|" + "---|" * (len(times) + 1))
    for name, readings in memory.items():
        values = [mb for _, mb in readings]
        # the first sample is before any load: warm-up ends at the second
        base = values[1] if len(values) > 2 else values[0]
        cells = " | ".join(f"{mb:.0f}" for mb in values)
        print(f"| {name} | {cells} | {values[-1] - base:+.0f} |")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--sample-every", type=float, default=30)
    parser.add_argument(
        "--pg-admin-url",
        default=os.environ.get(
            "BENCH_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args()
    name = f"edugraph_soak_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(args.pg_admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    base = args.pg_admin_url.rsplit("/", 1)[0]
    url = base.replace("postgresql://", "postgresql+asyncpg://", 1) + f"/{name}"
    try:
        await run(args, url)
    finally:
        admin = await asyncpg.connect(args.pg_admin_url)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    print(f"\nfinished at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")


if __name__ == "__main__":
    asyncio.run(main())
