"""The handling latency when updates arrive at a fixed rate (open loop), whatever the bot does."""

from __future__ import annotations

import asyncio
import statistics

from telegram.ext import Application

from bench.ceilings import handle
from bench.taps import Tappers
from bot.double import FakeTelegram

LATENCY_RATE = 50.0


async def latency(
    app: Application, api: FakeTelegram, seconds: float, rate: float = LATENCY_RATE
) -> dict[str, float]:
    """Open loop: an update arrives every 1/rate s whatever the bot is doing; each update's
    latency runs from its scheduled arrival to the end of its handling (queueing included)."""
    crowd = Tappers(api, 1_000_001, 250, seed=13)
    queue: asyncio.Queue[tuple[float, dict] | None] = asyncio.Queue()
    count = int(seconds * rate)
    loop = asyncio.get_running_loop()
    latencies: list[float] = []
    handling: list[float] = []

    async def arrive() -> None:
        start = loop.time() + 0.05
        for k in range(count):
            due = start + k / rate
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            queue.put_nowait((due, crowd.order[k % len(crowd.order)].next_update()))
        queue.put_nowait(None)

    async def consume() -> None:
        while (item := await queue.get()) is not None:
            due, raw = item
            handling.append(await handle(app, raw))
            latencies.append(loop.time() - due)
            crowd.observe()
            if len(latencies) % 500 == 0:
                crowd.forget()

    await asyncio.gather(arrive(), consume())
    latencies.sort()
    return {
        "p50": statistics.median(latencies),
        "p99": _percentile(latencies, 0.99),
        "max": latencies[-1],
        "handling_p99": _percentile(sorted(handling), 0.99),
        "count": len(latencies),
        "resends": crowd.resends,
    }


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]
