"""A broadcast's state and delivery counts, read from its record and its deliveries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Broadcast, Delivery
from bot.db.values import BroadcastStatus, DeliveryStatus
from bot.services import audience
from bot.services.deliveries import CRASH_NOTE


@dataclass(frozen=True)
class Summary:
    """A broadcast's state and delivery counts."""

    id: int
    status: str
    locale: str
    created_at: datetime
    scheduled_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    status_chat_id: int | None
    status_message_id: int | None
    total: int
    sent: int
    blocked: int
    failed: int
    resent: int
    text: str | None = None
    has_photo: bool = False
    audience: dict[str, Any] | None = None
    audience_now: int | None = None  # who a scheduled one would reach now (not yet fixed)

    @property
    def done(self) -> int:
        """Deliveries that reached an end state."""
        return self.sent + self.blocked + self.failed


async def summarise(session: AsyncSession, b: Broadcast) -> Summary:
    """The broadcast's summary: its deliveries counted by status, those sent again after a
    crash, and for a scheduled one who it would reach now."""
    counts = dict(
        (
            await session.execute(
                select(Delivery.status, func.count())
                .where(Delivery.broadcast_id == b.id)
                .group_by(Delivery.status)
            )
        ).all()
    )
    resent = (
        await session.scalar(
            select(func.count()).where(Delivery.broadcast_id == b.id, Delivery.error == CRASH_NOTE)
        )
        or 0
    )
    return Summary(
        b.id,
        b.status,
        b.moderator_locale,
        b.created_at,
        b.scheduled_at,
        b.started_at,
        b.finished_at,
        b.status_chat_id,
        b.status_message_id,
        sum(counts.values()),
        counts.get(DeliveryStatus.SENT, 0),
        counts.get(DeliveryStatus.BLOCKED, 0),
        counts.get(DeliveryStatus.FAILED, 0),
        resent,
        b.text_id,
        b.photo_file_id is not None,
        b.audience or {},
        await audience.count(session, b.audience)
        if b.status == BroadcastStatus.SCHEDULED and audience.valid(b.audience or {})
        else None,
    )
