"""Residents' updates handled per second, end to end, against two ceilings measured in the same run;
and the handling latency when updates arrive at a fixed 50 a second.

    B  the bot: the Application from build_application, the Bot API double, a real database;
       residents tap through consent, language, profile, survey, cards, quizzes and modules
    E  a bare python-telegram-bot Application with one MessageHandler echoing the text, same double
    D  the bare database unit of work: one transaction that reads a resident, updates their
       progress and inserts a quiz answer (SQLAlchemy, no Telegram)

Target: B >= 0.6 x 1/(1/E + 1/D), the rate of doing both E's and D's work per update; and p99
handling latency under 50 ms at 50 updates/s. Updates are handled one at a time (`process_update`
directly): the CPU's rate, with no network to wait for (bench.network measures the bot's
concurrency over a slow network); a rate is updates / time spent handling them
(`Update.de_json` + `process_update`), so the harness's own bookkeeping is not counted.

Run: python -m bench.updates [--quick] [--db sqlite|postgresql|both] [--statements]
                             [--profile FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import event
from telegram.ext import Application

from bench.ceilings import EchoRun, UnitRun, handle
from bench.databases import fresh_database
from bench.latency import LATENCY_RATE, latency
from bench.residents import add_residents
from bench.taps import Tappers, kind_of
from bot.app import build_application, running
from bot.config import Settings
from bot.db.engine import Database
from bot.double import BOT_TOKEN, DoubleRequest, FakeTelegram

P99_TARGET_S = 0.050
SHARE_TARGET = 0.6
ROUNDS = 10


@dataclass(frozen=True)
class Sizes:
    """How much work each part does."""

    background: int  # residents already in the database (not tapping)
    residents: int  # residents tapping in the throughput run
    updates: int  # updates in the throughput run (B), and messages echoed (E)
    units: int  # database units of work (D)
    latency_s: float  # seconds of updates at 50/s


FULL = Sizes(background=100_000, residents=250, updates=10_000, units=5_000, latency_s=60)
QUICK = Sizes(background=10_000, residents=50, updates=1_500, units=1_000, latency_s=15)


class QueryCounter:
    """Counts the SQL statements an engine runs (BEGIN and COMMIT are not statements here)."""

    def __init__(self, db: Database) -> None:
        self.count = 0
        self.statements: dict[str, int] = {}
        self._engine = db.session_engine.sync_engine
        event.listen(self._engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.startswith("BEGIN"):
            return
        self.count += 1
        key = " ".join(statement.split())[:90]
        self.statements[key] = self.statements.get(key, 0) + 1

    def close(self) -> None:
        """Stop counting."""
        event.remove(self._engine, "before_cursor_execute", self._seen)


class BotRun:
    """B: residents tapping through the course, one update after another."""

    def __init__(
        self, app: Application, api: FakeTelegram, residents: int, profile: cProfile.Profile | None
    ) -> None:
        self.app = app
        self.crowd = Tappers(api, 1, residents)
        self.counter = QueryCounter(app.bot_data.services.db)
        self.profile = profile
        self.transactions = 0
        self.in_transactions = 0.0
        self._time_transactions(app.bot_data.services.db)
        self.done = 0
        self.busy = 0.0
        self.kinds: dict[str, list[float]] = {}  # kind -> [updates, seconds, statements]

    def _time_transactions(self, db: Database) -> None:
        """Wrap the bot's `Database.transaction` (on this instance only) with a stopwatch."""
        plain = db.transaction

        @asynccontextmanager
        async def timed() -> AsyncIterator:
            started = time.perf_counter()
            try:
                async with plain() as session:
                    yield session
            finally:
                self.transactions += 1
                self.in_transactions += time.perf_counter() - started

        db.transaction = timed

    async def run(self, updates: int) -> None:
        """Handle `updates` more taps."""
        for _ in range(updates):
            raw = self.crowd.order[self.done % len(self.crowd.order)].next_update()
            before = self.counter.count
            if self.profile:
                self.profile.enable()
            took = await handle(self.app, raw)
            if self.profile:
                self.profile.disable()
            self.busy += took
            tally = self.kinds.setdefault(kind_of(raw), [0, 0.0, 0])
            tally[0] += 1
            tally[1] += took
            tally[2] += self.counter.count - before
            self.crowd.observe()
            self.done += 1
            if self.done % 2000 == 0:
                self.crowd.forget()

    def result(self) -> dict:
        """Rate, statements per update, and the breakdown by kind of update."""
        self.counter.close()
        return {
            "B": self.done / self.busy,
            "queries": self.counter.count / self.done,
            "tx_per_update": self.transactions / self.done,
            "tx_ms": self.in_transactions / self.done * 1000,
            "rest_ms": (self.busy - self.in_transactions) / self.done * 1000,
            "statements": self.counter.statements,
            "kinds": self.kinds,
            "resends": self.crowd.resends,
        }


