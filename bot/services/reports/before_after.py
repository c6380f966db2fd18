"""The before-and-after sections of a report: the attitude shift and the behaviour checklist, and
the paired change each area row shows, from the residents who answered both times."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.curriculum import Instrument, Text
from bot.services.reports.model import (
    Change,
    ChecklistRow,
    ChecklistSection,
    Count,
    Hidden,
    ScoreBin,
    ShiftSection,
)
from bot.services.reports.pairs import PairRow
from bot.services.reports.privacy import Suppressor
from bot.services.reports.stats import PairedSums, paired_change

if TYPE_CHECKING:
    from bot.services.reports.assemble import Figures

BIN_WIDTH = 0.5


def subscale_items(attitude: Instrument) -> list[tuple[str, list[str]]]:
    """(sub-scale id, its item ids), in the content file's order."""
    return [
        (key, [i.id for i in attitude.items if i.subscale == key]) for key in attitude.subscales
    ]


def paired_sums(rows: list[PairRow], scale: int) -> PairedSums:
    """The paired sums of `rows`, each row weighted by its residents."""
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


def group_sums(rows: list[PairRow], index: int, scale: int) -> PairedSums:
    """The paired sums of one group of items (a sub-scale, a checklist item) over `rows`."""
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
    overall = change(s, "overall", None, paired_sums(f.attitude, k), withheld=withheld)
    subscales = tuple(
        change(
            s,
            key,
            attitude.subscales[key],
            group_sums(f.attitude, i, len(ids)),
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
    totals = paired_sums(f.checklist, 1)
    n = totals.n
    items = []
    for i, item in enumerate(instrument.items):
        yes = group_sums(f.checklist, i, 1)
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
