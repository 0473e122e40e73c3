"""Telegram delivery through the outbox, against a fake Bot API server on a real port."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from auth.principal import Principal
from models.db import read_session, write_session
from models.messaging import MessageDelivery, Outbox
from models.people import Role, User
from resolvers import messaging as messaging_resolvers
from resolvers import outbox
from resolvers.context import AppContext, Services
from resolvers.worker import JobSpec, Worker
from server import create_app
from tests.conftest import Backend, FakeClock
from tests.messaging.fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parents[2]
TELEGRAM_JOB = JobSpec("telegram", messaging_resolvers.deliver_telegram)


def admin_context(services: Services, admin: User) -> AppContext:
    return AppContext(
        services=services, principal=Principal(kind="user", user_id=admin.id, role=Role.ADMIN)
    )


async def students(make_user: Any, *telegram_ids: str | None) -> list[User]:
    return [await make_user(Role.STUDENT, telegram_id=t) for t in telegram_ids]


async def send(services: Services, make_user: Any, people: list[User], text: str) -> int:
    admin = await make_user(Role.ADMIN)
    message = await messaging_resolvers.message_send(
        admin_context(services, admin), {"text": text, "recipient_ids": [p.id for p in people]}
    )
    return message.id


async def deliveries(services: Services) -> dict[int, MessageDelivery]:
    async with read_session(services.sessionmaker) as session:
        rows = await session.scalars(select(MessageDelivery).order_by(MessageDelivery.id))
        return {row.recipient_id: row for row in rows}


async def outbox_rows(services: Services) -> list[Outbox]:
    async with read_session(services.sessionmaker) as session:
        return list(await session.scalars(select(Outbox).order_by(Outbox.id)))


def worker(services: Services, name: str = "w1") -> Worker:
    return Worker(services, [TELEGRAM_JOB], name=name, poll_seconds=0.02)


async def wait_for(condition: Any, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not await condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


# ---------------------------------------------------------------------------------------------
# success, retries, failures


async def test_each_recipient_gets_the_message_once_and_the_log_says_sent(
    telegram_services: Services, telegram: FakeTelegram, make_user: Any, clock: FakeClock
) -> None:
    # given: two students with a Telegram ID, one without
    a, b, c = await students(make_user, "1001", "1002", None)
    await send(telegram_services, make_user, [a, b, c], "Ertaga dars yo'q!")
    # when
    handled = await worker(telegram_services).run_once()
    # then: the Bot API got sendMessage with chat_id and text, for the two who can get it
    assert handled == {"telegram": 2}
    assert sorted(telegram.requests, key=lambda r: r["chat_id"]) == [
        {"chat_id": 1001, "text": "Ertaga dars yo'q!"},
        {"chat_id": 1002, "text": "Ertaga dars yo'q!"},
    ]
    logs = await deliveries(telegram_services)
    assert (logs[a.id].status, logs[a.id].error, logs[a.id].sent_at) == ("sent", None, clock.now)
    assert logs[b.id].status == "sent"
    assert (logs[c.id].status, logs[c.id].error, logs[c.id].sent_at) == (
        "failed",
        "Telegram ID topilmadi",
        None,
    )
    assert all(r.delivered_at == clock.now for r in await outbox_rows(telegram_services))
    # and nothing is sent twice when the worker runs again
    assert await worker(telegram_services).run_once() == {"telegram": 0}
    assert len(telegram.requests) == 2


async def test_a_failure_is_retried_after_a_growing_delay_then_succeeds(
    telegram_services: Services, telegram: FakeTelegram, make_user: Any, clock: FakeClock
) -> None:
    (a,) = await students(make_user, "1001")
    await send(telegram_services, make_user, [a], "hello")
    telegram.fail_next(2, status=502, description="Bad Gateway")
    start = clock.now

    await worker(telegram_services).run_once()
    (row,) = await outbox_rows(telegram_services)
    assert (row.attempts, row.last_error) == (1, "Telegram 502: Bad Gateway")
    assert row.next_try_at == start + timedelta(seconds=10)
    assert (await deliveries(telegram_services))[a.id].status == "pending"

    # not due yet: nothing is tried
    await worker(telegram_services).run_once()
    assert len(telegram.requests) == 1

    clock.advance(seconds=10)
    await worker(telegram_services).run_once()
    (row,) = await outbox_rows(telegram_services)
    assert row.attempts == 2 and row.next_try_at == clock.now + timedelta(seconds=20)

    clock.advance(seconds=20)
    await worker(telegram_services).run_once()
    assert telegram.sent_to(1001) == ["hello"]
    assert (await deliveries(telegram_services))[a.id].status == "sent"
    (row,) = await outbox_rows(telegram_services)
    assert (row.attempts, row.delivered_at, row.last_error) == (3, clock.now, None)


async def test_telegrams_retry_after_is_respected(
    telegram_services: Services, telegram: FakeTelegram, make_user: Any, clock: FakeClock
) -> None:
    (a,) = await students(make_user, "1001")
    await send(telegram_services, make_user, [a], "hello")
    telegram.rate_limit_next(retry_after=42)
    await worker(telegram_services).run_once()
    (row,) = await outbox_rows(telegram_services)
    assert row.next_try_at == clock.now + timedelta(seconds=42)
    assert row.last_error == "Telegram 429: Too Many Requests: retry after 42"


async def test_a_refusal_fails_at_once_with_telegrams_reason(
    telegram_services: Services, telegram: FakeTelegram, make_user: Any
) -> None:
    a, b = await students(make_user, "1001", "1002")
    await send(telegram_services, make_user, [a, b], "hello")
    telegram.refuse_chat(1001, 403, "Forbidden: bot was blocked by the user")
    await worker(telegram_services).run_once()
    logs = await deliveries(telegram_services)
    assert (logs[a.id].status, logs[a.id].error) == (
        "failed",
        "Telegram 403: Forbidden: bot was blocked by the user",
    )
    assert logs[b.id].status == "sent"
    # permanent: no second try, however long we wait
    assert await worker(telegram_services).run_once() == {"telegram": 0}
    assert len(telegram.requests) == 2


async def test_after_the_attempt_limit_the_log_fails_with_the_last_error(
    telegram_services: Services, telegram: FakeTelegram, make_user: Any, clock: FakeClock
) -> None:
    (a,) = await students(make_user, "1001")
    await send(telegram_services, make_user, [a], "hello")
    telegram.fail_next(3, status=500, description="Internal Server Error")
    for wait in (10, 20, 0):  # the limit is 3 attempts
        await worker(telegram_services).run_once()
        clock.advance(seconds=wait)
    log = (await deliveries(telegram_services))[a.id]
    assert (log.status, log.error) == ("failed", "Telegram 500: Internal Server Error")
    (row,) = await outbox_rows(telegram_services)
    assert row.failed_at is not None and row.attempts == 3
    clock.advance(hours=1)
    assert await worker(telegram_services).run_once() == {"telegram": 0}
    assert len(telegram.requests) == 3


async def test_an_unreachable_api_is_retried_and_the_token_never_shows(
    telegram_services: Services, make_user: Any
) -> None:
    from tests.firebase_emulator import free_port

    settings = telegram_services.settings.with_overrides(
        telegram_api_base=f"http://127.0.0.1:{free_port()}"
    )
    unreachable = dataclasses.replace(telegram_services, settings=settings)
    (a,) = await students(make_user, "1001")
    await send(unreachable, make_user, [a], "hello")
    await worker(unreachable).run_once()
    (row,) = await outbox_rows(unreachable)
    assert row.attempts == 1 and row.delivered_at is None and row.failed_at is None
    assert row.last_error and row.last_error.startswith("Telegram")
    assert settings.telegram_bot_token not in row.last_error  # type: ignore[operator]


async def test_without_a_bot_token_deliveries_wait(
    services: Services, telegram: FakeTelegram, make_user: Any
) -> None:
    assert services.settings.telegram_bot_token is None
    (a,) = await students(make_user, "1001")
    await send(services, make_user, [a], "hello")
    assert await worker(services).run_once() == {"telegram": 0}
    assert (await deliveries(services))[a.id].status == "pending"
    assert telegram.requests == []


async def test_a_deleted_message_is_not_delivered(
    telegram_services: Services, telegram: FakeTelegram, make_user: Any
) -> None:
    (a,) = await students(make_user, "1001")
    message_id = await send(telegram_services, make_user, [a], "hello")
    admin = await make_user(Role.ADMIN)
    await messaging_resolvers.message_delete(admin_context(telegram_services, admin), message_id)
    await worker(telegram_services).run_once()
    assert telegram.requests == []
    (row,) = await outbox_rows(telegram_services)
    assert (row.failed_at is not None, row.last_error) == (True, "cancelled")


# ---------------------------------------------------------------------------------------------
# workers that stop or die


async def test_a_worker_stopped_mid_delivery_finishes_it_and_hands_back_the_rest(
    telegram_services: Services, telegram: FakeTelegram, make_user: Any
) -> None:
    people = await students(make_user, "1001", "1002", "1003")
    await send(telegram_services, make_user, people, "hello")
    hold = telegram.hold_next()
    first = worker(telegram_services, "first")
    first.start()
    await asyncio.to_thread(hold.arrived.wait, 10)
    # when: asked to stop while a request is in flight
    stopping = asyncio.create_task(first.stop())
    await asyncio.sleep(0.05)
    hold.release(deliver=True)
    await stopping
    # then: the one in flight is recorded, the two not started are handed back untouched
    assert len(telegram.sent) == 1
    rows = await outbox_rows(telegram_services)
    assert sorted((r.delivered_at is not None, r.attempts, r.locked_until) for r in rows) == [
        (False, 0, None),
        (False, 0, None),
        (True, 1, None),
    ]
    # and a restarted worker delivers the rest at once: everyone exactly once
    await worker(telegram_services, "second").run_once()
    assert sorted(m["chat_id"] for m in telegram.sent) == [1001, 1002, 1003]
    assert {log.status for log in (await deliveries(telegram_services)).values()} == {"sent"}


async def test_a_worker_killed_mid_delivery_loses_nothing_and_sends_once_after_restart(
    telegram_services: Services, telegram: FakeTelegram, make_user: Any, clock: FakeClock
) -> None:
    people = await students(make_user, "1001", "1002", "1003")
    await send(telegram_services, make_user, people, "hello")
    hold = telegram.hold_next()
    doomed = worker(telegram_services, "doomed")
    task = doomed.start()
    await asyncio.to_thread(hold.arrived.wait, 10)
    # when: the worker dies with a request in flight, which never reaches Telegram
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    hold.release(deliver=False)
    # then: its claims hold until the lease runs out, so a new worker waits ...
    assert await worker(telegram_services, "restarted").run_once() == {"telegram": 0}
    assert telegram.sent == []
    # ... and then delivers everything, each exactly once
    clock.advance(seconds=telegram_services.settings.outbox_lease_seconds)
    assert await worker(telegram_services, "restarted").run_once() == {"telegram": 3}
    assert sorted(m["chat_id"] for m in telegram.sent) == [1001, 1002, 1003]
    assert {log.status for log in (await deliveries(telegram_services)).values()} == {"sent"}
    assert [r.attempts for r in await outbox_rows(telegram_services)] == [2, 2, 2]


def worker_env(backend: Backend, telegram: FakeTelegram) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "FIREBASE"))}
    env.update(
        {
            "APP_ENV": "test",
            "DATABASE_URL": backend.url,
            "JWT_SECRET": "x" * 40,
            "TELEGRAM_API_BASE": telegram.base_url,
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "TELEGRAM_TIMEOUT_SECONDS": "1",
            "OUTBOX_LEASE_SECONDS": "2",
            "WORKER_POLL_SECONDS": "0.05",
        }
    )
    return env


async def test_worker_once_delivers_what_is_due_and_exits(
    backend: Backend,
    telegram_services: Services,
    telegram: FakeTelegram,
    make_user: Any,
    tmp_path: Path,
) -> None:
    (a,) = await students(make_user, "1001")
    await send(telegram_services, make_user, [a], "hello")
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, str(ROOT / "server.py"), "worker", "--once"],
        cwd=tmp_path,
        env=worker_env(backend, telegram),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # one line of "job: work done" for every registered job
    done = dict(part.split(": ") for part in result.stdout.strip().split(", "))
    assert done["telegram"] == "1"
    assert telegram.sent_to(1001) == ["hello"]
    assert (await deliveries(telegram_services))[a.id].status == "sent"


async def test_a_worker_process_killed_mid_delivery_is_replaced_without_double_sends(
    backend: Backend,
    telegram_services: Services,
    telegram: FakeTelegram,
    make_user: Any,
    tmp_path: Path,
) -> None:
    """`python server.py worker` processes, the first killed with SIGKILL mid-request."""
    people = await students(make_user, "1001", "1002", "1003")
    await send(telegram_services, make_user, people, "hello")
    env = worker_env(backend, telegram)

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, str(ROOT / "server.py"), "worker"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    hold = telegram.hold_next()
    doomed = start()
    try:
        assert await asyncio.to_thread(hold.arrived.wait, 60), "the worker never called"
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)
    finally:
        hold.release(deliver=False)
        doomed.kill()
    replacement = start()
    try:

        async def all_sent() -> bool:
            logs = await deliveries(telegram_services)
            return {log.status for log in logs.values()} == {"sent"}

        await wait_for(all_sent, 60)
        replacement.send_signal(signal.SIGTERM)
        assert replacement.wait(20) == 0  # a clean stop
    finally:
        replacement.kill()
    assert sorted(m["chat_id"] for m in telegram.sent) == [1001, 1002, 1003]


# ---------------------------------------------------------------------------------------------
# several workers on PostgreSQL


async def test_claims_skip_rows_another_transaction_holds(
    backend: Backend, telegram_services: Services, make_user: Any, clock: FakeClock
) -> None:
    if backend.name != "postgresql":
        pytest.skip(
            "SKIP LOCKED is PostgreSQL's; SQLite runs one worker, and its claims take the "
            "single database write lock (BEGIN IMMEDIATE), so they cannot overlap"
        )
    people = await students(make_user, *(str(2000 + i) for i in range(6)))
    await send(telegram_services, make_user, people, "hello")
    sessionmaker = telegram_services.sessionmaker
    async with sessionmaker() as first, sessionmaker() as second:
        mine = await outbox.claim_in(
            first, "telegram", limit=4, now=clock.now, lease_seconds=60, claimant="a"
        )
        # while the first claim is still uncommitted, a second one neither waits nor overlaps
        theirs = await asyncio.wait_for(
            outbox.claim_in(
                second, "telegram", limit=4, now=clock.now, lease_seconds=60, claimant="b"
            ),
            5,
        )
        await first.commit()
        await second.commit()
    assert len(mine) == 4 and len(theirs) == 2
    assert not {c.id for c in mine} & {c.id for c in theirs}


async def test_two_workers_never_send_the_same_message_twice(
    backend: Backend, telegram_services: Services, telegram: FakeTelegram, make_user: Any
) -> None:
    if backend.name != "postgresql":
        pytest.skip(
            "several workers are a PostgreSQL deployment (FOR UPDATE SKIP LOCKED); with SQLite "
            "one worker runs, as writes serialise"
        )
    chats = [3000 + i for i in range(30)]
    people = await students(make_user, *(str(c) for c in chats))
    await send(telegram_services, make_user, people, "hello")
    telegram.delay = 0.02
    workers = [worker(telegram_services, "one"), worker(telegram_services, "two")]
    for w in workers:
        w.start()

    async def settled() -> bool:
        logs = await deliveries(telegram_services)
        return all(log.status == "sent" for log in logs.values())

    try:
        await wait_for(settled, 60)
    finally:
        for w in workers:
            await w.stop()
    assert sorted(m["chat_id"] for m in telegram.sent) == chats
    assert {r.claimed_by for r in await outbox_rows(telegram_services)} == {"one", "two"}


# ---------------------------------------------------------------------------------------------
# the worker inside the server


async def test_the_server_runs_a_worker_that_delivers_in_the_background(
    telegram_services: Services, telegram: FakeTelegram, make_user: Any, login_headers: Any
) -> None:
    import httpx

    settings = telegram_services.settings.with_overrides(run_worker=True)
    app = create_app(settings, dataclasses.replace(telegram_services, settings=settings))
    (a,) = await students(make_user, "1001")
    admin = await make_user(Role.ADMIN)
    headers = await login_headers(admin)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            response = await client.post(
                "/api/v1/messages/", json={"text": "hi", "recipient_ids": [a.id]}, headers=headers
            )
            assert response.status_code == 201

            async def sent() -> bool:
                return telegram.sent_to(1001) == ["hi"]

            await wait_for(sent, 10)
    # after shutdown the worker is gone: a new message stays pending
    ctx = admin_context(telegram_services, admin)
    await messaging_resolvers.message_send(ctx, {"text": "later", "recipient_ids": [a.id]})
    await asyncio.sleep(0.2)
    assert telegram.sent_to(1001) == ["hi"]


async def test_a_delivery_whose_workers_keep_dying_fails_at_the_limit(
    telegram_services: Services, telegram: FakeTelegram, make_user: Any, clock: FakeClock
) -> None:
    # given: a delivery claimed as often as allowed, each worker dying before it finished
    (a,) = await students(make_user, "1001")
    await send(telegram_services, make_user, [a], "hello")
    limit = telegram_services.settings.telegram_max_attempts
    async with write_session(telegram_services.sessionmaker) as session:
        await session.execute(
            update(Outbox).values(
                attempts=limit, locked_until=clock.now, claimed_by="dead", last_error=None
            )
        )
    # when
    await worker(telegram_services).run_once()
    # then: no more tries; the log says why
    assert telegram.requests == []
    log = (await deliveries(telegram_services))[a.id]
    assert (log.status, log.error) == ("failed", "delivery was interrupted too often")
