"""Broadcast deliveries: one row per recipient, pending → sending → sent / blocked / failed.

The audience is fixed when sending starts. Deliveries are claimed with a lease (FOR UPDATE SKIP
LOCKED on PostgreSQL), so two bot processes never send the same one; rows left in flight by a
crash are sent again after the lease and marked as possibly sent twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.engine import Database, rowcount
from bot.db.models import Broadcast, Delivery, Resident
from bot.db.values import BroadcastStatus, DeliveryStatus, SendResult
from bot.services import audience
from bot.services.audit import record
from bot.services.sendplan import Rates, plan

LEASE = timedelta(minutes=2)
RETRY_BACKOFF = timedelta(seconds=30)  # a delivery that failed waits this long before a retry
MAX_ATTEMPTS = 3  # failures that count (Telegram unreachable does not count)
CRASH_NOTE = "in flight when a sender stopped; may have been sent twice"


@dataclass(frozen=True)
class DeliveryToSend:
    """One claimed delivery with what to send."""

    id: int
    broadcast_id: int
    chat_id: int
    text: str | None
    photo_file_id: str | None
    attempts: int


@dataclass(frozen=True)
class DeliveryResult:
    """How one send went: sent, blocked, failed, retry (counts as an attempt) or offline
    (Telegram could not be reached: back to pending without counting)."""

    delivery: DeliveryToSend
    status: SendResult
    error: str | None = None


async def start_sending(session: AsyncSession, broadcast: Broadcast, now: datetime) -> int:
    """sending: one pending delivery per recipient, inserted by one INSERT … SELECT."""
    broadcast.status, broadcast.compose_step = BroadcastStatus.SENDING, None
    broadcast.started_at = now
    recipients = select(
        literal(broadcast.id),
        Resident.id,
        Resident.chat_id,
        Resident.locale,
        literal(DeliveryStatus.PENDING.value),
        literal(0),
    ).where(*audience.conditions(broadcast.audience))
    await session.execute(
        insert(Delivery).from_select(
            ["broadcast_id", "resident_id", "chat_id", "locale", "status", "attempts"], recipients
        )
    )
    await session.flush()
    return (
        await session.scalar(select(func.count()).where(Delivery.broadcast_id == broadcast.id)) or 0
    )


def _stored(result: DeliveryResult, now: datetime) -> dict[str, Any]:
    """What one send's outcome changes in its row."""
    values: dict[str, Any] = {}
    if result.status == SendResult.RETRY:
        status = (
            DeliveryStatus.FAILED
            if result.delivery.attempts >= MAX_ATTEMPTS
            else DeliveryStatus.PENDING
        )
    elif result.status == SendResult.OFFLINE:
        status = DeliveryStatus.PENDING
        values["attempts"] = result.delivery.attempts - 1
    else:  # sent, blocked and failed are stored as they are
        status = DeliveryStatus(result.status)
    values["status"] = status
    if status == DeliveryStatus.SENT:
        values["sent_at"] = now
    if result.error:
        values["error"] = result.error[:200]
    return values


