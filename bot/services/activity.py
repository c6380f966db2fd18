"""What a resident's activity changes: last seen, streak, active days and their nudge schedule."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.models import ActionFollowup, ActivityDay, Nudge, Resident, ReviewItem
from bot.db.values import NudgeStatus
from bot.services.followups import WINDOW as FOLLOWUP_WINDOW
from bot.services.schedule import next_nudge, slot_at_or_after
from bot.services.stage import Stage

RESPONSE_WINDOW = timedelta(hours=24)
# Taps within this long of the last recorded activity change nothing worth a write: the nudge
# schedule moves by less than this, and the day (streak) is handled separately.
SEEN_RECENTLY = timedelta(minutes=1)


class Activity:
    """Records that a resident was here, and keeps their nudge schedule in step."""

    def __init__(self, clock: Clock, tz: ZoneInfo) -> None:
        self.clock = clock
        self.tz = tz

    async def record_activity(
        self, session: AsyncSession, resident: Resident, *, learned: bool = False
    ) -> datetime:
        """Write that the resident did something now (`learned`: finished a card or answered):
        last seen, ignored nudges answered, a pause or block lifted, the day of the streak and
        the next nudge; only the fields that change are set. Returns the time."""
        now = self.clock.now()
        today = now.astimezone(self.tz).date()
        if (
            resident.last_active_at is not None
            and now - resident.last_active_at < SEEN_RECENTLY
            and not (resident.nudges_ignored or resident.nudge_paused_at or resident.blocked_at)
            and (not learned or resident.streak_day == today)
        ):
            return now
        if (
            resident.nudges_ignored
            and resident.last_nudge_at is not None
            and now - resident.last_nudge_at <= RESPONSE_WINDOW
        ):
            await session.execute(
                update(Nudge)
                .where(
                    Nudge.resident_id == resident.id,
                    Nudge.status == NudgeStatus.SENT,
                    Nudge.responded_at.is_(None),
                    Nudge.sent_at >= now - RESPONSE_WINDOW,
                )
                .values(responded_at=now)
            )
        _set_changed(
            resident, last_active_at=now, nudges_ignored=0, nudge_paused_at=None, blocked_at=None
        )
        if learned:
            self._count_day(session, resident, today)
        await self.reschedule(session, resident, now)
        return now

    def _count_day(self, session: AsyncSession, resident: Resident, today: date) -> None:
        if resident.streak_day == today:
            return
        yesterday = today - timedelta(days=1)
        _set_changed(
            resident,
            streak_day=today,
            streak_days=(resident.streak_days or 0) + 1 if resident.streak_day == yesterday else 1,
        )
        session.add(ActivityDay(resident_id=resident.id, day=today))

    def current_streak(self, resident: Resident) -> int:
        """The streak as it stands today: it lapses when yesterday had no activity."""
        if resident.streak_day is None:
            return 0
        today = self.clock.now().astimezone(self.tz).date()
        return resident.streak_days if today - resident.streak_day <= timedelta(days=1) else 0

    async def reschedule(self, session: AsyncSession, resident: Resident, now: datetime) -> None:
        """Set when the next nudge is due (None when nothing should be sent)."""
        if (
            resident.stopped_at
            or resident.blocked_at
            or resident.nudge_paused_at
            or resident.nudge_slot == "off"
        ):
            _set_changed(resident, next_nudge_at=None)
            return
        due = next_nudge(now, resident.nudge_slot, self.tz, resident.last_nudge_at)
        if resident.stage == Stage.FINISHED:  # only reviews and action follow-ups are left
            review_due = await session.scalar(
                select(func.min(ReviewItem.due_at)).where(ReviewItem.resident_id == resident.id)
            )
            followup_due = await session.scalar(
                select(func.min(ActionFollowup.due_at)).where(
                    ActionFollowup.resident_id == resident.id,
                    ActionFollowup.asked_at.is_(None),
                    ActionFollowup.due_at > now - FOLLOWUP_WINDOW,
                )
            )
            waiting = [d for d in (review_due, followup_due) if d is not None]
            if not waiting:
                _set_changed(resident, next_nudge_at=None)
                return
            due = max(due, slot_at_or_after(min(waiting), resident.nudge_slot, self.tz))
        _set_changed(resident, next_nudge_at=due)


def _set_changed(resident: Resident, **values: object) -> None:
    """Set the fields whose value differs; the others are left untouched (and unwritten)."""
    for name, value in values.items():
        if getattr(resident, name) != value:
            setattr(resident, name, value)
