"""How long the nudge sweep takes to find and claim due residents among 100,000.

Run: python -m bench.nudge_sweep [--residents 100000] [--due 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from bench.databases import fresh_database
from bot.clock import ManualClock
from bot.config import PROJECT_ROOT, Settings
from bot.curriculum import load_course
from bot.db.models import Resident
from bot.services import Services

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # 19:00 in Jakarta
CONTENT = PROJECT_ROOT / "content"


async def fill(db, residents: int, due: int) -> None:
    """`residents` rows, `due` of them due now, the rest due later or not at all."""
    rng = random.Random(7)
    rows = []
    for n in range(residents):
        if n < due:
            next_at = NOW - timedelta(minutes=rng.randint(0, 30))
        else:
            next_at = rng.choice([None, NOW + timedelta(hours=rng.randint(1, 72))])
        rows.append({
            "telegram_id": 10_000_000 + n, "chat_id": 10_000_000 + n, "first_name": "Warga",
            "locale": "id", "stage": "course", "consented_at": NOW - timedelta(days=3),
            "last_active_at": NOW - timedelta(days=1), "nudge_slot": "evening",
            "next_nudge_at": next_at, "nudges_ignored": rng.randint(0, 2), "streak_days": 0,
            "is_demo": True,
        })
    async with db.transaction() as session:
        for start in range(0, residents, 5000):
            await session.execute(insert(Resident), rows[start:start + 5000])


async def measure(kind: str, residents: int, due: int) -> dict[str, float]:
    """Fill a fresh database and time the claims of one full sweep."""
    async with fresh_database(kind) as db:
        await fill(db, residents, due)
        services = Services.build(Settings(_env_file=None), db, load_course(CONTENT),
                                  ManualClock(NOW))
        batches, claimed = [], 0
        while True:
            started = time.perf_counter()
            claim = await services.nudges.claim_due(200)
            if not claim.scanned:
                break
            batches.append(time.perf_counter() - started)
            claimed += len(claim.nudges)
        return {"claimed": claimed, "sweep_s": sum(batches), "batches": len(batches),
                "batch_max_s": max(batches)}


def main() -> None:
    """Print the sweep's database time on SQLite and PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=5_000)
    args = parser.parse_args()
    print(f"nudge sweep: {args.residents:,} residents, {args.due:,} due now, batches of 200")
    for kind in ("sqlite", "postgresql"):
        r = asyncio.run(measure(kind, args.residents, args.due))
        print(f"  {kind:<10} claimed {r['claimed']:,} in {r['batches']} batches: "
              f"{r['sweep_s']:.3f} s database time for the whole sweep "
              f"({r['sweep_s'] / 1.0:.2f} of the 1 s target), slowest batch "
              f"{r['batch_max_s'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
