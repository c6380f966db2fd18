"""Read a moderator's schedule time as people type it, in Indonesian or English.

A small grammar rather than a parser library: the phrases moderators use are few and known
(`besok jam 9 pagi`, `Sabtu 08:00`, `3 Des 2026 08.00`, `nanti 17.30`, ISO `2026-12-01 08:30`),
and a grammar we own refuses anything it does not fully read instead of guessing, which matters
when the result is a message to a whole city.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from bot.services.schedule import in_quiet_hours

_MONTHS = {
    1: ("januari", "january", "jan"),
    2: ("februari", "february", "feb", "peb"),
    3: ("maret", "march", "mar"),
    4: ("april", "apr"),
    5: ("mei", "may"),
    6: ("juni", "june", "jun"),
    7: ("juli", "july", "jul"),
    8: ("agustus", "august", "agu", "agt", "ags", "aug"),
    9: ("september", "sept", "sep"),
    10: ("oktober", "october", "okt", "oct"),
    11: ("november", "nopember", "nov", "nop"),
    12: ("desember", "december", "des", "dec"),
}
_MONTH = {name: number for number, names in _MONTHS.items() for name in names}
_WEEKDAYS = {
    0: ("senin", "monday", "mon", "sen"),
    1: ("selasa", "tuesday", "tue", "tues", "sel"),
    2: ("rabu", "wednesday", "wed", "rab"),
    3: ("kamis", "thursday", "thu", "thur", "kam"),
    4: ("jumat", "jum'at", "friday", "fri", "jum"),
    5: ("sabtu", "saturday", "sat", "sab"),
    6: ("minggu", "ahad", "sunday", "sun", "min"),
}
_WEEKDAY = {name: number for number, names in _WEEKDAYS.items() for name in names}
# Day words; None is "nanti" / "later": today, and the time must still be ahead.
_RELATIVE = {
    "hari ini": 0,
    "today": 0,
    "besok": 1,
    "tomorrow": 1,
    "lusa": 2,
    "day after tomorrow": 2,
    "nanti": None,
    "later": None,
    "tonight": None,
}
# A part of the day: (the hours it covers, its default time when no hour is given).
_PERIODS = {
    "pagi": (range(1, 12), 8),
    "morning": (range(1, 12), 8),
    "siang": (range(11, 16), 12),
    "noon": (range(12, 13), 12),
    "afternoon": (range(12, 18), 15),
    "sore": (range(15, 19), 16),
    "malam": (range(18, 24), 19),
    "evening": (range(17, 23), 19),
    "night": (range(18, 24), 20),
}
_FILLER = {
    "jam",
    "pukul",
    "pkl",
    "at",
    "on",
    "wib",
    "tanggal",
    "tgl",
    "hari",
    "ini",
    "this",
    "next",
    "depan",
    "the",
    "of",
}

_names = "|".join(sorted(_MONTH, key=len, reverse=True))
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:t|\b)")
_DMY = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s+({_names})\.?(?:\s+(\d{{4}}))?\b")
_MONTH_DAY = re.compile(rf"\b({_names})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(\d{{4}}))?\b")
_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?!\S)")
_WORD = re.compile(r"[a-z']+")


class WhenProblem(Enum):
    """Why a typed time was refused."""

    UNREADABLE = "unreadable"
    PAST = "past"
    NO_SUCH_DATE = "no_such_date"
    WEEKDAY_MISMATCH = "weekday_mismatch"


class WhenError(ValueError):
    """The text is not a time the bot understands, or it is in the past."""

    def __init__(self, problem: WhenProblem, text: str = "") -> None:
        super().__init__(f"{problem.value}: {text}")
        self.problem = problem


@dataclass(frozen=True)
class When:
    """A moment read from text; `quiet` when it falls in the quiet hours (21.00–07.00)."""

    moment: datetime
    quiet: bool


def _take(pattern: re.Pattern[str], text: str) -> tuple[re.Match[str] | None, str]:
    """The first match of `pattern` and the text with it cut out."""
    match = pattern.search(text)
    if not match:
        return None, text
    return match, f"{text[: match.start()]} {text[match.end() :]}"


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise WhenError(WhenProblem.NO_SUCH_DATE, f"{year}-{month}-{day}") from exc


def _dated(year: str | None, month: int, day: int, today: date) -> date:
    """A date; without a year, the next one on or after today."""
    if year:
        full = int(year) + 2000 if len(year) == 2 else int(year)
        return _make_date(full, month, day)
    found = _make_date(today.year, month, day) if (month, day) != (2, 29) else None
    if found is None or found < today:
        found = _make_date(today.year + 1, month, day)
    return found


def _date_part(text: str, today: date) -> tuple[date | None, str]:
    """A calendar date (ISO, 3/12/2026, 3 Des 2026, December 3), cut out of the text."""
    match, rest = _take(_ISO, text)
    if match:
        return _make_date(int(match[1]), int(match[2]), int(match[3])), rest
    match, rest = _take(_DMY, text)
    if match:
        return _dated(match[3], int(match[2]), int(match[1]), today), rest
    match, rest = _take(_DAY_MONTH, text)
    if match:
        return _dated(match[3], _MONTH[match[2]], int(match[1]), today), rest
    match, rest = _take(_MONTH_DAY, text)
    if match:
        return _dated(match[3], _MONTH[match[1]], int(match[2]), today), rest
    return None, text


def _phrase(words: dict[str, Any], text: str) -> tuple[str | None, str]:
    """The first of `words` (longest first) found as whole words, cut out of the text."""
    for word in sorted(words, key=len, reverse=True):
        match, rest = _take(re.compile(rf"(?<![a-z']){re.escape(word)}(?![a-z'])"), text)
        if match:
            return word, rest
    return None, text


def _hour(hour: int, minute: int, meridiem: str | None, period: str | None) -> time:
    """Apply am/pm or a part of the day (`jam 7 malam` is 19.00, `jam 2 siang` 14.00)."""
    if meridiem:
        if not 1 <= hour <= 12:
            raise WhenError(WhenProblem.UNREADABLE, f"{hour} {meridiem}")
        hour = hour % 12 + (12 if meridiem.startswith("p") else 0)
    elif period:
        hours, _ = _PERIODS[period]
        if hour not in hours and hour + 12 in hours:
            hour += 12
        elif hour not in hours:
            raise WhenError(WhenProblem.UNREADABLE, f"{hour} {period}")
    if hour > 23 or minute > 59:
        raise WhenError(WhenProblem.UNREADABLE, f"{hour}:{minute}")
    return time(hour, minute)


def _time_part(text: str) -> tuple[time | None, str]:
    period, text = _phrase(_PERIODS, text)
    match, text = _take(_CLOCK, text)
    if match:
        meridiem = match[3].replace(".", "") if match[3] else None
        return _hour(int(match[1]), int(match[2] or 0), meridiem, period), text
    if period:
        return time(_PERIODS[period][1]), text
    return None, text


def _upcoming(weekday: int, today: date, moment_of_day: time, now: datetime, tz: ZoneInfo) -> date:
    """The next `weekday`: today if its time is still ahead."""
    day = today + timedelta(days=(weekday - today.weekday()) % 7)
    if datetime.combine(day, moment_of_day, tzinfo=tz) <= now:
        day += timedelta(days=7)
    return day


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> When:
    """The future moment `text` names, in `tz`; raises WhenError (with its problem) otherwise."""
    raw = " ".join(text.lower().replace(",", " ").split())
    today = now.astimezone(tz).date()
    day, rest = _date_part(raw, today)
    relative, rest = _phrase(_RELATIVE, rest)
    weekday_name, rest = _phrase(_WEEKDAY, rest)
    moment_of_day, rest = _time_part(rest)
    if relative == "tonight" and moment_of_day is None:
        moment_of_day = time(19)
    leftover = [w for w in _WORD.findall(rest) if w not in _FILLER]
    if moment_of_day is None or leftover or re.search(r"\d", rest) or (day and relative):
        raise WhenError(WhenProblem.UNREADABLE, text)
    weekday = _WEEKDAY[weekday_name] if weekday_name else None
    if day is not None and weekday is not None and day.weekday() != weekday:
        raise WhenError(WhenProblem.WEEKDAY_MISMATCH, text)
    if day is None and weekday is not None:
        day = _upcoming(weekday, today, moment_of_day, now, tz)
    elif day is None and relative is not None:
        day = today + timedelta(days=_RELATIVE[relative] or 0)
    elif day is None:  # a bare time: today if still ahead, else tomorrow
        day = today
        if datetime.combine(day, moment_of_day, tzinfo=tz) <= now:
            day += timedelta(days=1)
    moment = datetime.combine(day, moment_of_day, tzinfo=tz)
    if moment <= now:
        raise WhenError(WhenProblem.PAST, text)
    return When(moment, in_quiet_hours(moment, tz))


def example_day(now: datetime, tz: ZoneInfo) -> date:
    """The day the prompt's examples use: tomorrow, so they always work as typed."""
    return now.astimezone(tz).date() + timedelta(days=1)
