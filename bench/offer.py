"""Open-loop taps for bench.network: taps arrive on `update_queue` at a fixed rate, as polling
delivers them, whatever the bot's backlog; what the bot made of them.

The figures, as the benchmark defines them:

- offered: taps put on `update_queue` per second. A tap comes from a resident who is not waiting
  for the bot's answer to their previous tap (one tap in flight per resident, as people tap); if
  every resident is waiting, the tap is *skipped*, counted as offered and never handled.
- handled: taps finished per second in the steady window, from the end of the first (warm-up)
  second to the moment the offering stops.
- latency: from the moment a tap is put on the queue to the end of its handling (its last Bot
  API call); p50 and p99 over all taps and p99 per kind of tap.
- trips: a tap's sequential round trips, counted from when each of its calls to the double
  began and ended: the most calls that ran one after another (calls sent together count once).
- backlog: taps that had arrived and had not *started* when the offering stopped (still on the
  queue, waiting for a free slot, or waiting behind their chat's running update). Taps in flight,
  waiting for their Bot API round trips, are not backlog. The target counts the taps of the
  backlog that had been waiting longer than 100 ms, a tap's slack beyond its round trips (the
  last few taps offered have had no time to start yet).
- drain: from the moment the offering stopped to the end of the last tap; a bot that keeps up
  drains within one tap's latency.
- cpu: this process's CPU time (all threads) per finished tap, the harness's share included;
  core: that CPU time over the run's wall time (offering and drain), how busy the one core was.
"""

from __future__ import annotations

import asyncio
import functools
import time
from contextvars import ContextVar
from dataclasses import dataclass, field

from telegram import Update
from telegram.ext import Application

from bench.taps import Tappers, kind_of
from bot.processor import ChatOrderedProcessor, Handled

WARMUP = 1.0
STALE = 0.1
FORGET_EVERY = 2000  # taps between trimming the double's log (a big heap lengthens GC pauses)


@dataclass
class Tap:
    """One tap offered: its kind, when it arrived and when it was finished, and when each of its
    Bot API round trips began and ended."""

    kind: str
    arrived: float
    started: float = 0.0
    finished: float = 0.0
    handled: bool = False
    calls: list[tuple[float, float]] = field(default_factory=list)

    @property
    def trips(self) -> int:
        """Its sequential round trips: the most of its calls that ran one after another (calls
        sent together overlap and count once)."""
        count, free_from = 0, float("-inf")
        for begun, ended in sorted(self.calls, key=lambda call: call[1]):
            if begun >= free_from:
                count, free_from = count + 1, ended
        return count


_TAP: ContextVar[Tap | None] = ContextVar("bench_tap", default=None)


@dataclass
class Figures:
    """What one open-loop run measured (see the module docstring)."""

    seconds: float
    taps: list[Tap] = field(default_factory=list)
    skipped: int = 0
    backlog: int = 0
    stale: int = 0  # of the backlog, taps that had waited longer than STALE to start
    drain: float = 0.0
    cpu: float = 0.0  # seconds of CPU time, offering and draining

    @property
    def offered(self) -> float:
        """Taps offered per second (skipped ones included)."""
        return (len(self.taps) + self.skipped) / self.seconds

    @property
    def handled(self) -> float:
        """Taps finished per second in the steady window."""
        start = min((t.arrived for t in self.taps), default=0.0)
        window = (start + WARMUP, start + self.seconds)
        done = sum(t.handled and window[0] <= t.finished <= window[1] for t in self.taps)
        return done / (self.seconds - WARMUP)

    @property
    def lost(self) -> int:
        """Taps offered and never handled: skipped, or dropped by the processor."""
        return self.skipped + sum(not t.handled for t in self.taps)

    def beyond_trips(self, kind: str, delay: float) -> list[float]:
        """How long each handled tap of `kind` took beyond its own round trips, sorted."""
        return sorted(
            t.finished - t.arrived - t.trips * delay
            for t in self.taps
            if t.handled and t.kind == kind
        )

    def latencies(self, kind: str | None = None) -> list[float]:
        """Latencies of the handled taps (of one kind), sorted."""
        return sorted(
            t.finished - t.arrived
            for t in self.taps
            if t.handled and (kind is None or t.kind == kind)
        )

    def kinds(self) -> list[str]:
        """The kinds of tap offered, most frequent first."""
        counts: dict[str, int] = {}
        for tap in self.taps:
            counts[tap.kind] = counts.get(tap.kind, 0) + 1
        return sorted(counts, key=lambda kind: -counts[kind])

    @property
    def cpu_per_tap(self) -> float:
        """Seconds of CPU time per handled tap."""
        handled = sum(t.handled for t in self.taps)
        return self.cpu / handled if handled else float("nan")

    @property
    def core(self) -> float:
        """The share of one core this process used while offering and draining."""
        return self.cpu / (self.seconds + self.drain)


