"""What the bot would have sent a simulated resident: the nudges gaps in activity draw, and the
broadcasts that reached them; and whether they stopped or blocked the bot first."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta
from typing import Any

from bot.services.stage import ONBOARDING, Stage


def stop_or_block(
    rng: random.Random, r: dict[str, Any], events: list[datetime], now: datetime
) -> datetime | None:
    """Maybe a /berhenti or a block some days after the last activity (never once finished);
    when it happened, or None."""
    gone = None
    if r["stage"] != Stage.FINISHED and events:
        roll = rng.random()
        when = events[-1] + timedelta(days=rng.uniform(1, 12))
        if when < now and roll < 0.06:
            r["stopped_at"] = gone = when
        elif when < now and roll < 0.15:
            r["blocked_at"] = gone = when
    return gone


def nudges(
    rng: random.Random,
    r: dict[str, Any],
    events: list[datetime],
    gone: datetime | None,
    now: datetime,
) -> list[dict[str, Any]]:
    """A nudge a day after activity stops; it "worked" if activity came within 24 hours."""
    rows: list[dict[str, Any]] = []
    if r["stage"] in ONBOARDING or not events:
        return rows
    for before, after in [*itertools.pairwise(events), (events[-1], None)]:
        if after is not None and after - before < timedelta(hours=30):
            continue
        sent = before + timedelta(hours=24 + rng.random() * 4)
        tries = 3 if after is None else 1
        for _ in range(tries):
            if sent >= now or (after is not None and sent >= after):
                break
            blocked = r["blocked_at"] is not None and sent >= r["blocked_at"]
            if gone is not None and sent >= gone and not blocked:
                break
            status = "blocked" if blocked else ("failed" if rng.random() < 0.01 else "sent")
            followed = (
                status == "sent" and after is not None and after - sent <= timedelta(hours=24)
            )
            rows.append(
                {
                    "resident_id": r["id"],
                    "kind": "lesson",
                    "due_at": sent,
                    "claimed_at": sent,
                    "sent_at": sent if status == "sent" else None,
                    "status": status,
                    "responded_at": after if followed else None,
                }
            )
            if blocked:
                break
            sent += timedelta(days=3)
    return rows


def deliveries(
    rng: random.Random, r: dict[str, Any], broadcasts: list[tuple[int, datetime]]
) -> list[dict[str, Any]]:
    """A delivery of each broadcast that started after the resident joined and before a stop."""
    rows = []
    for broadcast_id, started in broadcasts:
        if r["consented_at"] >= started or (r["stopped_at"] and r["stopped_at"] < started):
            continue
        blocked = r["blocked_at"] is not None and r["blocked_at"] < started
        status = "blocked" if blocked else ("failed" if rng.random() < 0.01 else "sent")
        rows.append(
            {
                "broadcast_id": broadcast_id,
                "resident_id": r["id"],
                "chat_id": r["chat_id"],
                "locale": r["locale"],
                "status": status,
                "attempts": 1,
                "claimed_at": started,
                "sent_at": started + timedelta(seconds=1) if status == "sent" else None,
            }
        )
    return rows
