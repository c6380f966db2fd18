"""Comparing a report with the independent computation of tests/report_oracle.py."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from bot.db.engine import Database
from bot.services.reports.model import Change, Report
from tests.report_data import COURSE
from tests.report_oracle import Expected, Oracle


@asynccontextmanager
async def opened(url: str) -> AsyncIterator[Database]:
    """A database for one test, closed after it."""
    database = Database(url)
    try:
        yield database
    finally:
        await database.close()


def close(got, want) -> bool:
    if want is None or got is None:
        return got is None and want is None
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)


def assert_change(got: Change, want: Expected) -> None:
    assert got.pairs == want[0]
    for a, b in zip(
        (got.before, got.after, got.change, got.ci_low, got.ci_high), want[1:], strict=True
    ):
        assert close(a, b), (got, want)


def assert_report_matches(report: Report, o: Oracle) -> None:
    """Compare every figure of an unsuppressed report (min_group=1) with the oracle."""
    h = report.headline
    assert (h.total, h.registered, h.active, h.started, h.finished, h.stopped, h.blocked) == (
        o.total(),
        len(o.registered()),
        len(o.active()),
        len(o.started()),
        len(o.when("finished_at")),
        len(o.when("stopped_at")),
        len(o.when("blocked_at")),
    )

    cohort, started, modules, finished = o.funnel()
    steps = {s.key: s for s in report.funnel}
    assert steps["registered"].residents == cohort
    assert steps["started"].residents == started
    assert steps["finished"].residents == finished
    for module in COURSE.modules:
        step = steps[module.id]
        assert step.residents == modules.get(module.id, 0)
        assert close(step.share, modules.get(module.id, 0) / cohort if cohort else None)

    quiz = o.quiz()
    answers = sum(n for n, _ in quiz.values())
    right = sum(r for _, r in quiz.values())
    assert (report.quiz.answers, report.quiz.correct) == (answers, right)
    assert close(report.quiz.share_correct, right / answers if answers else None)
    for row in report.quiz.questions:
        n, r = quiz.get(row.question_id, (0, 0))
        assert (row.answers, row.correct) == (n, r)
    ranked = sorted((r / n, qid) for qid, (n, r) in quiz.items() if n >= 10)
    assert [row.share_correct for row in report.quiz.hardest] == pytest.approx(
        [share for share, _ in ranked[:5]]
    )
    for row in report.quiz.modules:
        module = COURSE.modules[row.number - 1]
        assert row.answers == sum(quiz.get(q.id, (0, 0))[0] for q in module.questions)

    nudges = o.nudges()
    n = report.nudges
    assert (n.sent, n.residents, n.followed, n.blocked, n.failed) == (
        nudges["sent"],
        nudges["residents"],
        nudges["followed"],
        nudges["blocked"],
        nudges["failed"],
    )

    casts = o.broadcasts()
    assert {
        b.broadcast_id: (b.recipients, b.delivered, b.blocked, b.failed, b.pending)
        for b in report.broadcasts.rows
    } == {
        bid: (sum(c.values()), c["sent"], c["blocked"], c["failed"], c["pending"])
        for bid, c in casts.items()
    }

    assert_change(report.shift.overall, o.shift())
    subscales = {c.key: c for c in report.shift.subscales}
    for key in COURSE.attitude.subscales:
        ids = [i.id for i in COURSE.attitude.items if i.subscale == key]
        assert_change(subscales[key], o.shift(ids))
    k = len(COURSE.attitude.items)
    means = [
        (sum(pre.values()) / k, sum(post.values()) / k)
        for pre, post in o.pairs(COURSE.attitude).values()
    ]
    for number, scorebin in enumerate(report.shift.distribution):

        def inside(value: float, number=number) -> bool:
            return min(int((value - 1) / 0.5), 7) == number

        assert scorebin.before == sum(1 for b, _ in means if inside(b))
        assert scorebin.after == sum(1 for _, a in means if inside(a))

    pairs, items, actions = o.checklist()
    assert report.checklist.pairs == pairs
    for row in report.checklist.items:
        assert (row.before_yes, row.after_yes) == items[row.item_id]
    assert_change(report.checklist.actions, actions)

    daily = o.daily()
    shown = {d.day: d.active for d in report.daily}
    assert {day: n for day, n in shown.items() if n} == daily
    first = report.period.since or (min(daily) if daily else report.period.until)
    assert min(shown) == first and max(shown) == report.period.until

    registered, active, begun = o.registered(), o.active(), o.started()
    finished_ids = o.when("finished_at")
    for row in report.areas:
        ids = {rid for rid in o.residents if o.area(rid) == row.key}
        assert (row.registered, row.active, row.started, row.finished) == (
            len(ids & registered),
            len(ids & active),
            len(ids & begun),
            len(ids & finished_ids),
        )
        assert_change(row.shift, o.shift(rids=ids))
