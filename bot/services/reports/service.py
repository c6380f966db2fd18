"""ReportService: the staff report as plain, privacy-safe data."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.curriculum import Course
from bot.db.engine import Database
from bot.db.reads import Reads, consistent_reads
from bot.services.reports import assemble, before_after, learning, outreach, pairs, people, quiz
from bot.services.reports.actions import action_counts, actions
from bot.services.reports.assemble import Figures
from bot.services.reports.model import Report, ReportRequest, Scope
from bot.services.reports.period import bounds
from bot.services.reports.privacy import Suppressor
from bot.services.reports.window import Window

logger = logging.getLogger(__name__)
T = TypeVar("T")


class UnknownArea(ValueError):
    """A kota or kecamatan that is not in content/regions.yaml."""


class ReportService:
    """Builds reports from SQL aggregates; never returns a name, an id or a group below k."""

    def __init__(
        self, db: Database, course: Course, clock: Clock, tz: ZoneInfo, min_group: int = 5
    ) -> None:
        self.db = db
        self.course = course
        self.clock = clock
        self.tz = tz
        self.min_group = min_group

    def today(self) -> date:
        """Today in Jakarta."""
        return self.clock.now().astimezone(self.tz).date()

    def find_scope(self, kota: str | None, kecamatan: str | None = None) -> Scope:
        """The scope for a kota and kecamatan given by id or name (any case)."""
        if not kota:
            if kecamatan:
                raise UnknownArea("a kecamatan needs its kota")
            return Scope()

        def norm(text: str) -> str:
            return " ".join(text.lower().replace("-", " ").split())

        region = next(
            (r for r in self.course.regions if norm(kota) in (norm(r.id), norm(r.name))), None
        )
        if region is None:
            names = ", ".join(r.name for r in self.course.regions)
            raise UnknownArea(f"unknown kota {kota!r}; one of: {names}")
        if not kecamatan:
            return Scope(region.id)
        district = next(
            (d for d, name in region.districts if norm(kecamatan) in (norm(d), norm(name))), None
        )
        if district is None:
            names = ", ".join(name for _, name in region.districts)
            raise UnknownArea(f"unknown kecamatan {kecamatan!r} in {region.name}; one of: {names}")
        return Scope(region.id, district)

    def scope_name(self, scope: Scope) -> str | None:
        """How the area reads: None for all of Jakarta."""
        region = self.course.region(scope.region) if scope.region else None
        if region is None:
            return scope.region
        if scope.district is None:
            return region.name
        return f"{region.name} · {region.district_name(scope.district) or scope.district}"

    async def figures(self, request: ReportRequest) -> tuple[Window, bool, Figures]:
        """The raw aggregates (not for display: nothing is suppressed) and whether it is demo."""
        request = _normalized(request)
        start, end = bounds(request.period, self.tz)
        async with consistent_reads(self.db) as reads:  # one consistent read
            has_real, has_demo = await reads.run(people.resident_kinds)
            demo = has_demo and not has_real
            window = Window(
                start,
                end,
                request.period.since,
                request.period.until,
                # Real residents only when there are any; the filter is skipped when one kind.
                demo=False if has_real and has_demo else None,
                region=request.scope.region,
                district=request.scope.district,
            )
            figures = await _figures(reads, window, self.course)
        return window, demo, figures

    async def build(self, request: ReportRequest, min_group: int | None = None) -> Report:
        """The report for a period and an area."""
        request = _normalized(request)
        _window, demo, f = await self.figures(request)
        s = Suppressor(min_group or self.min_group)
        course = self.course
        level, areas, withheld = assemble.areas(
            s, f, course, request.scope.region, request.scope.district, course.attitude
        )
        period = request.period
        headline = assemble.headline(s, f, withheld)
        return Report(
            period=period,
            scope=request.scope,
            scope_name=self.scope_name(request.scope),
            generated_at=self.clock.now(),
            demo=demo,
            min_group=s.threshold,
            headline=headline,
            funnel=assemble.funnel(s, f, course, headline.registered),
            quiz=quiz.section(s, f, course),
            nudges=assemble.nudges(s, f),
            broadcasts=assemble.broadcasts(s, f),
            shift=before_after.shift(s, f, course.attitude, withheld="pairs" in withheld),
            checklist=before_after.checklist(s, f, course.checklist),
            daily=assemble.daily(s, f, period.since, period.until),
            area_level=level,
            areas=areas,
            survey_version=course.attitude.version,
            checklist_version=course.checklist.version,
            actions=actions(s, f.actions, course),
        )


async def _figures(reads: Reads, w: Window, course: Course) -> Figures:
    """Every aggregate of one report, the biggest first (they may run side by side)."""
    attitude, checklist = course.attitude, course.checklist
    run = reads.run
    async with asyncio.TaskGroup() as group:

        def start(work: Callable[..., Awaitable[T]], *args: Any) -> asyncio.Task[T]:
            return group.create_task(run(work, w, *args))

        areas = start(people.residents)
        attitude_rows = start(
            pairs.pairs, attitude, [ids for _, ids in before_after.subscale_items(attitude)]
        )
        quiz_people = start(learning.quiz_residents)
        checklist_rows = start(pairs.pairs, checklist, [[item.id] for item in checklist.items])
        quizzed, quiz_answers = start(learning.quizzed), start(learning.quiz)
        completions, nudges = start(learning.completions), start(outreach.nudges)
        daily, broadcasts = start(people.daily_active), start(outreach.broadcasts)
        action_rows = start(action_counts)
    by_area = areas.result()

    def total(name: str) -> int:
        return sum(getattr(a, name) for a in by_area.values())

    return Figures(
        areas=by_area,
        daily=daily.result(),
        funnel=learning.Funnel(total("cohort_started"), completions.result()),
        quiz=quiz_answers.result(),
        nudges=nudges.result(),
        broadcasts=broadcasts.result(),
        attitude=attitude_rows.result(),
        checklist=checklist_rows.result(),
        actions=action_rows.result(),
        quiz_residents={**quiz_people.result(), None: quizzed.result()},
        broadcast_residents=total("reached"),
        nudged_residents=total("nudged"),
    )


def _normalized(request: ReportRequest) -> ReportRequest:
    """Empty area names mean "no filter"; a kecamatan alone means nothing without its kota."""
    scope = request.scope
    region = scope.region or None
    district = (scope.district or None) if region else None
    return ReportRequest(request.period, Scope(region, district))