async def measure(
    kind: str, sizes: Sizes, profile: cProfile.Profile | None = None
) -> dict[str, float]:
    """E, D and B on one fresh database, interleaved in rounds so that whatever else the machine
    does slows all three alike; then the latency run on the same bot."""
    async with fresh_database(kind) as db:
        await add_residents(db, sizes.background)
        units = UnitRun(db)
        await units.prepare()
        echo = EchoRun()
        api = FakeTelegram()
        settings = Settings(
            _env_file=None,
            database_url=db.url,
            nudge_sweep_seconds=0,
            broadcast_worker=False,
            migrate_on_start=False,
        )
        app = build_application(settings, request=DoubleRequest(api), token=BOT_TOKEN)
        async with echo.app, running(app):
            await echo.app.start()
            bot = BotRun(app, api, sizes.residents, profile)
            for _ in range(ROUNDS):
                await echo.run(sizes.updates // ROUNDS)
                await units.run(sizes.units // ROUNDS)
                await bot.run(sizes.updates // ROUNDS)
            await echo.app.stop()
            result = bot.result()
            lat = await latency(app, api, sizes.latency_s)
    return {
        "E": echo.done / echo.busy,
        "D": units.done / units.busy,
        **result,
        "resends": result["resends"] + lat["resends"],
        **{f"lat_{k}": v for k, v in lat.items() if k != "resends"},
    }


def report(kind: str, r: dict, out: Callable[[str], None] = print) -> None:
    """Print one line per database (and a second with the latency)."""
    target = SHARE_TARGET / (1 / r["E"] + 1 / r["D"])
    out(
        f"  {kind:<10} E {r['E']:,.0f}/s · D {r['D']:,.0f}/s · bot B {r['B']:,.0f} updates/s "
        f"· target 0.6/(1/E+1/D) = "
        f"{target:,.0f}/s · B/target = {r['B'] / target:.2f} (target >= 1)"
    )
    out(
        f"  {kind:<10} per update: bot {1000 / r['B']:.2f} ms = {r['tx_ms']:.2f} ms in "
        f"{r['tx_per_update']:.2f} database transactions ({r['queries']:.1f} SQL statements) "
        f"+ {r['rest_ms']:.2f} ms Telegram side; D {1000 / r['D']:.2f} ms (3 statements), "
        f"E {1000 / r['E']:.2f} ms"
    )
    out(
        f"  {kind:<10} at {LATENCY_RATE:g} updates/s for {r['lat_count'] / LATENCY_RATE:.0f} s: "
        f"p50 {r['lat_p50'] * 1000:.1f} ms, p99 {r['lat_p99'] * 1000:.1f} ms "
        f"= {r['lat_p99'] / P99_TARGET_S:.2f} of the 50 ms target (max "
        f"{r['lat_max'] * 1000:.0f} ms; handling alone p99 {r['lat_handling_p99'] * 1000:.1f} ms)"
    )
    if r["resends"]:
        out(f"  {kind:<10} note: {r['resends']} taps had no prompt and sent /belajar instead")


def main() -> None:
    """Print E, D, B, the target and B's share of it, and the latency, per database."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes, about a minute")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--profile", help="write a cProfile of the bot's updates (B) here")
    parser.add_argument(
        "--statements",
        action="store_true",
        help="list the SQL statements the bot ran, most frequent first",
    )
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    print(
        f"updates: {sizes.residents} residents tapping, {sizes.updates:,} updates, "
        f"{sizes.background:,} other residents in the database"
    )
    for kind in kinds:
        profile = cProfile.Profile() if args.profile else None
        r = asyncio.run(measure(kind, sizes, profile))
        report(kind, r)
        if profile:
            profile.dump_stats(f"{args.profile}.{kind}")
        if args.statements:
            for kind_, (n, seconds, statements) in sorted(
                r["kinds"].items(), key=lambda kv: -kv[1][0]
            ):
                print(
                    f"      {kind_:<10} {n:6,} updates  {seconds / n * 1000:5.2f} ms each  "
                    f"{statements / n:4.1f} SQL statements each"
                )
            for statement, n in sorted(r["statements"].items(), key=lambda kv: -kv[1])[:25]:
                print(f"      {n / sizes.updates:5.2f}/update  {statement}")


if __name__ == "__main__":
    main()
