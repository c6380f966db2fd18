"""What the bot sent on its own: nudges, and broadcasts with their deliveries by status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.models import Broadcast, Delivery, Nudge
from bot.services.reports.window import Window, count_if, utc


@dataclass(frozen=True)
class NudgeCounts:
    """Nudges sent in the period."""

    sent: int = 0  # sent in the period
    followed: int = 0  # ... and followed by activity within 24 hours
    blocked: int = 0  # met a block while being sent in the period
    failed: int = 0  # failed while being sent in the period


async def nudges(conn: AsyncConnection, w: Window) -> NudgeCounts:
    """Nudges sent in the period (and those that failed or met a block while being sent)."""
    sent = and_(Nudge.status == "sent", w.during(Nudge.sent_at))
    tried = w.during(Nudge.claimed_at)
    query = w.residents_of(
        select(
            count_if(sent),
            count_if(and_(sent, Nudge.responded_at.is_not(None))),
            count_if(and_(tried, Nudge.status == "blocked")),
            count_if(and_(tried, Nudge.status == "failed")),
        ).where(or_(tried, w.during(Nudge.sent_at))),
        Nudge.resident_id,
    )
    return NudgeCounts(*(await conn.execute(query)).one())


@dataclass(frozen=True)
class BroadcastCounts:
    """One broadcast's deliveries to the residents in scope."""

    broadcast_id: int
    started_at: datetime
    recipients: int
    delivered: int
    blocked: int
    failed: int
    pending: int


async def broadcasts(conn: AsyncConnection, w: Window) -> list[BroadcastCounts]:
    """Broadcasts that started in the period, with their deliveries by status."""
    status = Delivery.status
    query = w.residents_of(
        select(
            Broadcast.id,
            Broadcast.started_at,
            func.count(),
            count_if(status == "sent"),
            count_if(status == "blocked"),
            count_if(status == "failed"),
            count_if(status == "pending"),
        )
        .join(Delivery, Delivery.broadcast_id == Broadcast.id)
        .where(w.during(Broadcast.started_at)),
        Delivery.resident_id,
    )
    query = query.group_by(Broadcast.id, Broadcast.started_at).order_by(Broadcast.started_at)
    return [
        BroadcastCounts(bid, utc(started), *counts)
        for bid, started, *counts in await conn.execute(query)
    ]
