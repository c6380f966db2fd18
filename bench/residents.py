"""Synthetic residents for benchmarks, inserted in bulk (real, not demo: broadcasts reach them)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from bot.db.engine import Database
from bot.db.models import Resident

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # 19:00 in Jakarta
FIRST_ID = 10_000_000


async def add_residents(db: Database, count: int, *, due: int = 0, seed: int = 7) -> None:
    """`count` consented residents in the course; the first `due` have a nudge due now."""
    rng = random.Random(seed)
    regions = ["jakpus", "jakut", "jakbar", "jaksel", "jaktim", "kepseribu"]
    rows = []
    for n in range(count):
        if n < due:
            next_at = NOW - timedelta(minutes=rng.randint(0, 30))
        else:
            next_at = rng.choice([None, NOW + timedelta(hours=rng.randint(1, 72))])
        rows.append(
            {
                "telegram_id": FIRST_ID + n,
                "chat_id": FIRST_ID + n,
                "first_name": "Warga",
                "locale": "en" if n % 10 == 0 else "id",
                "stage": "course",
                "region": rng.choice(regions),
                "consented_at": NOW - timedelta(days=3),
                "last_active_at": NOW - timedelta(days=1),
                "nudge_slot": "evening",
                "next_nudge_at": next_at,
                "nudges_ignored": rng.randint(0, 2),
                "streak_days": 0,
                "is_demo": False,
            }
        )
    async with db.transaction() as session:
        for start in range(0, count, 5000):
            await session.execute(insert(Resident), rows[start : start + 5000])
