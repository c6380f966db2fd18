"""Even pacing: GCRA (the generic cell rate algorithm, a token bucket kept as one timestamp).

A pacer at rate r with burst b lets at most b messages go back to back and then one every 1/r
seconds, so any one-second window holds at most r + b of them. A fractional burst (1.5) lets
nothing go back to back but absorbs a late wake-up of up to half an interval, so the event
loop's jitter does not cost rate. The rate may change from one call
to the next (bulk traffic gets what replies leave); the clock is injected so tests can use a
manual one.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol


class Timer(Protocol):
    """Wall-clock seconds and a way to wait: the system's, or a manual one in tests."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemTimer:
    """The real time (epoch seconds, comparable between the processes of a deployment)."""

    def now(self) -> float:
        """Seconds since the epoch."""
        return time.time()

    async def sleep(self, seconds: float) -> None:
        """Wait without blocking the loop."""
        await asyncio.sleep(seconds)


class Pacer:
    """The theoretical arrival time (TAT) of the next message, for a rate that may change."""

    def __init__(self, burst: float = 1.5) -> None:
        self.burst = max(burst, 1.0)
        self._tat = 0.0

    def wait(self, now: float, rate: float) -> float:
        """Seconds until a message may go at `rate` (0: now). Takes nothing."""
        if rate <= 0:
            return 1.0
        tolerance = (self.burst - 1) / rate
        return max(self._tat - tolerance - now, 0.0)

    def take(self, now: float, rate: float) -> None:
        """A message went at `now`: the next one is due one interval later."""
        self._tat = max(self._tat, now) + 1.0 / rate

    def try_take(self, now: float, rate: float) -> bool:
        """Take a slot if one is free at `now`; True if taken."""
        if self.wait(now, rate) > 0:
            return False
        self.take(now, rate)
        return True
