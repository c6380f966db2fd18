"""Every report figure checked against an independent computation, on demo data and by hand."""

from __future__ import annotations

import math
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import ManualClock
from bot.services.reports import Hidden, Period, ReportRequest, ReportService, Scope, Withheld
from bot.services.reports.period import all_time, last_days
from tests.harness import START
from tests.report_checks import assert_report_matches, opened
from tests.report_data import COURSE, Town, utc
from tests.report_oracle import Oracle, load

TZ = ZoneInfo("Asia/Jakarta")
TODAY = START.astimezone(TZ).date()  # Monday 30 November 2026


@pytest.fixture
async def db(database_url):
    async with opened(database_url) as database:
        yield database


@pytest.fixture
def service(db) -> ReportService:
    return ReportService(db, COURSE, ManualClock(START), TZ)


@pytest.fixture
async def demo_db(demo_database_url):
    """The demo town (see conftest.demo_template), a copy of its own for this test."""
    async with opened(demo_database_url) as database:
        yield database


@pytest.fixture
async def demo(demo_db) -> dict:
    return await load(demo_db)


@pytest.fixture
def demo_service(demo_db) -> ReportService:
    return ReportService(demo_db, COURSE, ManualClock(START), TZ)


@pytest.mark.parametrize(
    "period,scope",
    [
        (all_time(TODAY), Scope()),
        (last_days(30, TODAY), Scope()),
        (last_days(7, TODAY), Scope("jaktim")),
        (Period(date(2026, 9, 1), date(2026, 10, 31)), Scope("jakbar")),
        (all_time(TODAY), Scope("jaksel", "tebet")),
    ],
)
async def test_every_figure_on_demo_data_matches_a_direct_computation(
    demo_service, demo, period, scope
):
    report = await demo_service.build(ReportRequest(period, scope), min_group=1)
    assert report.demo is True
    assert_report_matches(
        report, Oracle(demo, COURSE, period.since, period.until, scope.region, scope.district)
    )


async def test_demo_data_is_realistic_enough_to_show_a_full_report(demo_service):
    report = await demo_service.build(ReportRequest(all_time(TODAY)))
    counts = [s.residents for s in report.funnel if s.number]
    assert all(isinstance(n, int) for n in counts)
    assert counts == sorted(counts, reverse=True) and counts[0] > 3 * counts[-1] > 0
    shares = [q.share_correct for q in report.quiz.questions if isinstance(q.share_correct, float)]
    assert max(shares) - min(shares) > 0.3  # questions differ in difficulty
    overall = report.shift.overall
    assert overall.pairs >= 20 and 0.1 < overall.change < 0.8 and overall.ci_low > 0
    assert report.nudges.sent > 0 and report.broadcasts.broadcasts == 3
    assert isinstance(report.headline.active, int) and report.headline.active > 0


# Six residents: (plain items, reverse-worded items) answered before and after.
SIX = [
    ((3, 3), (4, 2)),
    ((2, 4), (3, 3)),
    ((4, 2), (4, 2)),
    ((3, 4), (5, 1)),
    ((3, 3), (3, 4)),
    ((2, 2), (4, 2)),
]


def _hand_mean(answers: tuple[int, int], items) -> float:
    """A resident's mean score over `items`: plain answers as given, reverse ones 6 − answer."""
    plain, reverse = answers
    return sum(6 - reverse if i.reverse else plain for i in items) / len(items)


async def _six_pairs(town: Town, second_region: str = "jaksel") -> None:
    """The six residents of SIX, three in Jakarta Utara and three in `second_region`."""
    for number, (pre, post) in enumerate(SIX):
        region = "jakut" if number < 3 else second_region
        rid = await town.resident(at=utc(2026, 11, 2, 3), region=region)
        await town.attitude(rid, "pre", *pre, at=utc(2026, 11, 2, 4))
        await town.attitude(rid, "post", *post, at=utc(2026, 11, 20, 4))


async def test_paired_change_matches_a_hand_computation(db, service):
    town = Town(db)
    await _six_pairs(town)
    # Not pairs: no after-survey, an incomplete after-survey, an after-survey after the period.
    lone = await town.resident(at=utc(2026, 11, 2))
    await town.attitude(lone, "pre", 5, 1, at=utc(2026, 11, 2))
    partial = await town.resident(at=utc(2026, 11, 2))
    await town.attitude(partial, "pre", 1, 5, at=utc(2026, 11, 2))
    await town.answers(
        partial, "post", {i.id: 3 for i in COURSE.attitude.items[:2]}, at=utc(2026, 11, 20)
    )
    late = await town.resident(at=utc(2026, 11, 2))
    await town.attitude(late, "pre", 1, 5, at=utc(2026, 11, 2))
    await town.attitude(late, "post", 5, 1, at=utc(2026, 11, 30, 17, 30))  # 1 Dec in Jakarta

    report = await service.build(ReportRequest(Period(date(2026, 11, 1), date(2026, 11, 30))))
    items = COURSE.attitude.items
    before = [_hand_mean(pre, items) for pre, _ in SIX]
    after = [_hand_mean(post, items) for _, post in SIX]
    diffs = [a - b for a, b in zip(after, before, strict=True)]
    mean = sum(diffs) / 6
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / 5)
    half = 2.570582 * sd / math.sqrt(6)  # t(0.975, 5) from a printed table
    o = report.shift.overall
    assert o.pairs == 6
    assert o.before == pytest.approx(sum(before) / 6) and o.after == pytest.approx(sum(after) / 6)
    assert o.change == pytest.approx(mean)
    assert (o.ci_low, o.ci_high) == pytest.approx((mean - half, mean + half), abs=1e-5)
    usaha = next(c for c in report.shift.subscales if c.key == "usaha")
    mine = [i for i in items if i.subscale == "usaha"]
    assert usaha.before == pytest.approx(sum(_hand_mean(pre, mine) for pre, _ in SIX) / 6)
    assert usaha.after == pytest.approx(sum(_hand_mean(post, mine) for _, post in SIX) / 6)
    # The kota rows: three pairs each, under 5, so neither shows a number.
    rows = {a.key: a for a in report.areas}
    assert rows["jakut"].shift.pairs == Hidden(5) and rows["jaksel"].shift.change == Withheld(5)
    december = await service.build(ReportRequest(Period(None, date(2026, 12, 1))))
    assert december.shift.overall.pairs == 7  # the late one counts once the period covers it


