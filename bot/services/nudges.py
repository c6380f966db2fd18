"""Nudges: the resident's chosen time, /berhenti and /mulai, blocks, and the entry to the sweep
(`nudge_sweep`). Due times live in the database (residents.next_nudge_at), so restarts lose
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.db.engine import Database
from bot.db.models import Resident
from bot.services import nudge_sweep
from bot.services.journey import Journey, find_resident
from bot.services.nudge_sweep import Claim, NudgeResult
from bot.services.schedule import SLOTS


@dataclass(frozen=True)
class NudgeSettings:
    """A resident's nudge settings, for /pengingat."""

    locale: str
    slot: str
    stopped: bool


class NudgeService:
    """Nudge preferences and the claim-and-record cycle of the sweep."""

    def __init__(self, db: Database, journey: Journey) -> None:
        self.db = db
        self.journey = journey
        self.activity = journey.activity

    async def settings(self, telegram_id: int) -> NudgeSettings | None:
        """The resident's slot and whether they stopped messages; None for a non-resident."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id)
            if resident is None:
                return None
            await self.activity.record_activity(session, resident)
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
            await self.activity.record_activity(session, resident)
            await self.activity.reschedule(session, resident, self.journey.clock.now())
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
            await self.activity.record_activity(session, resident)
            await self.activity.reschedule(session, resident, self.journey.clock.now())
            return resident.locale

    async def heard_from(self, telegram_id: int) -> str | None:
        """Any message from a resident: back from a pause or a block. Returns the locale."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id, lock=True)
            if resident is None:
                return None
            if resident.nudges_ignored or resident.nudge_paused_at or resident.blocked_at:
                await self.activity.record_activity(session, resident)
            return resident.locale

    async def set_blocked(self, chat_id: int, blocked: bool) -> None:
        """The resident blocked (or unblocked) the bot: nothing more is sent until they return."""
        async with self.db.transaction() as session:
            resident = (
                await session.execute(
                    select(Resident).where(Resident.chat_id == chat_id).with_for_update()
                )
            ).scalar_one_or_none()
            if resident is None:
                return
            if blocked:
                resident.blocked_at = self.journey.clock.now()
                resident.next_nudge_at = None
            else:
                await self.activity.record_activity(session, resident)

    async def claim_due(self, limit: int = 200) -> Claim:
        """Claim up to `limit` due nudges and reschedule them, in one transaction."""
        async with self.db.transaction() as session:
            return await nudge_sweep.claim(
                session, self.journey.course, self.activity.tz, self.journey.clock.now(), limit
            )

    async def record(self, results: list[NudgeResult]) -> None:
        """Store how sending went, in one transaction (`nudge_sweep.record`)."""
        if not results:
            return
        async with self.db.transaction() as session:
            await nudge_sweep.record(session, results, self.journey.clock.now())

    async def due_at(self, telegram_id: int) -> datetime | None:
        """When the resident's next nudge is due (for tests and /pengingat)."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id)
            return resident.next_nudge_at if resident else None
