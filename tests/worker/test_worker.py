"""The generic job runner: jobs run while they find work, wait when idle, survive failures,
know their worker, and stop cleanly."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from resolvers import outbox, worker
from resolvers.worker import JobSpec, Worker
from settings import ConfigurationError, Settings


class FakeServices:
    settings = Settings(worker_poll_seconds=0.01)


def services() -> Any:
    return FakeServices()


async def test_a_job_runs_again_at_once_while_it_finds_work_then_waits() -> None:
    calls: list[int] = []
    batches = [3, 2, 0]

    async def job(_: Any) -> int:
        calls.append(len(calls))
        return batches[len(calls) - 1] if len(calls) <= len(batches) else 0

    runner = Worker(services(), [JobSpec("counting", job, interval=60)], name="t")
    runner.start()
    await asyncio.sleep(0.2)
    await runner.stop()
    # three runs back to back, then the 60 s interval: nothing more within the test
    assert calls == [0, 1, 2]


async def test_a_failing_job_is_logged_and_does_not_stop_the_others(
    caplog: pytest.LogCaptureFixture,
) -> None:
    healthy: list[str] = []

    async def broken(_: Any) -> int:
        raise RuntimeError("boom")

    async def fine(_: Any) -> int:
        healthy.append(worker.current().name)
        return 0

    runner = Worker(services(), [JobSpec("broken", broken), JobSpec("fine", fine)], name="survivor")
    runner.start()
    await asyncio.sleep(0.2)
    await runner.stop()
    assert len(healthy) > 3 and set(healthy) == {"survivor"}
    assert "worker job broken failed" in caplog.text
    # and run_once, for `worker --once` and tests, lets the error through
    with pytest.raises(RuntimeError):
        await Worker(services(), [JobSpec("broken", broken)]).run_once()


async def test_stop_lets_the_running_job_finish_and_tells_it_to_stop() -> None:
    seen: list[bool] = []
    started = asyncio.Event()

    async def slow(_: Any) -> int:
        started.set()
        await asyncio.sleep(0.1)
        seen.append(worker.current().stopping)
        return 1

    runner = Worker(services(), [JobSpec("slow", slow)], name="t")
    runner.start()
    await started.wait()
    await runner.stop()
    assert seen == [True]


async def test_stop_cancels_a_job_that_outlives_the_grace_period() -> None:
    cancelled = asyncio.Event()

    async def stuck(_: Any) -> int:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return 0

    runner = Worker(services(), [JobSpec("stuck", stuck)], name="t")
    runner.start()
    await asyncio.sleep(0.05)
    await runner.stop(grace_seconds=0.1)
    assert cancelled.is_set()


def test_jobs_are_registered_once_and_the_telegram_job_is_known() -> None:
    assert "telegram" in {job.name for job in worker.registered_jobs()}

    async def other(_: Any) -> int:
        return 0

    with pytest.raises(ValueError, match="registered twice"):
        worker.register_job("telegram", other)


def test_backoff_doubles_up_to_a_cap() -> None:
    assert [outbox.backoff_seconds(n, 10) for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert outbox.backoff_seconds(30, 10) == outbox.MAX_BACKOFF_SECONDS


def test_worker_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "TELEGRAM_API_BASE": "http://127.0.0.1:9999",
            "TELEGRAM_BOT_TOKEN": "42:abc",
            "RUN_WORKER": "false",
            "WORKER_POLL_SECONDS": "0.5",
            "OUTBOX_LEASE_SECONDS": "90",
            "TELEGRAM_TIMEOUT_SECONDS": "20",
            "TELEGRAM_MAX_ATTEMPTS": "7",
            "TELEGRAM_RETRY_SECONDS": "3",
        },
        var_dir=tmp_path,
    )
    assert (settings.telegram_api_base, settings.telegram_bot_token) == (
        "http://127.0.0.1:9999",
        "42:abc",
    )
    assert settings.run_worker is False and settings.worker_poll_seconds == 0.5
    assert (settings.outbox_lease_seconds, settings.telegram_timeout_seconds) == (90, 20)
    assert (settings.telegram_max_attempts, settings.telegram_retry_seconds) == (7, 3)
    defaults = Settings.from_env({}, var_dir=tmp_path)
    assert defaults.run_worker is True and defaults.telegram_bot_token is None
    # a lease shorter than twice the HTTP time limit would let two workers send one message
    with pytest.raises(ConfigurationError, match="OUTBOX_LEASE_SECONDS"):
        Settings.from_env(
            {"OUTBOX_LEASE_SECONDS": "30", "TELEGRAM_TIMEOUT_SECONDS": "20"}, var_dir=tmp_path
        )
    for name, value in (("WORKER_POLL_SECONDS", "0"), ("TELEGRAM_MAX_ATTEMPTS", "0")):
        with pytest.raises(ConfigurationError, match=name):
            Settings.from_env({name: value}, var_dir=tmp_path)