async def test_groups_under_five_are_hidden_and_a_lone_small_row_takes_another_with_it(db, service):
    town = Town(db)
    await _six_pairs(town, second_region="jakut")  # all six in Jakarta Utara
    for _ in range(2):  # two in Jakarta Pusat, both finishing the course in the period
        rid = await town.resident(
            at=utc(2026, 11, 3), region="jakpus", stage="finished", finished_at=utc(2026, 11, 25)
        )
        await town.active(rid, date(2026, 11, 3))
    report = await service.build(ReportRequest(Period(date(2026, 11, 1), date(2026, 11, 30))))
    rows = {a.key: a for a in report.areas}
    assert report.headline.registered == 8
    assert rows["jakpus"].registered == Hidden(5)
    # Jakarta Pusat alone would be 8 − 6 = 2 by subtraction, so Jakarta Utara is withheld too,
    # marked as withheld: 6 is not "<5".
    assert rows["jakut"].registered == Withheld(5)
    assert rows["jaktim"].registered == 0
    assert report.headline.finished == Hidden(5)
    assert report.headline.active == Hidden(5)
    steps = {s.key: s for s in report.funnel}
    assert steps["finished"].residents == Hidden(5) and steps["finished"].share == Withheld(5)
    bins = report.shift.distribution
    assert all(b.before in (0, Hidden(5), Withheld(5)) for b in bins)  # 6 pairs, 3 bands
    assert report.checklist.pairs == 0 and report.checklist.actions.pairs == 0


async def test_periods_follow_jakarta_days(db, service):
    town = Town(db)
    early = await town.resident(at=utc(2026, 10, 31, 17, 30))  # 1 November, 00:30 in Jakarta
    await town.resident(at=utc(2026, 10, 31, 16, 30))  # 31 October, 23:30
    await town.resident(at=utc(2026, 11, 30, 17, 30))  # 1 December, 00:30
    await town.active(early, date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 30))
    report = await service.build(
        ReportRequest(Period(date(2026, 11, 1), date(2026, 11, 30))), min_group=1
    )
    assert report.headline.registered == 1
    assert report.headline.active == 1
    assert [(d.day, d.active) for d in report.daily if d.active] == [
        (date(2026, 11, 1), 1),
        (date(2026, 11, 30), 1),
    ]
    assert len(report.daily) == 30


async def test_real_residents_are_reported_without_the_demo_ones(db, service):
    town = Town(db)
    await town.resident(at=utc(2026, 11, 2))
    for _ in range(3):
        await town.resident(at=utc(2026, 11, 2), demo=True)
    report = await service.build(ReportRequest(all_time(TODAY)), min_group=1)
    assert report.demo is False and report.headline.registered == 1


async def test_nudges_and_broadcasts_are_counted_over_the_residents_in_scope(db, service):
    town = Town(db)
    north = [await town.resident(at=utc(2026, 11, 1), region="jakut") for _ in range(3)]
    south = await town.resident(at=utc(2026, 11, 1), region="jaksel")
    sent = utc(2026, 11, 10, 12)
    await town.nudge(north[0], "sent", sent, responded=sent + timedelta(hours=3))
    await town.nudge(north[0], "sent", sent + timedelta(days=2))
    await town.nudge(north[1], "sent", sent)
    await town.nudge(north[2], "blocked", sent)
    await town.nudge(south, "sent", sent, responded=sent + timedelta(hours=1))
    await town.nudge(north[1], "sent", utc(2026, 10, 1))  # before the period
    await town.broadcast(
        utc(2026, 11, 15),
        {north[0]: "sent", north[1]: "blocked", north[2]: "failed", south: "sent"},
    )
    await town.broadcast(utc(2026, 10, 15), {north[0]: "sent"})
    await town.broadcast(None, {})  # a draft
    period = Period(date(2026, 11, 1), date(2026, 11, 30))
    report = await service.build(ReportRequest(period, Scope("jakut")), min_group=1)
    n = report.nudges
    assert (n.sent, n.residents, n.followed, n.blocked, n.failed) == (3, 2, 1, 1, 0)
    assert n.share_followed == pytest.approx(1 / 3)
    b = report.broadcasts
    assert (b.broadcasts, b.recipients, b.delivered, b.blocked, b.failed) == (1, 3, 1, 1, 1)
    everywhere = await service.build(ReportRequest(period), min_group=1)
    assert everywhere.nudges.sent == 4 and everywhere.broadcasts.delivered == 2
