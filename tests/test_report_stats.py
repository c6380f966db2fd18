"""Report building blocks without a database: t quantiles, paired change, suppression, periods."""

from __future__ import annotations

import math
import statistics
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot import callbacks
from bot.services.reports.model import Hidden, Period, Withheld
from bot.services.reports.period import (
    all_time,
    bounds,
    from_token,
    last_days,
    parse_dates,
    token,
)
from bot.services.reports.privacy import Suppressor
from bot.services.reports.stats import PairedSums, paired_change, t_cdf, t_quantile

TODAY = date(2026, 11, 30)


# Student's t, two-sided 95% (and one 99%) critical values as printed in statistics tables.
@pytest.mark.parametrize(
    "p,df,printed",
    [
        (0.975, 1, 12.706205),
        (0.975, 2, 4.302653),
        (0.975, 3, 3.182446),
        (0.975, 4, 2.776445),
        (0.975, 5, 2.570582),
        (0.975, 9, 2.262157),
        (0.975, 10, 2.228139),
        (0.975, 20, 2.085963),
        (0.975, 29, 2.045230),
        (0.975, 30, 2.042272),
        (0.975, 60, 2.000298),
        (0.975, 120, 1.979930),
        (0.975, 1000, 1.962339),
        (0.995, 10, 3.169273),
        (0.975, 10**7, 1.959964),
    ],
)
def test_t_quantile_matches_the_printed_table(p, df, printed):
    assert t_quantile(p, df) == pytest.approx(printed, abs=5e-6)


@pytest.mark.parametrize("df", [1, 3, 7, 25, 400, 20_000])
@pytest.mark.parametrize("p", [0.6, 0.9, 0.975, 0.999])
def test_t_cdf_inverts_the_quantile_and_the_distribution_is_symmetric(df, p):
    t = t_quantile(p, df)
    assert t_cdf(t, df) == pytest.approx(p, abs=1e-9)
    assert t_quantile(1 - p, df) == pytest.approx(-t, abs=1e-9)


def test_t_quantile_rejects_impossible_arguments():
    for p, df in [(0, 5), (1, 5), (0.5, 0), (1.2, 3)]:
        with pytest.raises(ValueError):
            t_quantile(p, df)


def test_paired_change_from_sums_equals_the_textbook_computation():
    before = [24, 16, 32, 20, 24, 24]  # item sums of 8 statements
    after = [32, 24, 32, 40, 20, 32]
    sums = PairedSums()
    for b, a in zip(before, after, strict=True):
        sums += PairedSums(1, b, a, (a - b) ** 2, 8)
    result = paired_change(sums)
    diffs = [(a - b) / 8 for a, b in zip(after, before, strict=True)]
    half = 2.570582 * statistics.stdev(diffs) / math.sqrt(6)
    assert result.n == 6
    assert result.before == pytest.approx(statistics.fmean(b / 8 for b in before))
    assert result.after == pytest.approx(statistics.fmean(a / 8 for a in after))
    assert result.change == pytest.approx(statistics.fmean(diffs))
    assert (result.low, result.high) == pytest.approx(
        (result.change - half, result.change + half), abs=1e-5
    )
    assert result.sd == pytest.approx(statistics.stdev(diffs))


def test_paired_change_with_no_or_one_pair_has_no_interval():
    assert paired_change(PairedSums()).change is None
    one = paired_change(PairedSums(1, 3, 5, 4, 1))
    assert (one.change, one.low, one.high) == (2.0, None, None)
    same = paired_change(PairedSums(3, 6, 9, 3, 1))  # every change is exactly +1
    assert (same.low, same.high) == (1.0, 1.0)


def test_sums_of_different_scales_do_not_add():
    with pytest.raises(ValueError):
        PairedSums(1, 1, 1, 0, 8) + PairedSums(1, 1, 1, 0, 2)


