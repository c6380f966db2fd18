"""One broadcast through the Bot API double from 1, 2 or 4 bot processes on one database, each
Bot API call costing one network round trip, while a resident chats with the bot (their updates
spread over the processes): the combined rate and the busiest one-second window measured at the
double, and the time to answer the chatting resident (p50, p99).

The processes are application instances in one Python process, each with its own database
engine, budget and share: they coordinate only through the database, as separate processes do.
SQLite is single-process, so it runs with one.

Run: python -m bench.broadcast [--recipients 10000] [--rate 25] [--processes 1,2,4]
     [--delay 0.15] [--db sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from contextlib import AsyncExitStack

from telegram import Update
from telegram.ext import Application

from bench.databases import fresh_database
from bench.residents import FIRST_ID, add_residents
from bot.app import build_application, running
from bot.config import Settings
from bot.double import BOT_TOKEN, ChatUser, DoubleRequest, FakeTelegram, busiest_second
from tests.flows import onboard

CHATTER = 555
TEXT = "Latihan evakuasi besok."
TOTAL_RATE = 30.0


async def one_leader(apps, within: float = 10.0) -> None:
    """Wait until exactly one of `apps` is the bulk sender."""
    deadline = time.monotonic() + within
    while sum(a.bot_data.sender.budget.may_send_bulk for a in apps) != 1:
        if time.monotonic() > deadline:
            raise RuntimeError("no single bulk sender elected")
        await asyncio.sleep(0.05)


async def start_broadcast(apps: list[Application], text: str) -> int:
    """Send `text` to every resident now, as a moderator would; wake the senders; its id."""
    broadcasts = apps[0].bot_data.services.broadcasts
    draft = await broadcasts.open_draft(1, "id")
    await broadcasts.set_message(draft.id, 1, text, None)
    await broadcasts.set_english(draft.id, 1, None)
    await broadcasts.set_audience(draft.id, 1, {"kind": "all"})
    await broadcasts.send_now(draft.id, 1)
    for app in apps:
        app.bot_data.sender.wake()
    return draft.id


async def _progres(app, chatter: ChatUser, api: FakeTelegram) -> float:
    update = {
        "update_id": api.next_update_id(),
        "message": chatter._message(
            text="/progres", entities=[{"type": "bot_command", "offset": 0, "length": 8}]
        ),
    }
    started = time.perf_counter()
    await app.process_update(Update.de_json(update, app.bot))
    return time.perf_counter() - started


async def measure(
    kind: str, recipients: int, rate: float, processes: int, delay: float
) -> dict[str, float]:
    """Run one broadcast from `processes` instances with a chatting resident; return figures."""
    async with fresh_database(kind) as db, AsyncExitStack() as stack:
        await add_residents(db, recipients)
        api = FakeTelegram()
        settings = Settings(
            _env_file=None,
            database_url=db.url,
            broadcast_rate=rate,
            telegram_rate=TOTAL_RATE,
            nudge_sweep_seconds=0,
            broadcast_worker=True,
            flood_limit=10_000,
        )
        apps = [
            build_application(settings, request=DoubleRequest(api, str(n)), token=BOT_TOKEN)
            for n in range(processes)
        ]
        for app in apps:
            await stack.enter_async_context(running(app))
        await one_leader(apps)
        chatter = ChatUser(apps[0], api, CHATTER)
        await onboard(chatter)
        api.delay = delay
        services = apps[0].bot_data.services
        draft_id = await start_broadcast(apps, TEXT)
        latencies = []
        while (await services.broadcasts.summary(draft_id)).status != "done":
            app = apps[len(latencies) % processes]  # the resident's updates reach any process
            chatter.app = app
            latencies.append(await _progres(app, chatter, api))
            await asyncio.sleep(0.2)
    copies = [
        c.at
        for c in api.calls
        if c.method == "sendMessage" and c.text == TEXT and c.chat_id >= FIRST_ID
    ]
    everything = [c.at for c in api.calls if c.method == "sendMessage" and c.at >= min(copies)]
    latencies.sort()
    return {
        "sent": len(copies),
        "seconds": max(copies) - min(copies),
        "rate": (len(copies) - 1) / (max(copies) - min(copies)),
        "busiest": busiest_second(copies),
        "busiest_all": busiest_second(everything),
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "replies": len(latencies),
    }


def main() -> None:
    """Print combined rate, busiest second and reply latency per database and process count."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=25.0)
    parser.add_argument("--processes", default="1,2,4")
    parser.add_argument("--delay", type=float, default=0.15, help="seconds per Bot API call")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    counts = [int(n) for n in args.processes.split(",")]
    print(
        f"broadcast: {args.recipients:,} recipients at {args.rate:g} msg/s configured "
        f"(TELEGRAM_RATE {TOTAL_RATE:g}), {args.delay * 1000:.0f} ms per Bot API call, a "
        f"resident sending /progres every 0.2 s meanwhile; targets: rate >= 0.95 of the "
        f"configured, busiest second <= {args.rate + 2:g}, replies p99 < 250 ms"
    )
    for kind in kinds:
        for processes in counts:
            if kind == "sqlite" and processes > 1:
                print(f"  {kind:<10} {processes} processes: n/a (SQLite is single-process)")
                continue
            r = asyncio.run(measure(kind, args.recipients, args.rate, processes, args.delay))
            print(
                f"  {kind:<10} {processes} process{'es' if processes > 1 else '  '}: "
                f"{r['sent']:,} sent in {r['seconds']:.1f} s = {r['rate']:.2f} msg/s "
                f"({r['rate'] / args.rate:.3f} of configured); busiest second "
                f"{r['busiest']} broadcast, {r['busiest_all']} with replies; replies p50 "
                f"{r['p50'] * 1000:.0f} ms, p99 {r['p99'] * 1000:.0f} ms over "
                f"{r['replies']} replies",
                flush=True,
            )


if __name__ == "__main__":
    main()
