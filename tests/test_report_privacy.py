"""The suppression ledger against a reader who does the arithmetic: no figure a report withholds
can be worked out from the figures it shows, and a "<5" is never put on a larger group."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.reports import Hidden, Withheld
from bot.services.reports.privacy import Suppressor

TABLES = st.lists(st.integers(0, 12), min_size=1, max_size=6)
THRESHOLDS = st.sampled_from([3, 5])


def _sums(ranges: list[range]) -> set[int]:
    """Every total the cells can reach together, by brute force."""
    totals = {0}
    for values in ranges:
        totals = {t + v for t in totals for v in values}
    return totals


def possible_values(cells: list, total: int, k: int) -> dict[int, set[int]]:
    """What a reader can deduce of each suppressed cell from the shown cells, the total and
    what the marks mean: "<k" is 1 to k − 1; "x" beside a "<k" is k or more (it was withheld
    for a small row), otherwise any value above 0 (zeros are always shown)."""
    hidden = [i for i, c in enumerate(cells) if isinstance(c, Hidden)]
    rest = total - sum(c for c in cells if not isinstance(c, Hidden))
    beside_small = any(type(c) is Hidden for c in cells)
    ranges = {
        i: range(1, k) if type(cells[i]) is Hidden else range(k if beside_small else 1, rest + 1)
        for i in hidden
    }
    found = {}
    for i in hidden:
        others = _sums([ranges[j] for j in hidden if j != i])
        found[i] = {v for v in ranges[i] if rest - v in others}
    return found


@settings(max_examples=300, deadline=None)
@given(TABLES, THRESHOLDS)
def test_no_withheld_cell_can_be_worked_out_from_the_total_and_the_other_rows(values, k):
    s = Suppressor(k)
    column = s.column(values)
    total = sum(values)
    for value, cell in zip(values, column.cells, strict=True):
        if type(cell) is Hidden:  # "<k" is true of the cell it marks
            assert value < k
        elif isinstance(cell, int):
            assert cell == value
    if s.small(total):  # a group too small to show is not broken down
        assert all(type(c) is Hidden for c in column.cells)
        return
    if column.total_withheld:  # the rows cannot be added up to the total withheld instead
        assert any(isinstance(c, Hidden) for c in column.cells)
        return
    deduced = possible_values(column.cells, total, k)
    for i, options in deduced.items():
        assert values[i] in options, "the marks must mean what the note says"
        assert len(options) >= 2, f"row {i} of {values} is recoverable: {column.cells}"


def test_a_large_row_withheld_beside_a_small_one_is_not_called_small():
    column = Suppressor(5).column([2, 118, 40])
    assert column.cells == [Hidden(5), 118, Withheld(5)]
    assert str(column.cells[2]) == "x" and str(column.cells[0]) == "<5"


def test_a_small_row_is_protected_even_when_the_only_other_row_is_just_large_enough():
    # 1 + 5 = 6: "<5" beside "x" (5 or more) would pin the small row to 1.
    column = Suppressor(5).column([1, 5])
    assert column.cells == [Withheld(5), Withheld(5)] or column.total_withheld


def test_a_delivery_status_cannot_be_worked_out_from_the_messages_sent():
    """The repro of issue 10: 8 messages, 7 delivered, 0 blocked, failed "<5" gave 8 − 7 − 0."""
    s = Suppressor(5)
    marks, total_marks = s.with_totals([[7, 0, 1, 0]])
    shown = s.cells([7, 0, 1, 0], marks[0])
    assert shown[0] != 7 and shown[2] != 1
    assert s.cells([7, 0, 1, 0], total_marks)[0] != 7