class DeliveryService:
    """The sender's claim-and-record cycle."""

    def __init__(self, db: Database, clock: Clock, rates: Rates) -> None:
        self.db = db
        self.clock = clock
        self.rates = rates

    async def start_due(self) -> list[int]:
        """Start every scheduled broadcast whose time has come (once, whoever gets there)."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            due = (
                (
                    await session.execute(
                        select(Broadcast)
                        .where(
                            Broadcast.status == BroadcastStatus.SCHEDULED,
                            Broadcast.scheduled_at <= now,
                        )
                        .with_for_update(skip_locked=True)
                    )
                )
                .scalars()
                .all()
            )
            for broadcast in due:
                size = await start_sending(session, broadcast, now)
                await record(
                    session,
                    now,
                    None,
                    "broadcast_started",
                    str(broadcast.id),
                    {"recipients": size, "scheduled": True, **plan(size, self.rates).audit()},
                )
            return [b.id for b in due]

    async def claim(self, limit: int) -> list[DeliveryToSend]:
        """Claim pending deliveries of sending broadcasts, and ones left in flight too long."""
        now = self.clock.now()
        d, b = Delivery, Broadcast
        async with self.db.transaction() as session:
            rows = (
                await session.execute(
                    select(
                        d.id,
                        d.broadcast_id,
                        d.chat_id,
                        d.locale,
                        d.status,
                        d.attempts,
                        b.text_id,
                        b.text_en,
                        b.photo_file_id,
                    )
                    .join(b, b.id == d.broadcast_id)
                    .where(
                        b.status == BroadcastStatus.SENDING,
                        (
                            (d.status == DeliveryStatus.PENDING)
                            & (d.claimed_at.is_(None) | (d.claimed_at < now - RETRY_BACKOFF))
                        )
                        | ((d.status == DeliveryStatus.SENDING) & (d.claimed_at < now - LEASE)),
                    )
                    .order_by(d.id)
                    .limit(limit)
                    .with_for_update(of=d, skip_locked=True)
                )
            ).all()
            if not rows:
                return []
            crashed = [r.id for r in rows if r.status == DeliveryStatus.SENDING]
            await session.execute(
                update(d)
                .where(d.id.in_([r.id for r in rows]))
                .values(status=DeliveryStatus.SENDING, claimed_at=now, attempts=d.attempts + 1)
            )
            if crashed:
                await session.execute(update(d).where(d.id.in_(crashed)).values(error=CRASH_NOTE))
            return [
                DeliveryToSend(
                    r.id,
                    r.broadcast_id,
                    r.chat_id,
                    r.text_en if r.locale == "en" and r.text_en else r.text_id,
                    r.photo_file_id,
                    r.attempts + 1,
                )
                for r in rows
            ]

    async def record(self, results: list[DeliveryResult]) -> None:
        """Store how each send went; blocked residents stop getting nudges and broadcasts."""
        if not results:
            return
        now = self.clock.now()
        groups: dict[tuple[tuple[str, Any], ...], list[int]] = {}
        for result in results:  # one UPDATE per outcome, not per row: a batch is usually one
            values = tuple(sorted(_stored(result, now).items()))
            groups.setdefault(values, []).append(result.delivery.id)
        async with self.db.transaction() as session:
            for values, ids in groups.items():
                await session.execute(
                    update(Delivery)
                    .where(Delivery.id.in_(ids), Delivery.status == DeliveryStatus.SENDING)
                    .values(dict(values))
                )
            blocked = [r.delivery.id for r in results if r.status == SendResult.BLOCKED]
            if blocked:
                residents = select(Delivery.resident_id).where(Delivery.id.in_(blocked))
                await session.execute(
                    update(Resident)
                    .where(Resident.id.in_(residents))
                    .values(blocked_at=now, next_nudge_at=None)
                )

    async def finish_if_done(self, broadcast_id: int) -> bool:
        """Mark a broadcast done when nothing is left; True only for the caller who did it."""
        async with self.db.transaction() as session:
            left = await session.scalar(
                select(func.count()).where(
                    Delivery.broadcast_id == broadcast_id,
                    Delivery.status.in_((DeliveryStatus.PENDING, DeliveryStatus.SENDING)),
                )
            )
            if left:
                return False
            done = await session.execute(
                update(Broadcast)
                .where(Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.SENDING)
                .values(status=BroadcastStatus.DONE, finished_at=self.clock.now())
            )
            return rowcount(done) == 1

    async def sending(self) -> list[int]:
        """Ids of broadcasts currently sending."""
        async with self.db.transaction() as session:
            return list(
                (
                    await session.execute(
                        select(Broadcast.id).where(Broadcast.status == BroadcastStatus.SENDING)
                    )
                ).scalars()
            )
