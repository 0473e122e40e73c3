"""A small runner of named periodic jobs: the in-process background worker and
`python server.py worker`.

A job is `async def job(services) -> int`: it does one batch of work and returns how much it
did. The runner calls a job again at once while it reports work, and otherwise waits its
interval. Domains register jobs at import; the modules that hold jobs are listed in
JOB_MODULES, so every process that runs a worker loads the same set.

While a job runs, `current()` tells it which worker it runs in (its name is the claimant of
outbox rows) and whether that worker has been asked to stop, so a job can hand back work it
claimed but has not started.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import importlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from resolvers.context import Services

log = logging.getLogger("edugraph.worker")

Job = Callable[[Services], Awaitable[int]]

# Modules whose import registers jobs. Domains that add jobs add their module here.
JOB_MODULES: tuple[str, ...] = ("resolvers.messaging", "resolvers.ielts")

# After a job raises, wait this long (doubling up to the cap) before running it again.
ERROR_BACKOFF_SECONDS = 1.0
ERROR_BACKOFF_CAP = 60.0


@dataclass(frozen=True)
class JobSpec:
    name: str
    run: Job
    # Seconds to wait after a run that found nothing; None means the worker's poll interval.
    interval: float | None = None


_JOBS: dict[str, JobSpec] = {}


def register_job(name: str, run: Job, *, interval: float | None = None) -> None:
    existing = _JOBS.get(name)
    if existing is not None and existing.run is not run:
        raise ValueError(f"worker job {name!r} registered twice")
    _JOBS[name] = JobSpec(name, run, interval)


def registered_jobs() -> list[JobSpec]:
    for module in JOB_MODULES:
        importlib.import_module(module)
    return list(_JOBS.values())


@dataclass
class WorkerState:
    name: str
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def stopping(self) -> bool:
        return self.stop_event.is_set()


def _default_name() -> str:
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


_current: contextvars.ContextVar[WorkerState | None] = contextvars.ContextVar(
    "edugraph_worker", default=None
)
_fallback = WorkerState(_default_name())


def current() -> WorkerState:
    """The worker running the calling job (a process-wide one outside any worker)."""
    return _current.get() or _fallback


class Worker:
    def __init__(
        self,
        services: Services,
        jobs: Sequence[JobSpec] | None = None,
        *,
        name: str | None = None,
        poll_seconds: float | None = None,
    ) -> None:
        self.services = services
        self.jobs = list(registered_jobs() if jobs is None else jobs)
        self.state = WorkerState(name or _default_name())
        self.poll_seconds = (
            services.settings.worker_poll_seconds if poll_seconds is None else poll_seconds
        )
        self._task: asyncio.Task[None] | None = None

    @property
    def name(self) -> str:
        return self.state.name

    async def _run_job(self, job: JobSpec) -> int:
        token = _current.set(self.state)
        try:
            return await job.run(self.services)
        finally:
            _current.reset(token)

    async def run_once(self) -> dict[str, int]:
        """Run every job once; exceptions propagate (tests and `worker --once` use this)."""
        return {job.name: await self._run_job(job) for job in self.jobs}

    async def run(self) -> None:
        """Run the jobs until `stop()`; a failing job is logged and retried with backoff."""
        loop = asyncio.get_running_loop()
        due = {job.name: loop.time() for job in self.jobs}
        failures = dict.fromkeys(due, 0)
        log.info("worker %s started: %s", self.name, ", ".join(due) or "no jobs")
        while not self.state.stopping:
            for job in self.jobs:
                if self.state.stopping:
                    break
                if loop.time() < due[job.name]:
                    continue
                try:
                    done = await self._run_job(job)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    failures[job.name] += 1
                    delay = min(
                        ERROR_BACKOFF_CAP, ERROR_BACKOFF_SECONDS * 2 ** (failures[job.name] - 1)
                    )
                    log.exception("worker job %s failed; again in %.0f s", job.name, delay)
                    due[job.name] = loop.time() + delay
                    continue
                failures[job.name] = 0
                idle = self.poll_seconds if job.interval is None else job.interval
                due[job.name] = loop.time() if done else loop.time() + idle
            wait = max(0.0, min(due.values(), default=loop.time() + 1) - loop.time())
            if wait:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.state.stop_event.wait(), wait)
        log.info("worker %s stopped", self.name)

    def start(self) -> asyncio.Task[None]:
        self.state.stop_event.clear()
        self._task = asyncio.create_task(self.run(), name=f"worker {self.name}")
        return self._task

    async def stop(self, grace_seconds: float = 30.0) -> None:
        """Ask the jobs to finish what they started and hand back the rest; cancel after
        `grace_seconds` (claimed rows then wait for their lease to run out)."""
        self.state.stop_event.set()
        task, self._task = self._task, None
        if task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(task), grace_seconds)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
