"""B through the bot's own update path: how many taps a second the whole process finishes when
Telegram answers at once, so that the CPU alone is the limit.

Taps go the way polling delivers them (`update_queue` → the update processor → the handlers), with
`in_flight` taps going at once: when a tap finishes, the next resident in turn taps (closed loop,
round robin, one tap per resident in flight). Everything the open-loop runs spend CPU on is spent
here too — building the update, the processor's bookkeeping, PTB's task per update, the harness.

A tap's cost depends on where its resident is: `/start`, consent and the profile write more and
send more than a card's *Lanjut*. So B is measured on the open-loop run's own mix: as many taps per
resident as that run gives each of its residents (`depth`), every resident as far along as the
others, as the run's round robin keeps them. Then 0.8 × B at a delay asks for 80 % of what this
process can do on that work, and the rest is the network's effect.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from telegram import Update
from telegram.ext import Application

from bench.taps import Tapper, Tappers
from bot.processor import ChatOrderedProcessor

FORGET_EVERY = 2000  # taps between trimming the double's log
IN_FLIGHT = 32


def depth(rate: float, seconds: float, residents: int) -> float:
    """Taps per resident of an open-loop run offering `rate` for `seconds` to `residents`."""
    return rate * seconds / residents


async def saturated_rate(
    app: Application, crowd: Tappers, taps: int, in_flight: int = IN_FLIGHT
) -> tuple[float, float]:
    """Taps finished per second by `app` for `taps` taps from `crowd` in turn, `in_flight` at
    once, from the first tap to the end of the last; and the process's CPU seconds per tap."""
    processor: ChatOrderedProcessor = app.update_processor
    turn: deque[Tapper] = deque(crowd.order)
    issued = finished = 0
    drained = asyncio.Event()

    def tap() -> None:
        nonlocal issued
        issued += 1
        crowd.observe()
        tapper = turn.popleft()
        update = Update.de_json(tapper.next_update(), app.bot)
        processor.watch(update).add_done_callback(lambda _: done(tapper))
        app.update_queue.put_nowait(update)

    def done(tapper: Tapper) -> None:
        nonlocal finished
        finished += 1
        turn.append(tapper)
        if finished % FORGET_EVERY == 0:
            crowd.forget()
        if issued < taps:
            tap()
        elif finished == taps:
            drained.set()

    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(min(in_flight, taps, len(crowd.order))):
        tap()
    await asyncio.wait_for(drained.wait(), timeout=taps)  # at least one tap a second
    return taps / (time.perf_counter() - started), (time.process_time() - cpu) / taps
