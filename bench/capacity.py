"""B through the bot's own update path: how many taps a second the whole process finishes when
Telegram answers at once, so that the CPU alone is the limit.

Taps go the way polling delivers them (`update_queue` → the update processor → the handlers), with
`in_flight` residents each keeping one tap going: when a tap finishes, its resident taps again at
once (closed loop). Everything the open-loop runs spend CPU on is spent here too — building the
update, the processor's bookkeeping, PTB's task per update, the harness — so 0.8 × B at a delay
asks for 80 % of what this process can do, and the rest is the network's effect.
"""

from __future__ import annotations

import asyncio
import time

from telegram import Update
from telegram.ext import Application

from bench.taps import Tapper, Tappers
from bot.processor import ChatOrderedProcessor

FORGET_EVERY = 2000  # taps between trimming the double's log


async def saturated_rate(app: Application, crowd: Tappers, seconds: float) -> float:
    """Taps finished per second by `app` with every resident of `crowd` tapping back to back,
    over `seconds` after a warm-up of a quarter of that."""
    processor: ChatOrderedProcessor = app.update_processor
    finished = outstanding = 0
    stop, drained = asyncio.Event(), asyncio.Event()

    def tap(tapper: Tapper) -> None:
        nonlocal outstanding
        outstanding += 1
        crowd.observe()
        update = Update.de_json(tapper.next_update(), app.bot)
        processor.watch(update).add_done_callback(lambda _: done(tapper))
        app.update_queue.put_nowait(update)

    def done(tapper: Tapper) -> None:
        nonlocal finished, outstanding
        finished += 1
        outstanding -= 1
        if finished % FORGET_EVERY == 0:
            crowd.forget()
        if not stop.is_set():
            tap(tapper)
        elif not outstanding:
            drained.set()

    for tapper in crowd.order:
        tap(tapper)
    await asyncio.sleep(seconds / 4)
    counted, started = finished, time.perf_counter()
    await asyncio.sleep(seconds)
    rate = (finished - counted) / (time.perf_counter() - started)
    stop.set()
    await asyncio.wait_for(drained.wait(), timeout=60)  # the last taps finish before the app stops
    return rate
