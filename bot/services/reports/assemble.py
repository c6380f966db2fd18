"""Turn the raw aggregates into a `Report`: statistics, course labels and suppression (the
before-and-after sections in `before_after`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.curriculum import Course, Instrument, Module, Text
from bot.services.reports.actions import ActionCounts
from bot.services.reports.before_after import change, paired_sums
from bot.services.reports.learning import Funnel
from bot.services.reports.model import (
    AreaRow,
    BroadcastRow,
    BroadcastSection,
    Count,
    DayCount,
    FunnelStep,
    Headline,
    Hidden,
    NudgeSection,
    Withheld,
)
from bot.services.reports.outreach import BroadcastCounts, NudgeCounts
from bot.services.reports.pairs import PairRow
from bot.services.reports.people import AreaCounts
from bot.services.reports.privacy import Suppressor


@dataclass
class Figures:
    """Everything the queries returned for one report, before any suppression."""

    areas: dict[str | None, AreaCounts]
    daily: list[tuple[date, int]]
    funnel: Funnel
    quiz: dict[str, tuple[int, int]]
    nudges: NudgeCounts
    broadcasts: list[BroadcastCounts]
    attitude: list[PairRow]
    checklist: list[PairRow]
    actions: dict[str, ActionCounts] = field(default_factory=dict)
    quiz_residents: dict[str | None, int] = field(default_factory=dict)
    broadcast_residents: int = 0
    nudged_residents: int = 0


def headline(s: Suppressor, f: Figures, withheld: frozenset[str] = frozenset()) -> Headline:
    """The headline counts, summed over areas (each resident is in exactly one); `withheld`:
    the ones the area table cannot show beside its rows."""

    def total(name: str) -> Count:
        return s.count(sum(getattr(a, name) for a in f.areas.values()), withheld=name in withheld)

    return Headline(
        *(
            total(name)
            for name in (
                "total",
                "registered",
                "active",
                "started",
                "finished",
                "stopped",
                "blocked",
            )
        )
    )


def funnel(s: Suppressor, f: Figures, course: Course, registered: Count) -> tuple[FunnelStep, ...]:
    """Registered in the period → started → each module → finished, with shares of the cohort;
    `registered` is the headline's figure for the same residents."""
    cohort = sum(a.registered for a in f.areas.values())
    few = s.small(cohort)  # every step is a part of the cohort
    gone = isinstance(registered, Withheld)

    def step(key: str, n: int, module: Module | None = None) -> FunnelStep:
        return FunnelStep(
            key,
            module.number if module else None,
            module.title if module else None,
            s.count(n, part_of_small=few),
            s.share(n, cohort, withheld=gone),
        )

    steps = [
        FunnelStep("registered", None, None, registered, s.share(cohort, cohort, withheld=gone)),
        step("started", f.funnel.started),
    ]
    steps += [step(m.id, f.funnel.modules.get(m.id, 0), m) for m in course.modules]
    steps.append(step("finished", sum(a.cohort_finished for a in f.areas.values())))
    return tuple(steps)


def nudges(s: Suppressor, f: Figures) -> NudgeSection:
    """Nudges sent and followed by activity within 24 hours."""
    n = f.nudges
    split = s.column([n.followed, n.sent - n.followed])
    return NudgeSection(
        s.count(n.sent),
        s.count(f.nudged_residents),
        split.cells[0],
        s.share(
            n.followed,
            n.sent,
            residents=f.nudged_residents,
            withheld=isinstance(split.cells[0], Hidden),
        ),
        s.count(n.blocked),
        s.count(n.failed),
    )


STATUSES = ("delivered", "blocked", "failed", "pending")


def broadcasts(s: Suppressor, f: Figures) -> BroadcastSection:
    """Broadcasts that started in the period and how their deliveries went: each broadcast's
    statuses add up to its messages, and each status over the broadcasts to its total."""
    grid = [[getattr(b, name) for name in STATUSES] for b in f.broadcasts]
    totals = [sum(column) for column in zip(*grid, strict=True)] or [0] * len(STATUSES)
    marks, total_marks = s.with_totals(grid) if grid else ([], [""] * len(STATUSES))
    rows = []
    for b, values, m in zip(f.broadcasts, grid, marks, strict=True):
        delivered, blocked, failed, pending = s.cells(values, m)
        rows.append(
            BroadcastRow(
                b.broadcast_id,
                b.started_at,
                s.count(b.recipients),
                delivered,
                blocked,
                failed,
                pending,
            )
        )
    delivered, blocked, failed, pending = s.cells(totals, total_marks)
    recipients = sum(totals)
    return BroadcastSection(
        len(rows),
        s.count(recipients),
        delivered,
        s.share(
            totals[0],
            recipients,
            residents=f.broadcast_residents,
            withheld=isinstance(delivered, Hidden),
        ),
        blocked,
        failed,
        pending,
        tuple(rows),
    )


def daily(s: Suppressor, f: Figures, first: date | None, last: date) -> tuple[DayCount, ...]:
    """Every day of the period (from the first active day for all time), zero where nobody."""
    seen = dict(f.daily)
    start = first or (min(seen) if seen else last)
    days = (start + timedelta(days=i) for i in range((last - start).days + 1))
    return tuple(DayCount(d, s.count(seen.get(d, 0))) for d in days)


AREA_COLUMNS = ("registered", "active", "started", "finished")


def areas(
    s: Suppressor,
    f: Figures,
    course: Course,
    region: str | None,
    district: str | None,
    attitude: Instrument,
) -> tuple[str | None, tuple[AreaRow, ...], frozenset[str]]:
    """One row per kota (or per kecamatan of the chosen kota), plus "not given"; and the
    headline figures the rows cannot be shown beside."""
    if district is not None:
        return None, (), frozenset()
    if region is None:
        level, known = "region", [(r.id, r.name) for r in course.regions]
    else:
        chosen = course.region(region)
        level, known = "district", list(chosen.districts if chosen else ())
    names = dict(known)
    keys: list[str | None] = [key for key, _ in known]
    keys += sorted(k for k in f.areas if k is not None and k not in names)
    keys.append(None)
    per_area = {key: [r for r in f.attitude if r.area == key] for key in keys}
    k = len(attitude.items)
    raw = {key: f.areas.get(key, AreaCounts()) for key in keys}
    columns = {name: s.column([getattr(raw[key], name) for key in keys]) for name in AREA_COLUMNS}
    pairs = s.column([sum(r.residents for r in per_area[key]) for key in keys])
    rows = []
    for i, key in enumerate(keys):
        name = names.get(key, key) if key is not None else None
        label = Text(name, name) if name else None
        registered, active, started, finished = (columns[col].cells[i] for col in AREA_COLUMNS)
        rows.append(
            AreaRow(
                key,
                name,
                registered,
                active,
                started,
                finished,
                change(s, key or "-", label, paired_sums(per_area[key], k), pairs=pairs.cells[i]),
            )
        )
    withheld = {name for name, c in columns.items() if c.total_withheld}
    if pairs.total_withheld:
        withheld.add("pairs")
    return level, tuple(rows), frozenset(withheld)
