"""What each chart draws, as plain data for the page's script (Chart.js).

A value is a number, or None when the group is withheld or there is nothing to show: a withheld
group is never drawn. Beside every number goes the text the report shows for it (`shown`), which
is what tooltips print; withheld entries print the report's mark, never a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.i18n import Translator
from bot.presentation.reports import fmt
from bot.services.reports import Hidden, Report
from bot.services.reports.model import Change

BEFORE, AFTER, BAR, ALERT, GREY = "#9bb7d4", "#1f5f99", "#2e7d5b", "#c0504d", "#8c8c8c"


@dataclass
class Series:
    """One dataset: a label, numbers (or [low, high] pairs), their texts and a colour."""

    label: str
    data: list
    shown: list[str]
    color: str


@dataclass
class ChartSpec:
    """One chart: what the script needs, and which table stands behind it."""

    id: str
    title: str
    table: str
    labels: list[str]
    series: list[Series] = field(default_factory=list)
    kind: str = "bar"  # "bar" or "line"
    horizontal: bool = False
    stacked: bool = False
    percent: bool = False  # values are percentages (0–100)

    def data(self) -> dict:
        """The chart as JSON-ready data."""
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "horizontal": self.horizontal,
            "stacked": self.stacked,
            "percent": self.percent,
            "labels": self.labels,
            "series": [vars(s) for s in self.series],
        }

    @property
    def empty(self) -> bool:
        """Nothing to draw: every value withheld or missing."""
        return all(v is None for s in self.series for v in s.data)


def _n(value) -> float | None:
    return None if value is None or isinstance(value, Hidden) else value


def _pct(value) -> float | None:
    number = _n(value)
    return None if number is None else round(100 * number, 2)


def _counts(t: Translator, label: str, values: list, color: str) -> Series:
    return Series(label, [_n(v) for v in values], [fmt.count(t, v) for v in values], color)


def _shares(t: Translator, label: str, values: list, color: str) -> Series:
    return Series(label, [_pct(v) for v in values], [fmt.share(t, v) for v in values], color)


def _scores(t: Translator, label: str, values: list, color: str) -> Series:
    return Series(label, [_n(v) for v in values], [fmt.score(t, v) for v in values], color)


def _interval(t: Translator, changes: list[Change]) -> Series:
    data, shown = [], []
    for c in changes:
        low, high = _n(c.ci_low), _n(c.ci_high)
        data.append(None if low is None or high is None else [low, high])
        shown.append(
            t._(
                "{change} (95% CI {low} to {high})",
                change=fmt.signed(t, c.change),
                low=fmt.signed(t, c.ci_low),
                high=fmt.signed(t, c.ci_high),
            )
        )
    return Series(t._("Mean change with its 95% interval"), data, shown, AFTER)


def _funnel_labels(t: Translator, r: Report) -> list[str]:
    fixed = {
        "registered": t._("Registered"),
        "started": t._("Started"),
        "finished": t._("Finished"),
    }
    return [fixed.get(s.key) or t._("Module {number}", number=s.number) for s in r.funnel]


def charts(t: Translator, r: Report) -> list[ChartSpec]:
    """Every chart of the page, in reading order."""
    q, n, b, sh, cl = r.quiz, r.nudges, r.broadcasts, r.shift, r.checklist
    measures = [sh.overall, *sh.subscales]
    measure_names = [t._("All statements")] + [
        c.name.get(t.locale) if c.name else c.key for c in sh.subscales
    ]
    specs = [
        ChartSpec(
            "funnel",
            t._("Module funnel"),
            "corong_modul",
            _funnel_labels(t, r),
            [_counts(t, t._("Residents"), [s.residents for s in r.funnel], BAR)],
            horizontal=True,
        ),
        ChartSpec(
            "daily",
            t._("Daily active"),
            "aktif_harian",
            [fmt.day(t, d.day, "d MMM") for d in r.daily],
            [_counts(t, t._("Active residents"), [d.active for d in r.daily], AFTER)],
            kind="line",
        ),
        ChartSpec(
            "quiz",
            t._("Quiz by module"),
            "kuis_modul",
            [t._("Module {number}", number=m.number) for m in q.modules],
            [_shares(t, t._("Share right"), [m.share_correct for m in q.modules], BAR)],
            percent=True,
        ),
        ChartSpec(
            "nudges",
            t._("Nudges"),
            "ringkasan",
            [t._("Sent"), t._("Followed within 24 hours"), t._("Blocked"), t._("Failed")],
            [_counts(t, t._("Nudges"), [n.sent, n.followed, n.blocked, n.failed], BAR)],
        ),
        ChartSpec(
            "broadcasts",
            t._("Broadcasts"),
            "siaran",
            [f"#{row.broadcast_id}" for row in b.rows],
            [
                _counts(t, label, [getattr(row, attr) for row in b.rows], color)
                for label, attr, color in (
                    (t._("Delivered"), "delivered", BAR),
                    (t._("Blocked"), "blocked", ALERT),
                    (t._("Failed"), "failed", GREY),
                    (t._("Pending"), "pending", BEFORE),
                )
            ],
            stacked=True,
        ),
        ChartSpec(
            "shift",
            t._("Paradigm shift"),
            "pergeseran",
            measure_names,
            [
                _scores(t, t._("Mean before"), [c.before for c in measures], BEFORE),
                _scores(t, t._("Mean after"), [c.after for c in measures], AFTER),
            ],
        ),
        ChartSpec(
            "shift-change",
            t._("Mean change with its 95% interval"),
            "pergeseran",
            measure_names,
            [_interval(t, measures)],
            horizontal=True,
        ),
    ]
    if r.areas:
        specs.append(
            ChartSpec(
                "areas",
                t._("By area"),
                "wilayah",
                [fmt.area_name(t, a.name) for a in r.areas],
                [_interval(t, [a.shift for a in r.areas])],
                horizontal=True,
            )
        )
    specs += [
        ChartSpec(
            "distribution",
            t._("Score distribution"),
            "sebaran_skor",
            [f"{fmt.score(t, x.low, 1)}–{fmt.score(t, x.high, 1)}" for x in sh.distribution],
            [
                _counts(t, t._("Residents before"), [x.before for x in sh.distribution], BEFORE),
                _counts(t, t._("Residents after"), [x.after for x in sh.distribution], AFTER),
            ],
        ),
        ChartSpec(
            "checklist",
            t._("Checklist"),
            "cek_kesiapan",
            [i.item_id for i in cl.items],
            [
                _shares(t, t._("Share yes before"), [i.before for i in cl.items], BEFORE),
                _shares(t, t._("Share yes after"), [i.after for i in cl.items], AFTER),
            ],
            horizontal=True,
            percent=True,
        ),
    ]
    rows = r.actions.rows if r.actions else ()
    if rows:
        specs.append(
            ChartSpec(
                "actions",
                t._("Actions followed up"),
                "aksi",
                [t._("Module {number}", number=a.module_number) for a in rows],
                [_shares(t, t._("Share who did it"), [a.share_done for a in rows], BAR)],
                percent=True,
            )
        )
    return specs
