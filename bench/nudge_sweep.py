"""How long the nudge sweep takes to find and claim due residents among 100,000.

Run: python -m bench.nudge_sweep [--residents 100000] [--due 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import time

from bench.databases import fresh_database
from bench.residents import NOW, add_residents
from bot.clock import ManualClock
from bot.config import PROJECT_ROOT, Settings
from bot.curriculum import load_course
from bot.services import Services

CONTENT = PROJECT_ROOT / "content"


async def measure(kind: str, residents: int, due: int) -> dict[str, float]:
    """Fill a fresh database and time the claims of one full sweep."""
    async with fresh_database(kind) as db:
        await add_residents(db, residents, due=due)
        services = Services.build(
            Settings(_env_file=None), db, load_course(CONTENT), ManualClock(NOW)
        )
        batches, claimed = [], 0
        while True:
            started = time.perf_counter()
            claim = await services.nudges.claim_due(200)
            if not claim.scanned:
                break
            batches.append(time.perf_counter() - started)
            claimed += len(claim.nudges)
        return {
            "claimed": claimed,
            "sweep_s": sum(batches),
            "batches": len(batches),
            "batch_max_s": max(batches),
        }


def main() -> None:
    """Print the sweep's database time on SQLite and PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=5_000)
    args = parser.parse_args()
    print(f"nudge sweep: {args.residents:,} residents, {args.due:,} due now, batches of 200")
    for kind in ("sqlite", "postgresql"):
        r = asyncio.run(measure(kind, args.residents, args.due))
        print(
            f"  {kind:<10} claimed {r['claimed']:,} in {r['batches']} batches: "
            f"{r['sweep_s']:.3f} s database time for the whole sweep "
            f"({r['sweep_s'] / 1.0:.2f} of the 1 s target), slowest batch "
            f"{r['batch_max_s'] * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
