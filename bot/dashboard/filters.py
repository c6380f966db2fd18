"""The page's filters from the query string: period (as /laporan offers), area and language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from bot.curriculum import Course
from bot.i18n import Translator
from bot.services.reports import Period, ReportRequest, Scope
from bot.services.reports.period import from_token, parse_dates

PRESETS = ("7d", "30d", "all")
DEFAULT_PRESET = "30d"


@dataclass(frozen=True)
class Filters:
    """What the staff member asked for, as it goes back into links and the form."""

    preset: str  # "7d", "30d", "all" or "custom"
    dates: str  # the typed dates, kept as typed
    area: str  # "", "jakut" or "jakut/koja"
    lang: str  # "id" or "en"
    period: Period
    scope: Scope
    problem: str | None  # why a typed date or an area was not used (for the page to say)

    @property
    def request(self) -> ReportRequest:
        """The report request these filters describe."""
        return ReportRequest(self.period, self.scope)

    def query(self, **changes: str) -> str:
        """The query string for these filters, with some changed (for links)."""
        values = {
            "period": self.preset,
            "dates": self.dates,
            "area": self.area,
            "lang": self.lang,
        } | changes
        return urlencode({k: v for k, v in values.items() if v})


def _scope(course: Course, area: str) -> Scope | None:
    """`jakut` or `jakut/koja` as a scope, or None when it names no kota or kecamatan."""
    if not area:
        return Scope()
    region_id, _, district = area.partition("/")
    region = course.region(region_id)
    if region is None or (district and region.district_name(district) is None):
        return None
    return Scope(region.id, district or None)


def parse(t: Translator, course: Course, params: Mapping[str, str], today: date) -> Filters:
    """Filters from the query string; anything unreadable falls back and says why."""
    lang = params.get("lang", "id") if params.get("lang") in ("id", "en") else "id"
    preset = params.get("period", DEFAULT_PRESET)
    dates = params.get("dates", "").strip()[:80]
    area = params.get("area", "").strip()[:80]
    problems = []
    period = None
    if preset == "custom" or (dates and preset not in PRESETS):
        preset = "custom"
        period = parse_dates(dates, today) if dates else None
        if period is None:
            problems.append(
                t._(
                    "I couldn't read those dates. Type the first and last day, for "
                    "example 2026-11-01 2026-11-30 or 1/11/2026 - 30/11/2026."
                )
            )
    elif preset in PRESETS:
        period = from_token(preset, today)
    if period is None:
        preset = DEFAULT_PRESET if preset != "custom" else preset
        period = from_token(DEFAULT_PRESET, today)
        assert period is not None  # DEFAULT_PRESET is a token from_token knows
    scope = _scope(course, area)
    if scope is None:
        problems.append(t._("That area is not in the list; showing all of Jakarta."))
        area, scope = "", Scope()
    return Filters(preset, dates, area, lang, period, scope, " ".join(problems) or None)


@dataclass(frozen=True)
class AreaGroup:
    """A kota and the choices under it: the whole kota, then each kecamatan."""

    name: str
    options: list[tuple[str, str]]  # (value, label)


def area_groups(t: Translator, course: Course) -> list[AreaGroup]:
    """The area list below "all of Jakarta"."""
    return [
        AreaGroup(
            region.name,
            [(region.id, t._("All of {region}", region=region.name))]
            + [(f"{region.id}/{d}", name) for d, name in region.districts],
        )
        for region in course.regions
    ]
