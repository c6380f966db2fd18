"""The report as chat messages (Telegram HTML), each under Telegram's 4096-character limit."""

from __future__ import annotations

from bot.i18n import Translator
from bot.presentation.reports import fmt, outcomes
from bot.presentation.reports.markup import counter, e
from bot.presentation.reports.notes import notes
from bot.services.reports.model import Hidden, Report

LIMIT = 4096
QUESTION_CHARS = 90


def _header(t: Translator, r: Report) -> list[str]:
    lines = [
        t._("📊 <b>Warga Tangguh report</b>"),
        t._("Period: {period}", period=e(fmt.period(t, r.period))),
        t._("Area: {area}", area=e(fmt.area(t, r))),
    ]
    if r.demo:
        lines.append(
            t._("🧪 <b>Demo data</b>: synthetic residents made by demo-data, not real people.")
        )
    return lines


def _residents(t: Translator, r: Report) -> list[str]:
    h = r.headline
    c = counter(t)
    return [
        t._("👥 <b>Residents</b>"),
        t._("Registered (consented): {n}", n=c(h.registered)),
        t._("Active: {n}", n=c(h.active)),
        t._("Started the course: {n}", n=c(h.started)),
        t._("Finished the course: {n}", n=c(h.finished)),
        t._(
            "Stopped (/berhenti): {stopped} · blocked the bot: {blocked}",
            stopped=c(h.stopped),
            blocked=c(h.blocked),
        ),
        t._("All residents by the end of the period: {n}", n=c(h.total)),
    ]


def _funnel(t: Translator, r: Report) -> list[str]:
    lines = [
        t._(
            "🪜 <b>Module funnel</b> (residents who registered in the period, "
            "how far they got by its end)"
        )
    ]
    for step in r.funnel:
        n, share = e(fmt.count(t, step.residents)), e(fmt.share(t, step.share, 0))
        if isinstance(step.residents, Hidden):
            share = "–"
        if step.key == "registered":
            lines.append(t._("Registered: {n}", n=n))
        elif step.key == "started":
            lines.append(t._("Of them, started the course: {n} ({share})", n=n, share=share))
        elif step.key == "finished":
            lines.append(t._("Of them, finished the course: {n} ({share})", n=n, share=share))
        else:
            title = step.title.get(t.locale) if step.title else step.key
            lines.append(
                t._(
                    "Module {number}, {title}: {n} ({share})",
                    number=step.number,
                    title=e(title),
                    n=n,
                    share=share,
                )
            )
    return lines


def _quiz(t: Translator, r: Report) -> list[str]:
    q = r.quiz
    lines = [t._("📝 <b>Quiz</b>")]
    if q.answers == 0:
        return [*lines, t._("No quiz answers in the period.")]
    lines.append(
        t._(
            "First answers: {n} · right: {share}",
            n=e(fmt.count(t, q.answers)),
            share=e(fmt.share(t, q.share_correct)),
        )
    )
    if q.hardest:
        lines.append(t._("Hardest questions (lowest share right):"))
    for row in q.hardest:
        text = row.text.get(t.locale)
        if len(text) > QUESTION_CHARS:
            text = text[: QUESTION_CHARS - 1].rstrip() + "…"
        lines.append(
            t._(
                "• Module {number}: {question} · {share} right of {n}",
                number=row.module_number,
                question=e(text),
                share=e(fmt.share(t, row.share_correct, 0)),
                n=e(fmt.count(t, row.answers)),
            )
        )
    return lines


def _outreach(t: Translator, r: Report) -> list[str]:
    n, b = r.nudges, r.broadcasts
    c = counter(t)
    if n.sent == 0 and n.blocked == 0 and n.failed == 0:
        lines = [t._("🔔 <b>Nudges</b>: none sent in the period.")]
    else:
        lines = [
            t._(
                "🔔 <b>Nudges</b>: {sent} sent to {residents} residents; {share} followed "
                "by activity within 24 hours",
                sent=c(n.sent),
                residents=c(n.residents),
                share=e(fmt.share(t, n.share_followed)),
            ),
            t._(
                "Not sent: blocked {blocked}, failed {failed}",
                blocked=c(n.blocked),
                failed=c(n.failed),
            ),
        ]
    if b.broadcasts == 0:
        lines.append(t._("📣 <b>Broadcasts</b>: none started in the period."))
    else:
        lines.append(
            t.n_(
                "📣 <b>Broadcasts</b>: {count} started; {delivered} of {recipients} "
                "messages delivered ({share}); blocked {blocked}, failed {failed}",
                "📣 <b>Broadcasts</b>: {count} started; {delivered} of {recipients} "
                "messages delivered ({share}); blocked {blocked}, failed {failed}",
                b.broadcasts,
                delivered=c(b.delivered),
                recipients=c(b.recipients),
                share=e(fmt.share(t, b.share_delivered)),
                blocked=c(b.blocked),
                failed=c(b.failed),
            )
        )
    return lines


def _notes_section(t: Translator, r: Report) -> list[str]:
    return [t._("ℹ️ <b>How to read this</b>"), *(f"• {e(line)}" for line in notes(t, r))]


def messages(t: Translator, r: Report, limit: int = LIMIT) -> list[str]:
    """The summary as a few chat messages, none longer than `limit` characters."""
    groups = [
        [_header(t, r), _residents(t, r), _funnel(t, r)],
        [_quiz(t, r), _outreach(t, r)],
        [outcomes.shift(t, r), outcomes.checklist(t, r), outcomes.actions(t, r)],
        [_notes_section(t, r)],
    ]
    out: list[str] = []
    for group in groups:
        out.extend(_pack(["\n".join(section) for section in group], limit))
    return out


def _pack(sections: list[str], limit: int) -> list[str]:
    """Join sections with blank lines into as few messages as fit; split long ones by line."""
    pieces: list[str] = []
    for section in sections:
        if len(section) <= limit:
            pieces.append(section)
            continue
        current = ""
        for line in section.split("\n"):
            line = line[:limit]
            if current and len(current) + 1 + len(line) > limit:
                pieces.append(current)
                current = line
            else:
                current = f"{current}\n{line}" if current else line
        if current:
            pieces.append(current)
    messages: list[str] = []
    for piece in pieces:
        if messages and len(messages[-1]) + 2 + len(piece) <= limit:
            messages[-1] += "\n\n" + piece
        else:
            messages.append(piece)
    return messages
