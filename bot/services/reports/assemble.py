"""Turn the raw aggregates into a `Report`: statistics, course labels and suppression."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.curriculum import Course, Instrument, Text
from bot.services.reports import queries
from bot.services.reports.actions import ActionCounts
from bot.services.reports.model import (
    AreaRow,
    BroadcastRow,
    BroadcastSection,
    Change,
    ChecklistRow,
    ChecklistSection,
    DayCount,
    FunnelStep,
    Headline,
    ModuleQuizRow,
    NudgeSection,
    QuestionRow,
    QuizSection,
    ScoreBin,
    ShiftSection,
)
from bot.services.reports.privacy import Suppressor
from bot.services.reports.stats import PairedSums, paired_change

HARDEST = 5
HARDEST_MIN_ANSWERS = 10  # a question answered fewer times is not ranked (nor below k)
BIN_WIDTH = 0.5


@dataclass
class Figures:
    """Everything the queries returned for one report, before any suppression."""

    areas: dict[str | None, queries.AreaCounts]
    daily: list[tuple[date, int]]
    funnel: queries.Funnel
    quiz: dict[str, tuple[int, int]]
    nudges: queries.NudgeCounts
    broadcasts: list[queries.BroadcastCounts]
    attitude: list[queries.PairRow]
    checklist: list[queries.PairRow]
    actions: dict[str, ActionCounts] = field(default_factory=dict)


def subscale_items(attitude: Instrument) -> list[tuple[str, list[str]]]:
    """(sub-scale id, its item ids), in the content file's order."""
    return [(key, [i.id for i in attitude.items if i.subscale == key])
            for key in attitude.subscales]


def headline(s: Suppressor, f: Figures) -> Headline:
    """The headline counts, summed over areas (each resident is in exactly one)."""
    def total(name: str) -> int:
        return sum(getattr(a, name) for a in f.areas.values())
    return Headline(*(s.count(total(name)) for name in (
        "total", "registered", "active", "started", "finished", "stopped", "blocked")))


def funnel(s: Suppressor, f: Figures, course: Course) -> tuple[FunnelStep, ...]:
    """Registered in the period → started → each module → finished, with shares of the cohort."""
    cohort = sum(a.registered for a in f.areas.values())
    few = s.small(cohort)  # every step is a part of the cohort
    steps = [FunnelStep("registered", None, None, s.count(cohort), s.share(cohort, cohort)),
             FunnelStep("started", None, None, s.count(f.funnel.started, hide=few),
                        s.share(f.funnel.started, cohort))]
    for module in course.modules:
        n = f.funnel.modules.get(module.id, 0)
        steps.append(FunnelStep(module.id, module.number, module.title, s.count(n, hide=few),
                                s.share(n, cohort)))
    finished = sum(a.cohort_finished for a in f.areas.values())
    steps.append(FunnelStep("finished", None, None, s.count(finished, hide=few),
                            s.share(finished, cohort)))
    return tuple(steps)


def quiz(s: Suppressor, f: Figures, course: Course) -> QuizSection:
    """Quiz answers overall, per module and per question; the hardest questions."""
    answers = sum(n for n, _ in f.quiz.values())
    correct = sum(right for _, right in f.quiz.values())
    known = [(m, q, *f.quiz.get(q.id, (0, 0))) for m in course.modules for q in m.questions]
    hide_n = s.partition([n for *_, n, _ in known])
    hide_right = s.partition([right for *_, right in known])
    questions = [QuestionRow(m.number, q.id, q.text, s.count(n, hide=hn),
                             s.count(right, hide=hr), s.share(right, n, hide=hn or hr))
                 for (m, q, n, right), hn, hr in zip(known, hide_n, hide_right, strict=True)]
    per_module = [(m, sum(f.quiz.get(q.id, (0, 0))[0] for q in m.questions),
                   sum(f.quiz.get(q.id, (0, 0))[1] for q in m.questions)) for m in course.modules]
    hide_m = s.partition([n for _, n, _ in per_module])
    modules = [ModuleQuizRow(m.number, m.id, m.title, s.count(n, hide=h),
                             s.share(right, n, hide=h))
               for (m, n, right), h in zip(per_module, hide_m, strict=True)]
    ranked = sorted((right / n, i) for i, (_, _, n, right) in enumerate(known)
                    if n >= max(s.threshold, HARDEST_MIN_ANSWERS))
    hardest = tuple(questions[i] for _, i in ranked[:HARDEST])
    return QuizSection(s.count(answers), s.count(correct), s.share(correct, answers),
                       tuple(modules), tuple(questions), hardest)


def nudges(s: Suppressor, f: Figures) -> NudgeSection:
    """Nudges sent and followed by activity within 24 hours."""
    n = f.nudges
    return NudgeSection(s.count(n.sent), s.count(n.residents), s.count(n.followed),
                        s.share(n.followed, n.sent), s.count(n.blocked), s.count(n.failed))


def broadcasts(s: Suppressor, f: Figures) -> BroadcastSection:
    """Broadcasts that started in the period and how their deliveries went."""
    rows = tuple(BroadcastRow(b.broadcast_id, b.started_at, s.count(b.recipients),
                              s.count(b.delivered), s.count(b.blocked), s.count(b.failed),
                              s.count(b.pending)) for b in f.broadcasts)

    def total(name: str) -> int:
        return sum(getattr(b, name) for b in f.broadcasts)
    return BroadcastSection(len(rows), s.count(total("recipients")), s.count(total("delivered")),
                            s.share(total("delivered"), total("recipients")),
                            s.count(total("blocked")), s.count(total("failed")),
                            s.count(total("pending")), rows)


