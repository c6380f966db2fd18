"""Small-group suppression: no report lets anyone count fewer than `threshold` residents.

The rules, applied while a report is assembled (raw counts never leave the service):
1. A count from 1 to threshold − 1 is shown as "<threshold" (0 is shown: it describes nobody).
2. A mean or share over fewer than `threshold` residents is withheld, and so is every count
   about a part of such a group (how many of 3 residents said yes); so is a share whose numerator
   is a withheld count.
3. In a table whose rows add up to a total shown elsewhere (areas, score bins, quiz questions), if
   exactly one row is withheld the smallest other row is withheld too, so subtraction cannot
   reveal it.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.services.reports.model import Count, Hidden, Value
from bot.services.reports.stats import PairedChange


class Suppressor:
    """Turns raw figures into report figures for one threshold."""

    def __init__(self, threshold: int) -> None:
        if threshold < 1:
            raise ValueError("the smallest group shown must be at least 1")
        self.threshold = threshold
        self.hidden = Hidden(threshold)

    def small(self, n: int) -> bool:
        """Whether a group of `n` residents is too small to show (0 is not a group)."""
        return 0 < n < self.threshold

    def count(self, n: int, *, hide: bool = False) -> Count:
        """A count of residents (or of things each belonging to one resident)."""
        return self.hidden if hide or self.small(n) else n

    def share(self, part: int, whole: int, *, hide: bool = False) -> Value:
        """part / whole, withheld when either describes too few residents."""
        if whole == 0:
            return None
        if hide or whole < self.threshold or self.small(part):
            return self.hidden
        return part / whole

    def mean(self, value: float | None, n: int, *, hide: bool = False) -> Value:
        """A mean over `n` residents."""
        if n == 0:
            return None
        if hide or n < self.threshold:
            return self.hidden
        return value

    def change(self, result: PairedChange, *, hide: bool = False) -> tuple[Value, ...]:
        """(before, after, change, ci_low, ci_high) of a paired change, withheld together."""
        n = result.n
        return tuple(self.mean(v, n, hide=hide) for v in (
            result.before, result.after, result.change, result.low, result.high))

    def partition(self, counts: Sequence[int]) -> list[bool]:
        """Which rows of a table that adds up to a shown total must be withheld."""
        hide = [self.small(n) for n in counts]
        if sum(hide) == 1:
            others = [(n, i) for i, n in enumerate(counts) if n > 0 and not hide[i]]
            if others:
                hide[min(others)[1]] = True
        return hide
