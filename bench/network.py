"""Residents tapping through the course over a slow network: the Bot API double makes every call
wait one round trip (0, 50, 150, 250 ms), and taps arrive open-loop on `update_queue` at a fixed
rate, as polling delivers them, whatever the bot's backlog.

For each database and delay it prints, for the bot (build_application) and, in the same run, for
a bare PTB app with `concurrent_updates(256)` doing the same number of sequential calls per
update: taps offered and handled per second, p50 / p99 from arrival to the end of the update
(its last Bot API call), and the backlog when the offering stops.

B, the bot's own in-process rate (no delay, one update at a time), is measured first on each
database; the offered rate is 0.8 x B and never less than 100 taps/s. Targets at 150 ms: all
handled, no backlog, p99 <= (sequential round trips of a tap x delay) + 100 ms, and >= 0.9 of the
bare app's handled rate.

Run: python -m bench.network [--quick] [--seconds S] [--db sqlite|postgresql|both]
                             [--delays 0 0.05 0.15 0.25]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bench.ceilings import handle
from bench.databases import fresh_database
from bench.taps import Tappers
from bot.app import build_application, running
from bot.config import Settings
from bot.context import AppState
from bot.double import BOT_TOKEN, DoubleRequest, FakeTelegram
from bot.processor import ChatOrderedProcessor

MIN_OFFERED = 100.0
SHARE = 0.8
DELAYS = [0.0, 0.05, 0.15, 0.25]


def bot_app(url: str, api: FakeTelegram) -> Application:
    """The bot as deployed, on `url`; the send budget is lifted (only the network is measured)."""
    settings = Settings(_env_file=None, database_url=url, telegram_bot_token=None,
                        nudge_sweep_seconds=0, broadcast_worker=False, migrate_on_start=False,
                        flood_limit=1_000_000, telegram_rate=1_000_000,
                        broadcast_rate=1_000_000)
    return build_application(settings, request=DoubleRequest(api), token=BOT_TOKEN)


def bare_app(api: FakeTelegram, calls: int) -> Application:
    """A bare PTB app, 256 updates at once, that makes `calls` sequential calls per update. It
    uses the bot's processor only to be watched: each resident has one tap in flight at a time,
    so per-chat order never holds one of its updates back."""

    async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        for _ in range(calls):
            await context.bot.send_message(update.effective_chat.id, "ok")

    app = (ApplicationBuilder().token(BOT_TOKEN).request(DoubleRequest(api))
           .get_updates_request(DoubleRequest(api))
           .concurrent_updates(ChatOrderedProcessor(256, 1_000_000)).build())
    app.add_handler(TypeHandler(Update, reply))
    return app


class Offer:
    """Taps at `rate` per second for `seconds`, from residents who are not waiting for a reply."""

    def __init__(self, app: Application, crowd: Tappers, rate: float, seconds: float) -> None:
        self.app, self.crowd, self.rate, self.seconds = app, crowd, rate, seconds
        self.latencies: list[float] = []
        self.offered = self.handled_in_window = self.skipped = 0
        self._busy: set[int] = set()
        self._pending: set[asyncio.Future] = set()

    async def run(self) -> int:
        """Offer the taps; return the backlog when offering stops (then let it drain)."""
        processor: ChatOrderedProcessor = self.app.update_processor
        start = time.perf_counter()
        end = start + self.seconds
        idle = list(self.crowd.order)
        while (now := time.perf_counter()) < end:
            due = start + self.offered / self.rate
            if now < due:
                await asyncio.sleep(due - now)
            self.crowd.observe()
            idle = idle or [t for t in self.crowd.order if t.user_id not in self._busy]
            if not idle:
                self.skipped += 1
                self.offered += 1
                continue
            tapper = idle.pop()
            self._busy.add(tapper.user_id)
            update = Update.de_json(tapper.next_update(), self.app.bot)
            watched = processor.watch(update)
            arrived = time.perf_counter()
            watched.add_done_callback(self._done(tapper.user_id, arrived, end))
            self._pending.add(watched)
            await self.app.update_queue.put(update)
            self.offered += 1
        backlog = sum(not f.done() for f in self._pending)
        await asyncio.wait_for(asyncio.gather(*self._pending), timeout=120)
        return backlog

    def _done(self, user_id: int, arrived: float, end: float) -> Callable:
        def finish(future: asyncio.Future) -> None:
            finished = time.perf_counter()
            self.latencies.append(finished - arrived)
            self.handled_in_window += finished <= end
            self._busy.discard(user_id)
            self._pending.discard(future)
        return finish


def quantile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def in_process_rate(url: str, updates: int) -> tuple[float, float]:
    """B: taps a second handled one at a time with no delay; and Bot API calls per tap."""
    api = FakeTelegram()
    app = bot_app(url, api)
    crowd = Tappers(api, 10_000_000, 100)
    busy = 0.0
    async with running(app):
        before = len(api.calls)
        for i in range(updates):
            tapper = crowd.order[i % len(crowd.order)]
            busy += await handle(app, tapper.next_update())
            crowd.observe()
        calls = (len(api.calls) - before) / updates
    return updates / busy, calls


async def lone_round_trips(url: str, delay: float, taps: int = 20) -> float:
    """Sequential round trips of a tap: the median time one resident alone waits for a tap to be
    handled, in round trips (the CPU's share is a few ms, within the rounding)."""
    api = FakeTelegram()
    api.delay = delay
    app = bot_app(url, api)
    crowd = Tappers(api, 9_000_000 + int(delay * 1000), 1)
    tapper = crowd.order[0]
    async with running(app):
        waits = []
        for _ in range(taps):
            waits.append(await handle(app, tapper.next_update()))
            crowd.observe()
    return statistics.median(waits) / delay


async def measure(make: Callable[[FakeTelegram], Application], first_id: int, residents: int,
                  rate: float, seconds: float, delay: float) -> dict:
    """One open-loop run of an app at `delay`; its figures."""
    api = FakeTelegram()
    api.delay = delay
    app = make(api)
    crowd = Tappers(api, first_id, residents)
    async with running(app) if isinstance(app.bot_data, AppState) else _bare(app):
        offer = Offer(app, crowd, rate, seconds)
        backlog = await offer.run()
    return {"offered": offer.offered / seconds, "handled": offer.handled_in_window / seconds,
            "p50": quantile(offer.latencies, 0.5), "p99": quantile(offer.latencies, 0.99),
            "backlog": backlog, "skipped": offer.skipped}


class _bare:
    def __init__(self, app: Application) -> None:
        self.app = app

    async def __aenter__(self) -> Application:
        await self.app.initialize()
        await self.app.start()
        return self.app

    async def __aexit__(self, *exc) -> None:
        await self.app.stop()
        await self.app.shutdown()


def line(who: str, f: dict) -> str:
    return (f"    {who:4} offered {f['offered']:6.1f}/s  handled {f['handled']:6.1f}/s  "
            f"p50 {f['p50'] * 1000:6.0f} ms  p99 {f['p99'] * 1000:6.0f} ms  "
            f"backlog {f['backlog']:5d}")


async def run_database(kind: str, delays: list[float], seconds: float, b_updates: int,
                       offered: float | None = None) -> None:
    """Every delay on one database, bot and bare app side by side."""
    async with fresh_database(kind) as db:
        b, calls = await in_process_rate(db.url, b_updates)
        rate = offered or max(SHARE * b, MIN_OFFERED)
        print(f"{kind}: B = {b:.0f} taps/s in process, {calls:.2f} Bot API calls per tap; "
              f"offering {rate:.0f} taps/s for {seconds:.0f} s", flush=True)
        for n, delay in enumerate(delays):
            residents = int(rate * (delay * 4 + 0.5)) + 50
            first_id = 20_000_000 + n * 1_000_000
            bot = await measure(lambda api: bot_app(db.url, api), first_id, residents, rate,
                                seconds, delay)
            bare = await measure(lambda api: bare_app(api, round(calls)), first_id, residents,
                                 rate, seconds, delay)
            share = bot["handled"] / bare["handled"] if bare["handled"] else float("nan")
            trips = await lone_round_trips(db.url, delay) if delay else 0.0
            target = (round(trips) * delay + 0.1) * 1000
            print(f"  delay {delay * 1000:3.0f} ms: a tap alone waits {trips:.2f} round trips; "
                  f"p99 target {target:.0f} ms; bot/bare handled {share:.2f}", flush=True)
            print(line("bot", bot), flush=True)
            print(line("bare", bare), flush=True)


async def main(argv: list[str] | None = None) -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(prog="python -m bench.network", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="8 s per run instead of 60 s")
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--delays", type=float, nargs="+", default=DELAYS)
    parser.add_argument("--offered", type=float,
                        help="taps a second to offer instead of max(0.8 x B, 100)")
    args = parser.parse_args(argv)
    seconds = args.seconds or (8.0 if args.quick else 60.0)
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    for kind in kinds:
        await run_database(kind, args.delays, seconds, 400 if args.quick else 2000,
                           args.offered)


if __name__ == "__main__":
    asyncio.run(main())
