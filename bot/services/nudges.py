"""Nudges: the resident's chosen time, /berhenti and /mulai, blocks, and the sweep that claims
what is due. Due times live in the database (residents.next_nudge_at), so restarts lose nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from bot.db.engine import Database
from bot.db.models import Nudge, Resident, ReviewItem
from bot.services.journey import Journey, find_resident
from bot.services.schedule import SLOTS, slot_at_or_after, still_sendable

IGNORED_BEFORE_PAUSE = 3
PHRASINGS = 4  # how many ways each kind of nudge is worded (see handlers/nudges.py)


@dataclass(frozen=True)
class NudgeToSend:
    """A claimed nudge, ready to render and send."""

    nudge_id: int
    chat_id: int
    locale: str
    kind: str  # lesson, review, pause
    variant: int


@dataclass(frozen=True)
class NudgeResult:
    """How sending one nudge went: sent, blocked or failed."""

    nudge_id: int
    status: str
    error: str | None = None


@dataclass(frozen=True)
class NudgeSettings:
    """A resident's nudge settings, for /pengingat."""

    locale: str
    slot: str
    stopped: bool


class NudgeService:
    """Nudge preferences and the claim-and-record cycle of the sweep."""

    def __init__(self, db: Database, journey: Journey, default_locale: str) -> None:
        self.db = db
        self.journey = journey
        self.default_locale = default_locale
        self.activity = journey.activity

    async def settings(self, telegram_id: int) -> NudgeSettings | None:
        """The resident's slot and whether they stopped messages; None for a non-resident."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id)
            if resident is None:
                return None
            await self.activity.seen(session, resident)
            return NudgeSettings(resident.locale, resident.nudge_slot, bool(resident.stopped_at))

    async def choose_slot(self, telegram_id: int, slot: str) -> NudgeSettings | None:
        """Morning, midday, evening, or off."""
        if slot not in (*SLOTS, "off"):
            return None
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id, lock=True)
            if resident is None:
                return None
            resident.nudge_slot = slot
            await self.activity.seen(session, resident)
            return NudgeSettings(resident.locale, slot, bool(resident.stopped_at))

    async def stop(self, telegram_id: int) -> str | None:
        """/berhenti: no nudges and no broadcasts until /mulai. Returns the locale."""
        return await self._set_stopped(telegram_id, True)

    async def resume(self, telegram_id: int) -> str | None:
        """/mulai: nudges and broadcasts again. Returns the locale."""
        return await self._set_stopped(telegram_id, False)

    async def _set_stopped(self, telegram_id: int, stopped: bool) -> str | None:
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id, lock=True)
            if resident is None:
                return None
            resident.stopped_at = self.journey.clock.now() if stopped else None
            await self.activity.seen(session, resident)
            return resident.locale

    async def heard_from(self, telegram_id: int) -> str | None:
        """Any message from a resident: back from a pause or a block. Returns the locale."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id, lock=True)
            if resident is None:
                return None
            if resident.nudges_ignored or resident.nudge_paused_at or resident.blocked_at:
                await self.activity.seen(session, resident)
            return resident.locale

    async def set_blocked(self, chat_id: int, blocked: bool) -> None:
        """The resident blocked (or unblocked) the bot: nothing more is sent until they return."""
        async with self.db.transaction() as session:
            resident = (await session.execute(
                select(Resident).where(Resident.chat_id == chat_id).with_for_update()
            )).scalar_one_or_none()
            if resident is None:
                return
            if blocked:
                resident.blocked_at = self.journey.clock.now()
                resident.next_nudge_at = None
            else:
                await self.activity.seen(session, resident)

    async def claim_due(self, limit: int = 200) -> list[NudgeToSend]:
        """Claim up to `limit` due nudges atomically (SKIP LOCKED on PostgreSQL) and reschedule.

        A nudge that fell due while the bot was down goes out only if it is still its day and
        outside quiet hours; otherwise it is skipped and the next one is planned.
        """
        now = self.journey.clock.now()
        tz = self.activity.tz
        async with self.db.transaction() as session:
            residents = (await session.execute(
                select(Resident)
                .where(Resident.next_nudge_at <= now, Resident.stopped_at.is_(None),
                       Resident.blocked_at.is_(None))
                .order_by(Resident.next_nudge_at).limit(limit)
                .with_for_update(skip_locked=True)
            )).scalars().all()
            if not residents:
                return []
            with_reviews = set((await session.execute(
                select(ReviewItem.resident_id).where(
                    ReviewItem.resident_id.in_([r.id for r in residents]),
                    ReviewItem.due_at <= now).distinct()
            )).scalars())
            claimed: list[tuple[Nudge, Resident]] = []
            for resident in residents:
                due = resident.next_nudge_at
                kind = self._kind(resident, resident.id in with_reviews)
                if kind is None:
                    resident.next_nudge_at = None
                    continue
                if not still_sendable(due, now, tz):
                    resident.next_nudge_at = slot_at_or_after(now, resident.nudge_slot, tz)
                    continue
                if kind == "pause":
                    resident.nudge_paused_at = now
                    resident.next_nudge_at = None
                else:
                    resident.nudges_ignored += 1
                    tomorrow = now.astimezone(tz).replace(hour=0, minute=0) + timedelta(days=1)
                    resident.next_nudge_at = slot_at_or_after(tomorrow, resident.nudge_slot, tz)
                resident.last_nudge_at = now
                nudge = Nudge(resident_id=resident.id, kind=kind, due_at=due, claimed_at=now,
                              status="claimed")
                session.add(nudge)
                claimed.append((nudge, resident))
            await session.flush()
            day = now.astimezone(tz).toordinal()
            return [NudgeToSend(n.id, r.chat_id, r.locale, n.kind, (day + r.id) % PHRASINGS)
                    for n, r in claimed]

    @staticmethod
    def _kind(resident: Resident, review_due: bool) -> str | None:
        if resident.nudges_ignored >= IGNORED_BEFORE_PAUSE:
            return "pause"
        if review_due:
            return "review"
        return "lesson" if resident.stage != "finished" else None

    async def record(self, results: list[NudgeResult]) -> None:
        """Store how sending went; a blocked resident is marked so nothing more is sent."""
        if not results:
            return
        now = self.journey.clock.now()
        async with self.db.transaction() as session:
            for result in results:
                await session.execute(
                    update(Nudge).where(Nudge.id == result.nudge_id).values(
                        status=result.status, error=result.error,
                        sent_at=now if result.status == "sent" else None))
            blocked = [r.nudge_id for r in results if r.status == "blocked"]
            if blocked:
                ids = select(Nudge.resident_id).where(Nudge.id.in_(blocked))
                await session.execute(update(Resident).where(Resident.id.in_(ids)).values(
                    blocked_at=now, next_nudge_at=None))

    async def due_at(self, telegram_id: int) -> datetime | None:
        """When the resident's next nudge is due (for tests and /pengingat)."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id)
            return resident.next_nudge_at if resident else None
