"""When nudges may go out: the resident's chosen slot, quiet hours, one a day (Asia/Jakarta)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

SLOTS = {"morning": time(7, 30), "midday": time(12, 0), "evening": time(19, 0)}
DEFAULT_SLOT = "evening"
QUIET_FROM = time(21, 0)  # nothing is sent from 21:00 …
QUIET_UNTIL = time(7, 0)  # … until 07:00 local time
MIN_GAP = timedelta(hours=8)  # a nudge comes at least this long after the last activity


def in_quiet_hours(moment: datetime, tz: ZoneInfo) -> bool:
    """True between 21:00 and 07:00 local time."""
    local = moment.astimezone(tz).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def slot_at_or_after(earliest: datetime, slot: str, tz: ZoneInfo) -> datetime:
    """The first time of `slot` (local) at or after `earliest`."""
    local = earliest.astimezone(tz)
    candidate = datetime.combine(local.date(), SLOTS[slot], tzinfo=tz)
    if candidate < local:
        candidate += timedelta(days=1)
    return candidate.astimezone(earliest.tzinfo)


def next_nudge(
    last_activity: datetime, slot: str, tz: ZoneInfo, last_nudge: datetime | None = None
) -> datetime:
    """The evening (or chosen slot) after the last activity; never a second nudge the same day."""
    due = slot_at_or_after(last_activity + MIN_GAP, slot, tz)
    if last_nudge is not None:
        next_day = datetime.combine(
            last_nudge.astimezone(tz).date() + timedelta(days=1), time(0, 0), tzinfo=tz
        )
        due = max(due, slot_at_or_after(next_day, slot, tz))
    return due


def still_sendable(due: datetime, now: datetime, tz: ZoneInfo) -> bool:
    """A due nudge may go out now only on its own day and outside quiet hours."""
    return (
        due.astimezone(tz).date() == now.astimezone(tz).date()
        and not in_quiet_hours(now, tz)
        and now >= due
    )