def test_suppression_hides_small_groups_and_what_is_computed_from_them():
    s = Suppressor(5)
    assert [s.count(n) for n in (0, 1, 4, 5, 120)] == [0, Hidden(5), Hidden(5), 5, 120]
    assert str(Hidden(5)) == "<5"
    assert s.share(3, 0) is None
    assert s.share(2, 4) == Withheld(5)  # the group is too small
    assert s.share(3, 100) == Withheld(5)  # the part is a small group
    assert s.share(6, 8, residents=1) == Withheld(5)  # 8 answers, but one resident's
    assert s.share(0, 100) == 0 and s.share(50, 100) == 0.5
    assert s.mean(3.2, 4) == Withheld(5) and s.mean(None, 4) == Withheld(5)
    assert s.mean(3.2, 0) is None and s.mean(3.2, 5) == 3.2


def test_a_lone_small_row_in_a_table_with_a_total_takes_the_smallest_other_row_with_it():
    s = Suppressor(5)
    h, x = Hidden(5), Withheld(5)
    assert s.column([40, 3, 12, 0]).cells == [40, h, x, 0]  # withheld, not called "<5"
    assert s.column([40, 3, 2, 0]).cells == [40, h, h, 0]
    assert s.column([40, 30]).cells == [40, 30]
    assert s.column([3, 0]).cells == [h, h]  # the total is < 5 too: not broken down
    assert Suppressor(1).column([1, 2]).cells == [1, 2]


@pytest.mark.parametrize(
    "text,since,until",
    [
        ("2026-11-01 2026-11-30", date(2026, 11, 1), date(2026, 11, 30)),
        ("2026-11-30 2026-11-01", date(2026, 11, 1), date(2026, 11, 30)),
        ("2026/11/01 - 2026/11/30", date(2026, 11, 1), date(2026, 11, 30)),
        ("1/11/2026 s.d. 30/11/2026", date(2026, 11, 1), date(2026, 11, 30)),
        ("01-11-2026 sampai 30-11-2026", date(2026, 11, 1), date(2026, 11, 30)),
        ("1 Nov 2026 – 30 Nov 2026", date(2026, 11, 1), date(2026, 11, 30)),
        ("1 Agustus - 31 Agustus 2026", date(2026, 8, 1), date(2026, 8, 31)),
        ("3 Desember", date(2026, 12, 3), date(2026, 12, 3)),
        ("2026-11-05", date(2026, 11, 5), date(2026, 11, 5)),
        ("dari 2026-10-01 hingga 2026-10-31", date(2026, 10, 1), date(2026, 10, 31)),
    ],
)
def test_typed_dates_are_read_in_a_forgiving_way(text, since, until):
    assert parse_dates(text, TODAY) == Period(since, until)


@pytest.mark.parametrize(
    "text",
    [
        "halo",
        "2026-13-01 2026-11-30",
        "31/02/2026",
        "2026-11-01 2026-11-30 2026-12-01",
        "banjir 2026-11-01",
        "1 Bulan 2026",
        "",
    ],
)
def test_text_that_is_not_one_or_two_dates_is_refused(text):
    assert parse_dates(text, TODAY) is None


def test_period_tokens_round_trip_and_fit_in_button_data():
    for period in (
        last_days(7, TODAY),
        last_days(30, TODAY),
        all_time(TODAY),
        Period(date(2026, 11, 1), date(2026, 11, 30)),
    ):
        assert from_token(token(period), TODAY) == period
    assert last_days(7, TODAY) == Period(date(2026, 11, 24), TODAY, "7d")
    for bad in ("8d", "20261301-20261130", "20261130-20261101", "x"):
        assert from_token(bad, TODAY) is None
    data = callbacks.build(
        "rk", token(Period(date(2026, 11, 1), date(2026, 11, 30))), "kepseribu", "kepseribu-selatan"
    )
    assert len(data.encode()) <= 64
    assert callbacks.parse(data).args == ("20261101-20261130", "kepseribu", "kepseribu-selatan")


def test_a_period_is_bounded_by_midnight_in_jakarta():
    start, end = bounds(Period(date(2026, 11, 1), date(2026, 11, 30)), ZoneInfo("Asia/Jakarta"))
    assert start == datetime(2026, 10, 31, 17, tzinfo=UTC)
    assert end == datetime(2026, 11, 30, 17, tzinfo=UTC)
    assert bounds(all_time(TODAY), ZoneInfo("Asia/Jakarta"))[0] is None
