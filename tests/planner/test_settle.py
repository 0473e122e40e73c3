"""How the planned executor waits for its resolvers' coroutines."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from schema.planner import _settle


async def test_resolvers_waiting_on_one_loader_future_do_not_spin() -> None:
    # 500 resolvers of one level awaiting the same dataloader future (one group for 500
    # students) while its statement runs: the wait must sleep, not poll the loop, which
    # starved everything else (SQLite's 500-student lookup took seconds).
    loop = asyncio.get_running_loop()
    group = loop.create_future()

    async def resolver(index: int) -> Any:
        return (await group, index)

    values: list[Any] = [resolver(i) for i in range(500)]
    loop.call_later(0.3, group.set_result, "G")
    wall, cpu = time.perf_counter(), time.process_time()
    await _settle(list(enumerate(values)), values)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert values == [("G", i) for i in range(500)]
    assert wall >= 0.29
    assert cpu < wall / 3, f"{cpu:.3f} s of CPU while waiting {wall:.3f} s"


async def test_a_failing_resolver_fails_alone() -> None:
    loop = asyncio.get_running_loop()
    loaded = loop.create_future()

    async def resolver(index: int) -> Any:
        value = await loaded
        if index == 1:
            raise ValueError("no such record")
        return value

    values: list[Any] = [resolver(i) for i in range(3)]
    loop.call_soon(loaded.set_result, "row")
    await _settle(list(enumerate(values)), values)
    assert values[0] == values[2] == "row"
    assert isinstance(values[1].error, ValueError)
