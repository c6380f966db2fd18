"""One broadcast to 10,000 residents through the Bot API double at the configured rate, while a
resident chats with the bot: the achieved rate as a fraction of the configured one, and the time
to answer the chatting resident (p50, p99).

Run: python -m bench.broadcast [--recipients 10000] [--rate 25] [--db sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from telegram import Update

from bench.databases import fresh_database
from bench.residents import add_residents
from bot.app import build_application, running
from bot.config import Settings
from bot.double import BOT_TOKEN, ChatUser, DoubleRequest, FakeTelegram
from tests.flows import onboard

CHATTER = 555


async def measure(kind: str, recipients: int, rate: float) -> dict[str, float]:
    """Run one broadcast with a chatting resident; return rate and reply latencies."""
    async with fresh_database(kind) as db:
        await add_residents(db, recipients)
        api = FakeTelegram()
        settings = Settings(_env_file=None, database_url=db.url, broadcast_rate=rate,
                            telegram_rate=30, nudge_sweep_seconds=0, broadcast_worker=True)
        app = build_application(settings, request=DoubleRequest(api), token=BOT_TOKEN)
        async with running(app):
            chatter = ChatUser(app, api, CHATTER)
            await onboard(chatter)
            services = app.bot_data["services"]
            draft = await services.broadcasts.open_draft(1, "id")
            await services.broadcasts.set_message(draft.id, 1, "Latihan evakuasi besok.", None)
            await services.broadcasts.set_english(draft.id, 1, None)
            await services.broadcasts.set_audience(draft.id, 1, {"kind": "all"})
            started = time.perf_counter()
            await services.broadcasts.send_now(draft.id, 1)
            app.bot_data["sender"].wake()
            latencies = []
            while True:
                summary = await services.broadcasts.summary(draft.id)
                if summary.status == "done":
                    break
                update = {"update_id": api.next_update_id(), "message": chatter._message(
                    text="/progres", entities=[{"type": "bot_command", "offset": 0,
                                                "length": 8}])}
                t0 = time.perf_counter()
                await app.process_update(Update.de_json(update, app.bot))
                latencies.append(time.perf_counter() - t0)
                await asyncio.sleep(0.2)
            elapsed = time.perf_counter() - started
        sent = [c for c in api.calls if c.method == "sendMessage" and c.chat_id != CHATTER
                and c.text == "Latihan evakuasi besok."]
        latencies.sort()
        return {"sent": len(sent), "seconds": elapsed, "rate": len(sent) / elapsed,
                "p50": statistics.median(latencies),
                "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
                "replies": len(latencies)}


def main() -> None:
    """Print the achieved broadcast rate and reply latency on the chosen databases."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=25.0)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    print(f"broadcast: {args.recipients:,} recipients at {args.rate:g} msg/s configured, "
          f"a resident sending /progres every 0.2 s meanwhile")
    for kind in kinds:
        r = asyncio.run(measure(kind, args.recipients, args.rate))
        print(f"  {kind:<10} {r['sent']:,} sent in {r['seconds']:.1f} s: {r['rate']:.2f} msg/s "
              f"= {r['rate'] / args.rate:.3f} of the configured rate (target >= 0.95); "
              f"replies to the chatting resident p50 {r['p50'] * 1000:.0f} ms, "
              f"p99 {r['p99'] * 1000:.0f} ms over {r['replies']} replies (target p99 < 250 ms)")


if __name__ == "__main__":
    main()
