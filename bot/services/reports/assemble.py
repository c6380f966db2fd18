"""Turn the raw aggregates into a `Report`: statistics, course labels and suppression."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.curriculum import Course, Instrument, Module, Text
from bot.services.reports.actions import ActionCounts
from bot.services.reports.learning import Funnel
from bot.services.reports.model import (
    AreaRow,
    BroadcastRow,
    BroadcastSection,
    Change,
    ChecklistRow,
    ChecklistSection,
    Count,
    DayCount,
    FunnelStep,
    Headline,
    Hidden,
    NudgeSection,
    ScoreBin,
    ShiftSection,
    Withheld,
)
from bot.services.reports.outreach import BroadcastCounts, NudgeCounts
from bot.services.reports.pairs import PairRow
from bot.services.reports.people import AreaCounts
from bot.services.reports.privacy import Suppressor
from bot.services.reports.stats import PairedSums, paired_change

BIN_WIDTH = 0.5


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


def subscale_items(attitude: Instrument) -> list[tuple[str, list[str]]]:
    """(sub-scale id, its item ids), in the content file's order."""
    return [
        (key, [i.id for i in attitude.items if i.subscale == key]) for key in attitude.subscales
    ]


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


def _totals(rows: list[PairRow], scale: int) -> PairedSums:
    total = PairedSums(scale=scale)
    for r in rows:
        total += PairedSums(
            r.residents,
            r.before * r.residents,
            r.after * r.residents,
            (r.after - r.before) ** 2 * r.residents,
            scale,
        )
    return total


def _group_totals(rows: list[PairRow], index: int, scale: int) -> PairedSums:
    total = PairedSums(scale=scale)
    for r in rows:
        before, after, diff_sq = r.groups[index]
        total += PairedSums(r.residents, before, after, diff_sq, scale)
    return total


def change(
    s: Suppressor,
    key: str,
    name: Text | None,
    sums: PairedSums,
    *,
    withheld: bool = False,
    pairs: Count | None = None,
) -> Change:
    """A paired change, suppressed as one block; `pairs`: how its residents show, when a table
    above decided it."""
    result = paired_change(sums)
    shown = s.count(sums.n, withheld=withheld) if pairs is None else pairs
    return Change(
        key, name, shown, *s.change(result, withheld=withheld or isinstance(shown, Hidden))
    )


def shift(
    s: Suppressor, f: Figures, attitude: Instrument, *, withheld: bool = False
) -> ShiftSection:
    """The attitude survey before and after: overall, per sub-scale, and the distribution;
    `withheld`: the area table cannot show how many residents answered both."""
    k = len(attitude.items)
    low, high = attitude.scale_min, attitude.scale_max
    bins = int((high - low) / BIN_WIDTH)
    before, after = [0] * bins, [0] * bins
    for r in f.attitude:
        # Bin of a mean score total/k, in exact integers: floor((total/k − low) / width).
        before[min(int(2 * (r.before - low * k) // k), bins - 1)] += r.residents
        after[min(int(2 * (r.after - low * k) // k), bins - 1)] += r.residents
    columns = s.column(before), s.column(after)
    shown_before, shown_after = columns[0].cells, columns[1].cells
    withheld = withheld or any(c.total_withheld for c in columns)
    overall = change(s, "overall", None, _totals(f.attitude, k), withheld=withheld)
    subscales = tuple(
        change(
            s,
            key,
            attitude.subscales[key],
            _group_totals(f.attitude, i, len(ids)),
            withheld=withheld,
        )
        for i, (key, ids) in enumerate(subscale_items(attitude))
    )
    distribution = tuple(
        ScoreBin(low + i * BIN_WIDTH, low + (i + 1) * BIN_WIDTH, shown_before[i], shown_after[i])
        for i in range(bins)
    )
    return ShiftSection(overall, subscales, distribution, low, high)


def checklist(s: Suppressor, f: Figures, instrument: Instrument) -> ChecklistSection:
    """The behaviour checklist before and after, per item and as a count of actions; each
    item splits the residents into yes and no, and neither part may be too few."""
    totals = _totals(f.checklist, 1)
    n = totals.n
    items = []
    for i, item in enumerate(instrument.items):
        yes = _group_totals(f.checklist, i, 1)
        before = s.column([yes.before, n - yes.before]).cells[0]
        after = s.column([yes.after, n - yes.after]).cells[0]
        items.append(
            ChecklistRow(
                item.id,
                item.text,
                s.count(n),
                before,
                after,
                s.share(yes.before, n, withheld=isinstance(before, Hidden)),
                s.share(yes.after, n, withheld=isinstance(after, Hidden)),
            )
        )
    return ChecklistSection(
        s.count(n), tuple(items), change(s, "actions", None, totals), len(instrument.items)
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
                change(s, key or "-", label, _totals(per_area[key], k), pairs=pairs.cells[i]),
            )
        )
    withheld = {name for name, c in columns.items() if c.total_withheld}
    if pairs.total_withheld:
        withheld.add("pairs")
    return level, tuple(rows), frozenset(withheld)