def _totals(rows: list[queries.PairRow], scale: int) -> PairedSums:
    total = PairedSums(scale=scale)
    for r in rows:
        total += PairedSums(r.residents, r.before * r.residents, r.after * r.residents,
                            (r.after - r.before) ** 2 * r.residents, scale)
    return total


def _group_totals(rows: list[queries.PairRow], index: int, scale: int) -> PairedSums:
    total = PairedSums(scale=scale)
    for r in rows:
        before, after, diff_sq = r.groups[index]
        total += PairedSums(r.residents, before, after, diff_sq, scale)
    return total


def change(s: Suppressor, key: str, name: Text | None, sums: PairedSums, *,
           hide: bool = False) -> Change:
    """A paired change, suppressed as one block."""
    result = paired_change(sums)
    return Change(key, name, s.count(sums.n, hide=hide), *s.change(result, hide=hide))


def shift(s: Suppressor, f: Figures, attitude: Instrument) -> ShiftSection:
    """The attitude survey before and after: overall, per sub-scale, and the distribution."""
    k = len(attitude.items)
    overall = change(s, "overall", None, _totals(f.attitude, k))
    subscales = tuple(
        change(s, key, attitude.subscales[key], _group_totals(f.attitude, i, len(ids)))
        for i, (key, ids) in enumerate(subscale_items(attitude)))
    low, high = attitude.scale_min, attitude.scale_max
    bins = int((high - low) / BIN_WIDTH)
    before, after = [0] * bins, [0] * bins
    for r in f.attitude:
        # Bin of a mean score total/k, in exact integers: floor((total/k − low) / width).
        before[min(int(2 * (r.before - low * k) // k), bins - 1)] += r.residents
        after[min(int(2 * (r.after - low * k) // k), bins - 1)] += r.residents
    hide_before, hide_after = s.partition(before), s.partition(after)
    if s.small(sum(before)):  # the bins split a group too small to show at all
        hide_before = hide_after = [True] * bins
    distribution = tuple(
        ScoreBin(low + i * BIN_WIDTH, low + (i + 1) * BIN_WIDTH,
                 s.count(before[i], hide=hide_before[i]), s.count(after[i], hide=hide_after[i]))
        for i in range(bins))
    return ShiftSection(overall, subscales, distribution, low, high)


def checklist(s: Suppressor, f: Figures, instrument: Instrument) -> ChecklistSection:
    """The behaviour checklist before and after, per item and as a count of actions."""
    totals = _totals(f.checklist, 1)
    n = totals.n
    few = s.small(n)  # then even "0 of them said yes" says too much about each of them
    items = []
    for i, item in enumerate(instrument.items):
        yes = _group_totals(f.checklist, i, 1)
        items.append(ChecklistRow(item.id, item.text, s.count(n), s.count(yes.before, hide=few),
                                  s.count(yes.after, hide=few), s.share(yes.before, n),
                                  s.share(yes.after, n)))
    return ChecklistSection(s.count(n), tuple(items), change(s, "actions", None, totals),
                            len(instrument.items))


def daily(s: Suppressor, f: Figures, first: date | None, last: date) -> tuple[DayCount, ...]:
    """Every day of the period (from the first active day for all time), zero where nobody."""
    seen = dict(f.daily)
    start = first or (min(seen) if seen else last)
    days = (start + timedelta(days=i) for i in range((last - start).days + 1))
    return tuple(DayCount(d, s.count(seen.get(d, 0))) for d in days)


def areas(s: Suppressor, f: Figures, course: Course, region: str | None, district: str | None,
          attitude: Instrument) -> tuple[str | None, tuple[AreaRow, ...]]:
    """One row per kota (or per kecamatan of the chosen kota), plus "not given"."""
    if district is not None:
        return None, ()
    if region is None:
        level, known = "region", [(r.id, r.name) for r in course.regions]
    else:
        chosen = course.region(region)
        level, known = "district", list(chosen.districts if chosen else ())
    names = dict(known)
    keys = [key for key, _ in known]
    keys += sorted(k for k in f.areas if k is not None and k not in names)
    keys.append(None)
    per_area = {key: [r for r in f.attitude if r.area == key] for key in keys}
    k = len(attitude.items)
    raw = {key: f.areas.get(key, queries.AreaCounts()) for key in keys}
    columns = {name: s.partition([getattr(raw[key], name) for key in keys])
               for name in ("registered", "active", "started", "finished")}
    pair_counts = [sum(r.residents for r in per_area[key]) for key in keys]
    hide_pairs = s.partition(pair_counts)
    rows = []
    for i, key in enumerate(keys):
        counts = raw[key]
        name = names.get(key, key) if key is not None else None
        label = Text(name, name) if name else None
        rows.append(AreaRow(
            key, name,
            *(s.count(getattr(counts, col), hide=columns[col][i])
              for col in ("registered", "active", "started", "finished")),
            change(s, key or "-", label, _totals(per_area[key], k), hide=hide_pairs[i]),
        ))
    return level, tuple(rows)
