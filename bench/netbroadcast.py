"""A broadcast through the real sender at 150 ms a Bot API call, alone and while residents tap:
does it keep its rate, and are the tapping residents answered in time?

The send budget is the deployment's default (TELEGRAM_RATE 30, BROADCAST_RATE 25): replies go
first and bulk traffic gets what they leave. So residents tap at the rate that leaves the
broadcast its rate: TELEGRAM_RATE - BROADCAST_RATE messages a second of replies, at most three
messages a tap (consent: the edit of the tapped message, the thanks, the next step; answering the
tap is not a message).
More taps than that slow the broadcast down by design, never the replies. Targets: with the
taps, the broadcast keeps >= 0.95 of BROADCAST_RATE, and every kind of tap's p99 stays within
its bound (sequential round trips x 150 ms + 100 ms). The recipients are residents already in
the course; the tapping residents are new ones, from /start on.
"""

from __future__ import annotations

import asyncio

from bench.apps import bot_app
from bench.broadcast import TEXT, one_leader, start_broadcast
from bench.databases import fresh_database
from bench.offer import Figures, Offer
from bench.residents import add_residents
from bench.taps import Tappers
from bench.verdicts import by_kind, judged, line
from bot.app import running
from bot.double import FakeTelegram, Sent

DELAY = 0.15
BROADCAST_RATE = 25.0
TELEGRAM_RATE = 30.0
MESSAGES_PER_TAP = 3
KEEP = 0.95


async def _broadcast(kind: str, recipients: int, tap_rate: float) -> tuple[float, Figures | None]:
    """One broadcast to `recipients` (with taps at `tap_rate` meanwhile): its rate at the
    double, from the first copy to the last, and the taps' figures."""
    copies: list[float] = []
    sent = asyncio.Event()

    def seen(call: Sent) -> None:
        if call.method == "sendMessage" and call.text == TEXT:
            copies.append(call.at)
            if len(copies) == recipients:
                sent.set()

    async with fresh_database(kind) as db:
        await add_residents(db, recipients)
        api = FakeTelegram()
        api.listeners.append(seen)
        app = bot_app(
            db.url,
            api,
            broadcast_rate=BROADCAST_RATE,
            telegram_rate=TELEGRAM_RATE,
            broadcast_worker=True,
        )
        async with running(app):
            await one_leader([app])
            api.delay = DELAY
            await start_broadcast([app], TEXT)
            taps = None
            if tap_rate:
                crowd = Tappers(api, 30_000_000, int(tap_rate * 2) + 1)  # each taps on and on
                taps = await Offer(app, crowd, tap_rate, recipients / BROADCAST_RATE).run()
            await asyncio.wait_for(sent.wait(), timeout=recipients / BROADCAST_RATE * 3 + 30)
    return (len(copies) - 1) / (copies[-1] - copies[0]), taps


async def broadcast_with_taps(kind: str, recipients: int) -> list[str]:
    """The broadcast alone, then with residents tapping; print the figures and the targets;
    the summary line."""
    tap_rate = (TELEGRAM_RATE - BROADCAST_RATE) / MESSAGES_PER_TAP
    alone, _ = await _broadcast(kind, recipients, 0.0)
    rate, taps = await _broadcast(kind, recipients, tap_rate)
    print(
        f"  broadcast to {recipients:,} residents at {DELAY * 1000:.0f} ms a call "
        f"(BROADCAST_RATE {BROADCAST_RATE:g}, TELEGRAM_RATE {TELEGRAM_RATE:g}): alone "
        f"{alone:.2f} msg/s; with {tap_rate:.2f} taps/s {rate:.2f} msg/s "
        f"({rate / alone:.2f} of alone)",
        flush=True,
    )
    print(line("taps", taps), flush=True)
    within, kinds = by_kind(taps, DELAY)
    lines = [
        kinds,
        *judged(
            [
                (
                    rate >= KEEP * BROADCAST_RATE,
                    f"broadcast {rate / BROADCAST_RATE:.3f} of its rate >= {KEEP}",
                ),
                (taps.lost == 0, f"taps lost {taps.lost}"),
                (within, "p99 within bound for every kind"),
            ]
        ),
    ]
    print("\n".join(lines), flush=True)
    return [f"  {kind:<10} broadcast with taps: {lines[-1].strip()[3:]}"]
