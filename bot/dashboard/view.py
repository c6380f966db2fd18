"""The dashboard page as plain data: headline figures, chart sections with their tables, notes."""

from __future__ import annotations

from dataclasses import dataclass

from bot.dashboard.charts import ChartSpec, charts
from bot.dashboard.tables import TableView, views
from bot.i18n import Translator
from bot.presentation.reports import fmt
from bot.presentation.reports.notes import notes
from bot.services.reports import Report


@dataclass(frozen=True)
class Card:
    """One headline figure."""

    key: str
    label: str
    shown: str


@dataclass(frozen=True)
class Section:
    """A chart and the table behind it."""

    chart: ChartSpec
    table: TableView


@dataclass(frozen=True)
class Page:
    """Everything the page template shows; every figure already passed the report's rules."""

    period: str
    area: str
    demo: bool
    min_group: int
    generated: str
    cards: list[Card]
    sections: list[Section]
    summary: TableView
    questions: TableView
    hardest: TableView
    notes: list[str]

    def chart_data(self) -> list[dict]:
        """What the page's script draws."""
        return [s.chart.data() for s in self.sections]


def _cards(t: Translator, r: Report) -> list[Card]:
    h = r.headline
    figures = [
        ("registered", t._("Registered"), h.registered),
        ("active", t._("Active"), h.active),
        ("started", t._("Started"), h.started),
        ("finished", t._("Finished"), h.finished),
        ("stopped", t._("Stopped (/berhenti)"), h.stopped),
        ("blocked", t._("Blocked the bot"), h.blocked),
        ("total", t._("All residents by the end of the period"), h.total),
    ]
    return [Card(key, label, fmt.count(t, value)) for key, label, value in figures]


def _hardest(t: Translator, r: Report, questions: TableView) -> TableView:
    """The hardest questions, as rows of the per-question table (same cells, same marks)."""
    by_id = {row[1]: row for row in questions.rows}
    rows = [by_id[q.question_id] for q in r.quiz.hardest if q.question_id in by_id]
    return TableView(
        "kuis_tersulit",
        t._("Hardest questions (lowest share right):").rstrip(":"),
        questions.headers,
        questions.numeric,
        rows,
    )


def build(t: Translator, r: Report) -> Page:
    """The page for one report, in the reader's language."""
    tables = views(t, r)
    return Page(
        period=fmt.period(t, r.period),
        area=fmt.area(t, r),
        demo=r.demo,
        min_group=r.min_group,
        generated=t.datetime(r.generated_at, "short"),
        cards=_cards(t, r),
        sections=[Section(spec, tables[spec.table]) for spec in charts(t, r)],
        summary=tables["ringkasan"],
        questions=tables["kuis_soal"],
        hardest=_hardest(t, r, tables["kuis_soal"]),
        notes=notes(t, r),
    )
