"""The report as tables: one per sheet of the workbook or CSV file, and the dashboard's tables.

Cells hold real numbers and dates so Excel can compute with them; headers are translated
(Indonesian by default).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.i18n import Translator
from bot.presentation.reports import fmt
from bot.presentation.reports.notes import notes
from bot.services.reports.model import Change, Report


@dataclass(frozen=True)
class Cell:
    """A value with its own number format (for tables whose rows differ in kind)."""

    value: object
    kind: str


@dataclass
class Table:
    """One sheet or CSV file."""

    key: str  # file name, e.g. "corong_modul"
    title: str  # sheet name (Excel allows 31 characters)
    headers: list[str]
    kinds: list[str]  # per column: int, pct, score, signed, date, text
    rows: list[list[object]] = field(default_factory=list)


def _change_cells(c: Change) -> list[object]:
    return [c.pairs, c.before, c.after, c.change, c.ci_low, c.ci_high]


def tables(t: Translator, r: Report) -> list[Table]:
    """Every table of the report, in reading order."""
    change_headers = [
        t._("Residents (pairs)"),
        t._("Mean before"),
        t._("Mean after"),
        t._("Mean change"),
        t._("95% CI low"),
        t._("95% CI high"),
    ]
    change_kinds = ["int", "score", "score", "signed", "signed", "signed"]
    h, q, n, b = r.headline, r.quiz, r.nudges, r.broadcasts
    o, cl = r.shift.overall, r.checklist
    summary = Table("ringkasan", t._("Summary"), [t._("Figure"), t._("Value")], ["text", "int"])
    summary.rows = [
        [t._("Period"), Cell(fmt.period(t, r.period), "text")],
        [t._("Area"), Cell(fmt.area(t, r), "text")],
        [t._("Data"), Cell(t._("demo (synthetic residents)") if r.demo else t._("real"), "text")],
        [t._("Registered (consented)"), h.registered],
        [t._("Active"), h.active],
        [t._("Started the course"), h.started],
        [t._("Finished the course"), h.finished],
        [t._("Stopped (/berhenti)"), h.stopped],
        [t._("Blocked the bot"), h.blocked],
        [t._("All residents by the end of the period"), h.total],
        [t._("Quiz first answers"), q.answers],
        [t._("Quiz answers right"), Cell(q.share_correct, "pct")],
        [t._("Nudges sent"), n.sent],
        [t._("Residents nudged"), n.residents],
        [t._("Nudges followed by activity within 24 hours"), n.followed],
        [t._("Share of nudges followed"), Cell(n.share_followed, "pct")],
        [t._("Broadcasts started"), b.broadcasts],
        [t._("Broadcast messages"), b.recipients],
        [t._("Broadcast messages delivered"), b.delivered],
        [t._("Share delivered"), Cell(b.share_delivered, "pct")],
        [t._("Survey pairs (before and after)"), o.pairs],
        [t._("Attitude score before"), Cell(o.before, "score")],
        [t._("Attitude score after"), Cell(o.after, "score")],
        [t._("Mean change"), Cell(o.change, "signed")],
        [t._("95% CI low"), Cell(o.ci_low, "signed")],
        [t._("95% CI high"), Cell(o.ci_high, "signed")],
        [t._("Checklist pairs"), cl.pairs],
        [t._("Generated"), Cell(r.generated_at.astimezone(t.tz).replace(tzinfo=None), "datetime")],
    ]
    funnel = Table(
        "corong_modul",
        t._("Module funnel"),
        [t._("Step"), t._("Module"), t._("Residents"), t._("Share of registered")],
        ["text", "int", "int", "pct"],
    )
    labels = {
        "registered": t._("Registered"),
        "started": t._("Started"),
        "finished": t._("Finished"),
    }
    for step in r.funnel:
        label = labels.get(step.key) or (step.title.get(t.locale) if step.title else step.key)
        funnel.rows.append([label, step.number, step.residents, step.share])
    modules = Table(
        "kuis_modul",
        t._("Quiz by module"),
        [t._("Module"), t._("Title"), t._("Answers"), t._("Share right")],
        ["int", "text", "int", "pct"],
        [[m.number, m.title.get(t.locale), m.answers, m.share_correct] for m in q.modules],
    )
    questions = Table(
        "kuis_soal",
        t._("Quiz by question"),
        [
            t._("Module"),
            t._("Question id"),
            t._("Question"),
            t._("Answers"),
            t._("Right"),
            t._("Share right"),
        ],
        ["int", "text", "text", "int", "int", "pct"],
        [
            [
                x.module_number,
                x.question_id,
                x.text.get(t.locale),
                x.answers,
                x.correct,
                x.share_correct,
            ]
            for x in q.questions
        ],
    )
    shift = Table(
        "pergeseran",
        t._("Paradigm shift"),
        [t._("Measure"), *change_headers],
        ["text", *change_kinds],
    )
    shift.rows.append([t._("Attitude score (all statements)"), *_change_cells(o)])
    for c in r.shift.subscales:
        shift.rows.append([c.name.get(t.locale) if c.name else c.key, *_change_cells(c)])
    shift.rows.append(
        [t._("Checklist: actions in place (0–{n})", n=cl.item_count), *_change_cells(cl.actions)]
    )
    level = t._("Kota") if r.area_level == "region" else t._("Kecamatan")
    areas = Table(
        "wilayah",
        t._("By area"),
        [level, t._("Registered"), t._("Active"), t._("Started"), t._("Finished"), *change_headers],
        ["text", "int", "int", "int", "int", *change_kinds],
        [
            [
                fmt.area_name(t, a.name),
                a.registered,
                a.active,
                a.started,
                a.finished,
                *_change_cells(a.shift),
            ]
            for a in r.areas
        ],
    )
    bins = Table(
        "sebaran_skor",
        t._("Score distribution"),
        [t._("Score from"), t._("Score to"), t._("Residents before"), t._("Residents after")],
        ["score", "score", "int", "int"],
        [[x.low, x.high, x.before, x.after] for x in r.shift.distribution],
    )
    checklist = Table(
        "cek_kesiapan",
        t._("Checklist"),
        [
            t._("Item"),
            t._("Statement"),
            t._("Residents (pairs)"),
            t._("Yes before"),
            t._("Yes after"),
            t._("Share yes before"),
            t._("Share yes after"),
        ],
        ["text", "text", "int", "int", "int", "pct", "pct"],
        [
            [i.item_id, i.text.get(t.locale), i.pairs, i.before_yes, i.after_yes, i.before, i.after]
            for i in cl.items
        ],
    )
    daily = Table(
        "aktif_harian",
        t._("Daily active"),
        [t._("Date"), t._("Active residents")],
        ["date", "int"],
        [[d.day, d.active] for d in r.daily],
    )
    casts = Table(
        "siaran",
        t._("Broadcasts"),
        [
            t._("Broadcast"),
            t._("Started"),
            t._("Messages"),
            t._("Delivered"),
            t._("Blocked"),
            t._("Failed"),
            t._("Pending"),
        ],
        ["int", "datetime", "int", "int", "int", "int", "int"],
        [
            [
                x.broadcast_id,
                x.started_at.astimezone(t.tz).replace(tzinfo=None),
                x.recipients,
                x.delivered,
                x.blocked,
                x.failed,
                x.pending,
            ]
            for x in b.rows
        ],
    )
    acts = Table(
        "aksi",
        t._("Actions followed up"),
        [
            t._("Module"),
            t._("Follow-up question"),
            t._("Asked"),
            t._("Answered"),
            t._("Done"),
            t._("Not yet"),
            t._("Not relevant"),
            t._("Share who did it"),
        ],
        ["int", "text", "int", "int", "int", "int", "int", "pct"],
        [
            [
                a.module_number,
                a.followup.get(t.locale),
                a.asked,
                a.answered,
                a.done,
                a.not_yet,
                a.not_relevant,
                a.share_done,
            ]
            for a in (r.actions.rows if r.actions else ())
        ],
    )
    notes_table = Table(
        "catatan", t._("Notes"), [t._("Note")], ["text"], [[line] for line in notes(t, r)]
    )
    result = [summary, funnel, modules, questions, shift]
    if r.areas:
        result.append(areas)
    return [*result, bins, checklist, acts, daily, casts, notes_table]
