"""Read a moderator's schedule time, forgivingly: `besok 09:00`, `2026-12-01 08:30`, `17.00`."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_DAYS = {"hari ini": 0, "today": 0, "besok": 1, "tomorrow": 1, "lusa": 2}
_TIME = re.compile(r"(?:jam|pukul|at)?\s*(\d{1,2})(?:[:.](\d{2}))?\s*$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})\s+(.+)$")
_DMY = re.compile(r"^(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2,4}))?\s+(.+)$")


class WhenError(ValueError):
    """The text is not a time the bot understands, or it is in the past."""


def _clock(text: str) -> time:
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise WhenError(text)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise WhenError(text)
    return time(hour, minute)


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """An aware datetime in the future; raises WhenError otherwise."""
    raw = " ".join(text.lower().split())
    today = now.astimezone(tz).date()
    day: date | None = None
    rest = raw
    for word, offset in _DAYS.items():
        if raw.startswith(word):
            day, rest = today + timedelta(days=offset), raw[len(word):]
            break
    if day is None and (m := _ISO.match(raw)):
        day, rest = _date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.group(4)
    elif day is None and (m := _DMY.match(raw)):
        year = int(m.group(3)) if m.group(3) else today.year
        year = year + 2000 if year < 100 else year
        day, rest = _date(year, int(m.group(2)), int(m.group(1))), m.group(4)
    moment_of_day = _clock(rest)
    if day is None:  # a bare time: today if still ahead, else tomorrow
        day = today
        if datetime.combine(day, moment_of_day, tzinfo=tz) <= now:
            day += timedelta(days=1)
    moment = datetime.combine(day, moment_of_day, tzinfo=tz)
    if moment <= now:
        raise WhenError(text)
    return moment


def _date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise WhenError(f"{year}-{month}-{day}") from exc