def quantile(ordered: list[float], q: float) -> float:
    """The q-quantile (0..1) of sorted `ordered`."""
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


class Offer:
    """Taps at `rate` per second for `seconds` from `crowd` to `app`, then the drain."""

    def __init__(self, app: Application, crowd: Tappers, rate: float, seconds: float) -> None:
        self.app, self.crowd, self.rate = app, crowd, rate
        self.figures = Figures(seconds)
        self._busy: set[int] = set()
        self._pending: set[asyncio.Future] = set()
        self._drained = asyncio.Event()
        self._taps: dict[int, Tap] = {}  # id(update) -> its tap, until it starts
        plain, trip = app.process_update, crowd.api.round_trip

        async def started(update: object) -> None:  # PTB awaits this when the update starts
            tap = self._taps.pop(id(update), None)
            if tap is not None:
                tap.started = time.perf_counter()
                _TAP.set(tap)  # the update's calls (and the tasks it starts) see it
            await plain(update)

        async def timed_trip() -> None:  # the double's wait for one call
            tap, begun = _TAP.get(), time.perf_counter()
            await trip()
            if tap is not None:
                tap.calls.append((begun, time.perf_counter()))

        app.process_update = started
        crowd.api.round_trip = timed_trip

    async def run(self) -> Figures:
        """Offer the taps, note the backlog when the offering stops, wait for the drain."""
        processor: ChatOrderedProcessor = self.app.update_processor
        figures = self.figures
        cpu = time.process_time()
        start = time.perf_counter()
        end = start + figures.seconds
        idle = list(self.crowd.order)
        offered = 0
        while (due := start + offered / self.rate) < end:
            if (wait := due - time.perf_counter()) > 0:
                await asyncio.sleep(wait)
            offered += 1
            self.crowd.observe()
            idle = idle or [t for t in self.crowd.order if t.user_id not in self._busy]
            if not idle:
                figures.skipped += 1
                continue
            tapper = idle.pop()
            raw = tapper.next_update()
            update = Update.de_json(raw, self.app.bot)
            tap = Tap(kind_of(raw), time.perf_counter())
            watched = processor.watch(update)
            watched.add_done_callback(functools.partial(self._done, tapper.user_id, tap))
            self._busy.add(tapper.user_id)
            self._pending.add(watched)
            self._taps[id(update)] = tap
            figures.taps.append(tap)
            self.app.update_queue.put_nowait(update)
            if offered % FORGET_EVERY == 0:
                self.crowd.forget()
        await asyncio.sleep(max(end - time.perf_counter(), 0.0))  # 1/rate after the last tap
        stopped = time.perf_counter()
        waiting = [t for t in figures.taps if not t.started and not t.finished]
        figures.backlog = len(waiting)
        figures.stale = sum(stopped - t.arrived > STALE for t in waiting)
        if self._pending:
            self._drained.clear()  # set whenever nothing was pending during the offering
            await asyncio.wait_for(self._drained.wait(), timeout=120)
        figures.drain = max(max((t.finished for t in figures.taps), default=0.0) - stopped, 0.0)
        figures.cpu = time.process_time() - cpu
        return figures

    def _done(self, user_id: int, tap: Tap, future: asyncio.Future) -> None:
        tap.finished = time.perf_counter()
        tap.handled = future.result() is Handled.DONE
        self._busy.discard(user_id)
        self._pending.discard(future)
        if not self._pending:
            self._drained.set()
