"""A manual timer for the send budget: sleeping moves it forward, nothing really waits."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

START = 1_800_000_000.0  # epoch seconds, January 2027


class ManualTimer:
    """`now()` moves only when something sleeps, to the end of that sleep (sleepers that
    overlap may wake late, never early, as with real sleeps)."""

    def __init__(self, start: float = START) -> None:
        self._now = start
        self.slept: list[float] = []

    def now(self) -> float:
        """The timer's time."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass (the test's own waiting)."""
        self._now += seconds

    async def sleep(self, seconds: float) -> None:
        """Let other tasks run, then move forward to the end of this sleep."""
        self.slept.append(seconds)
        deadline = self._now + max(seconds, 0.0)
        await asyncio.sleep(0)
        self._now = max(self._now, deadline)


async def eventually(condition: Callable[[], bool | Awaitable[bool]], within: float = 10.0) -> None:
    """Wait until `condition()` holds, polling; fail after `within` seconds of real time."""
    deadline = time.monotonic() + within
    while True:
        result = condition()
        if not isinstance(result, bool):
            result = await result
        if result:
            return
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.02)
