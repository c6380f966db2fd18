"""Report periods in Asia/Jakarta: the last N days, all time, or dates typed in a forgiving form.

A period travels in button data as a short token: `7d`, `30d`, `all` or `20261101-20261130`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.services.reports.model import Period

RELATIVE = {"7d": 7, "30d": 30}
_TOKEN = re.compile(r"^(\d{8})-(\d{8})$")

MONTHS = {
    "jan": 1,
    "januari": 1,
    "january": 1,
    "feb": 2,
    "februari": 2,
    "february": 2,
    "mar": 3,
    "maret": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "mei": 5,
    "may": 5,
    "jun": 6,
    "juni": 6,
    "june": 6,
    "jul": 7,
    "juli": 7,
    "july": 7,
    "agu": 8,
    "agt": 8,
    "agus": 8,
    "agustus": 8,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "okt": 10,
    "oktober": 10,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "nop": 11,
    "november": 11,
    "nopember": 11,
    "des": 12,
    "desember": 12,
    "dec": 12,
    "december": 12,
}
_DATE = re.compile(
    r"(?P<iso>(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2}))"
    r"|(?P<dmy>(?P<dd>\d{1,2})[-/.](?P<dm>\d{1,2})[-/.](?P<dy>\d{4}))"
    r"|(?P<named>(?P<nd>\d{1,2})\s*(?P<nm>[a-z]{3,9})\.?(?:\s*(?P<ny>\d{4}))?)",
    re.IGNORECASE,
)
# What may stand between and around two dates: dashes, "s.d.", "sampai", "to", "until"…
_FILLER = re.compile(
    r"^(?:[\s\-–—.,:/~]|\.\.|s\.?\s?d\.?|sampai|hingga|dari|to|until|from|"
    r"and|dan|tanggal|tgl)*$",
    re.IGNORECASE,
)


def last_days(days: int, today: date) -> Period:
    """Today and the days before it, `days` in all."""
    return Period(today - timedelta(days=days - 1), today, f"{days}d")


def all_time(today: date) -> Period:
    """Everything up to and including today."""
    return Period(None, today, "all")


def token(period: Period) -> str:
    """The period as it travels in button data."""
    if period.kind in RELATIVE or period.kind == "all":
        return period.kind
    since = period.since or period.until
    return f"{since:%Y%m%d}-{period.until:%Y%m%d}"


def from_token(value: str, today: date) -> Period | None:
    """The period a button carries, or None when the token is not one this module made."""
    if value in RELATIVE:
        return last_days(RELATIVE[value], today)
    if value == "all":
        return all_time(today)
    match = _TOKEN.match(value)
    if not match:
        return None
    try:
        since, until = (datetime.strptime(part, "%Y%m%d").date() for part in match.groups())
    except ValueError:
        return None
    return Period(since, until) if since <= until else None


def _date(match: re.Match[str], default_year: int | None) -> date | None:
    try:
        if match["iso"]:
            return date(int(match["iy"]), int(match["im"]), int(match["id"]))
        if match["dmy"]:
            return date(int(match["dy"]), int(match["dm"]), int(match["dd"]))
        month = MONTHS.get(match["nm"].lower())
        year = int(match["ny"]) if match["ny"] else default_year
        if month is None or year is None:
            return None
        return date(year, month, int(match["nd"]))
    except ValueError:
        return None


def parse_dates(text: str, today: date) -> Period | None:
    """One or two dates typed by hand, in any order, or None when the text is not that.

    Accepts `2026-11-01 2026-11-30`, `1/11/2026 - 30/11/2026`, `1 Nov 2026 s.d. 30 Nov 2026`,
    `1 November – 30 November 2026` (a missing year is the other date's, or this year).
    """
    matches = list(_DATE.finditer(text))
    if not 1 <= len(matches) <= 2:
        return None
    rest = _DATE.sub(" ", text)
    if not _FILLER.match(rest):
        return None
    years = [m["iy"] or m["dy"] or m["ny"] for m in matches]
    default = next((int(y) for y in reversed(years) if y), today.year)
    days = [d for m in matches if (d := _date(m, default)) is not None]
    if len(days) != len(matches):
        return None
    since, until = min(days), max(days)
    return Period(since, until)


def bounds(period: Period, tz: ZoneInfo) -> tuple[datetime | None, datetime]:
    """The period as UTC instants: [start, end), start None for "from the beginning"."""
    start = None
    if period.since is not None:
        start = datetime.combine(period.since, time(0), tz).astimezone(UTC)
    end = datetime.combine(period.until + timedelta(days=1), time(0), tz).astimezone(UTC)
    return start, end
