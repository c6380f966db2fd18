"""Small-group suppression: no report lets anyone count fewer than `threshold` residents.

Every figure of a report passes one `Suppressor` while the report is assembled (raw counts never
leave the service). The rules:
1. A count from 1 to k − 1 shows as "<k" (`Hidden`); 0 is shown, it describes nobody.
2. A mean, share or confidence interval over fewer than k residents is withheld (`Withheld`,
   "x"), and so is a share whose numerator is not shown.
3. A group too small to show is not broken down: every part of it shows as "<k".
4. In a table whose rows add up to a total shown elsewhere (areas, score bands, quiz questions,
   delivery statuses), more rows are withheld ("x", a figure of k or more) until no "<k" row can
   be worked out from the total and the other rows. When even that cannot protect it, every
   non-zero row is withheld; when that still cannot, the total is withheld instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.services.reports.model import Count, Hidden, Value, Withheld
from bot.services.reports.stats import PairedChange

SHOWN, SMALL, WITHHELD = "", "<", "x"


@dataclass(frozen=True)
class Column:
    """A protected table column: the cells to show, and whether its total must be withheld."""

    cells: list[Count]
    total_withheld: bool = False


def _bounds(mark: str, k: int, loose: bool) -> tuple[int, float]:
    """What a reader knows of a cell from its mark alone."""
    if mark == SMALL:
        return 1, k - 1
    return (1 if loose else k), float("inf")


def recoverable(
    values: Sequence[int], marks: Sequence[str], k: int, *, loose: bool = False
) -> bool:
    """Whether some suppressed cell follows from the total and the other cells' marks.

    The suppressed cells add up to the total minus the shown ones; a cell is recovered when
    the others' bounds leave it a single possible value. `loose`: an "x" may be any value ≥ 1.
    """
    hidden = [i for i, mark in enumerate(marks) if mark != SHOWN]
    rest = sum(values[i] for i in hidden)
    bounds = {i: _bounds(marks[i], k, loose) for i in hidden}
    for i in hidden:
        others_low = sum(bounds[j][0] for j in hidden if j != i)
        others_high = sum(bounds[j][1] for j in hidden if j != i)
        low = max(bounds[i][0], rest - others_high)
        high = min(bounds[i][1], rest - others_low)
        if high <= low:
            return True
    return False


class Suppressor:
    """Turns raw figures into report figures for one threshold."""

    def __init__(self, threshold: int) -> None:
        if threshold < 1:
            raise ValueError("the smallest group shown must be at least 1")
        self.threshold = threshold
        self.hidden = Hidden(threshold)
        self.withheld = Withheld(threshold)

    def small(self, n: int) -> bool:
        """Whether a group of `n` residents is too small to show (0 is not a group)."""
        return 0 < n < self.threshold

    def count(self, n: int, *, part_of_small: bool = False, withheld: bool = False) -> Count:
        """A count of residents (or of things each belonging to one resident).

        `part_of_small`: a part of a group too small to show ("<k" even when 0);
        `withheld`: withheld so that another figure cannot be worked out.
        """
        if withheld:
            return self.withheld
        return self.hidden if part_of_small or self.small(n) else n

    def share(
        self, part: int, whole: int, *, residents: int | None = None, withheld: bool = False
    ) -> Value:
        """part / whole; withheld when the whole is fewer than k residents (`residents`, when
        the whole counts answers or messages rather than people) or the part is too few."""
        if whole == 0:
            return None
        people = whole if residents is None else residents
        if withheld or people < self.threshold or self.small(part):
            return self.withheld
        return part / whole

    def mean(self, value: float | None, n: int, *, withheld: bool = False) -> Value:
        """A mean over `n` residents."""
        if n == 0:
            return None
        if withheld or n < self.threshold:
            return self.withheld
        return value

    def change(self, result: PairedChange, *, withheld: bool = False) -> tuple[Value, ...]:
        """(before, after, change, ci_low, ci_high) of a paired change, withheld together."""
        return tuple(
            self.mean(v, result.n, withheld=withheld)
            for v in (result.before, result.after, result.change, result.low, result.high)
        )

    def marks(self, values: Sequence[int], given: Sequence[str] | None = None) -> list[str]:
        """The mark of each cell of a column whose total is shown (rule 4); `given`: marks
        already set by another table the cells belong to."""
        if self.small(sum(values)):
            return [SMALL] * len(values)
        marks = list(given) if given else [SHOWN] * len(values)
        for i, n in enumerate(values):
            if self.small(n) and marks[i] == SHOWN:
                marks[i] = SMALL
        k = self.threshold
        while recoverable(values, marks, k):
            free = [(n, i) for i, n in enumerate(values) if n > 0 and marks[i] == SHOWN]
            if not free:
                break
            marks[min(free)[1]] = WITHHELD
        else:
            return marks
        marks = [WITHHELD if n > 0 else SHOWN for n in values]
        return marks

    def column(self, values: Sequence[int], given: Sequence[str] | None = None) -> Column:
        """The cells of a column that adds up to a total shown elsewhere (rules 3 and 4)."""
        marks = self.marks(values, given)
        if self.small(sum(values)):  # the total shows as "<k": it constrains nothing exactly
            return Column(self.cells(values, marks))
        if recoverable(values, marks, self.threshold, loose=True):
            return Column([self.count(n) for n in values], total_withheld=True)
        return Column(self.cells(values, marks))

    def cells(self, values: Sequence[int], marks: Sequence[str]) -> list[Count]:
        """Cells for their marks."""
        shown = {SMALL: self.hidden, WITHHELD: self.withheld}
        return [shown.get(mark, n) for n, mark in zip(values, marks, strict=True)]

    def grid(
        self, rows: Sequence[Sequence[int]], given: Sequence[Sequence[str]] | None = None
    ) -> list[list[str]]:
        """Marks for a table whose row totals and column totals are all shown: rows and
        columns are protected in turn until neither withholds anything more."""
        givens: Sequence[Sequence[str] | None] = given or [None] * len(rows)
        marks = [self.marks(row, m) for row, m in zip(rows, givens, strict=True)]
        for _ in range(2 * len(rows) + 2):
            before = [list(m) for m in marks]
            for j, column in enumerate(zip(*rows, strict=True)):
                for i, mark in enumerate(self.marks(column, [m[j] for m in marks])):
                    marks[i][j] = mark
            marks = [self.marks(row, m) for row, m in zip(rows, marks, strict=True)]
            if marks == before:
                break
        return marks

    def with_totals(
        self, rows: Sequence[Sequence[int]], total_given: Sequence[str] | None = None
    ) -> tuple[list[list[str]], list[str]]:
        """Marks for a table's rows and for the row of its column totals (shown as a row of
        its own): a total that is withheld has every non-zero cell above it withheld too, so
        that adding the column up cannot show it. `total_given`: marks the totals already have
        in a table above this one."""
        totals = [sum(column) for column in zip(*rows, strict=True)]
        total_marks = self.marks(totals, total_given)
        columns = [
            self.parts(column, mark)
            for column, mark in zip(zip(*rows, strict=True), total_marks, strict=True)
        ]
        given = [[columns[j][i] for j in range(len(totals))] for i in range(len(rows))]
        return self.grid(rows, given), total_marks

    def parts(self, values: Sequence[int], total_mark: str) -> list[str]:
        """Marks for the parts of a figure that shows with `total_mark`: when it is withheld,
        so is every part of k or more, so that adding them up cannot show it."""
        marks = self.marks(values)
        if total_mark == SHOWN or self.small(sum(values)):
            return marks
        forced = [
            WITHHELD if n > 0 and not self.small(n) else mark
            for n, mark in zip(values, marks, strict=True)
        ]
        return self.marks(values, forced)


def mark_of(cell: Count) -> str:
    """The mark a shown cell carries."""
    if isinstance(cell, Withheld):
        return WITHHELD
    return SMALL if isinstance(cell, Hidden) else SHOWN
