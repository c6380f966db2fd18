"""The report as chat messages (Telegram HTML), each under Telegram's 4096-character limit."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from bot.i18n import Translator
from bot.presentation.reports import fmt
from bot.services.reports.model import Count, Hidden, Report

LIMIT = 4096
QUESTION_CHARS = 90


def _e(text: str) -> str:
    return escape(text, quote=False)


def _counter(t: Translator) -> Callable[[Count | None], str]:
    def c(value: Count | None) -> str:
        return _e(fmt.count(t, value))

    return c


def _header(t: Translator, r: Report) -> list[str]:
    lines = [
        t._("📊 <b>Warga Tangguh report</b>"),
        t._("Period: {period}", period=_e(fmt.period(t, r.period))),
        t._("Area: {area}", area=_e(fmt.area(t, r))),
    ]
    if r.demo:
        lines.append(
            t._("🧪 <b>Demo data</b>: synthetic residents made by demo-data, not real people.")
        )
    return lines


def _residents(t: Translator, r: Report) -> list[str]:
    h = r.headline
    c = _counter(t)
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
        n, share = _e(fmt.count(t, step.residents)), _e(fmt.share(t, step.share, 0))
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
                    title=_e(title),
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
            n=_e(fmt.count(t, q.answers)),
            share=_e(fmt.share(t, q.share_correct)),
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
                question=_e(text),
                share=_e(fmt.share(t, row.share_correct, 0)),
                n=_e(fmt.count(t, row.answers)),
            )
        )
    return lines


def _outreach(t: Translator, r: Report) -> list[str]:
    n, b = r.nudges, r.broadcasts
    c = _counter(t)
    if n.sent == 0 and n.blocked == 0 and n.failed == 0:
        lines = [t._("🔔 <b>Nudges</b>: none sent in the period.")]
    else:
        lines = [
            t._(
                "🔔 <b>Nudges</b>: {sent} sent to {residents} residents; {share} followed "
                "by activity within 24 hours",
                sent=c(n.sent),
                residents=c(n.residents),
                share=_e(fmt.share(t, n.share_followed)),
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
                share=_e(fmt.share(t, b.share_delivered)),
                blocked=c(b.blocked),
                failed=c(b.failed),
            )
        )
    return lines


def _shift(t: Translator, r: Report) -> list[str]:
    s = r.shift
    lines = [
        t._(
            "🔄 <b>Paradigm shift</b>: the attitude survey before and after the course "
            "(score {low}–{high}; higher means disasters are seen as something a prepared "
            "city turns into skills and opportunity)",
            low=s.scale_min,
            high=s.scale_max,
        ),
        t._(
            "Survey version {version}: answers to other versions are never paired.",
            version=r.survey_version,
        ),
    ]
    o = s.overall
    if o.pairs == 0:
        return [
            *lines,
            t._("No resident has answered both surveys with the second one in this period."),
        ]
    if isinstance(o.pairs, Hidden):
        return [
            *lines,
            t._("Fewer than {k} residents answered both surveys in this period.", k=r.min_group),
        ]
    lines.append(t._("Residents who answered both: {n}", n=_e(fmt.count(t, o.pairs))))
    lines.append(t._("Score {line}", line=_e(fmt.change_line(t, o))))
    lines.append(t._("<b>By sub-scale</b>"))
    for c in s.subscales:
        name = c.name.get(t.locale) if c.name else c.key
        lines.append(f"• {_e(name)}: {_e(fmt.change_line(t, c))}")
    shown = [a for a in r.areas if a.shift.pairs != 0]
    if shown:
        lines.append(
            t._("<b>By kota</b>") if r.area_level == "region" else t._("<b>By kecamatan</b>")
        )
    for a in shown:
        c = a.shift
        if isinstance(c.pairs, Hidden):
            lines.append(
                t._(
                    "• {area}: fewer than {k} residents",
                    area=_e(fmt.area_name(t, a.name)),
                    k=r.min_group,
                )
            )
        else:
            lines.append(
                t._(
                    "• {area} ({n}): {line}",
                    area=_e(fmt.area_name(t, a.name)),
                    n=_e(fmt.count(t, c.pairs)),
                    line=_e(fmt.change_line(t, c)),
                )
            )
    return lines


def _checklist(t: Translator, r: Report) -> list[str]:
    c = r.checklist
    if c.pairs == 0:
        return [
            t._(
                "✅ <b>Preparedness checklist</b>: no resident has answered it before and "
                "after in this period."
            )
        ]
    if isinstance(c.pairs, Hidden):
        return [
            t._(
                "✅ <b>Preparedness checklist</b>: fewer than {k} residents answered it "
                "before and after in this period.",
                k=r.min_group,
            )
        ]
    lines = [
        t._(
            "✅ <b>Preparedness checklist</b> ({n} residents who answered before and "
            "after): share answering yes",
            n=_e(fmt.count(t, c.pairs)),
        )
    ]
    for item in c.items:
        lines.append(
            t._(
                "• {item}: {before} → {after}",
                item=_e(item.text.get(t.locale).rstrip(".")),
                before=_e(fmt.share(t, item.before, 0)),
                after=_e(fmt.share(t, item.after, 0)),
            )
        )
    a = c.actions
    lines.append(
        t._(
            "Actions in place, out of {items}: {line}",
            items=c.item_count,
            line=_e(fmt.change_line(t, a)),
        )
    )
    lines.append(t._("Checklist version {version}.", version=r.checklist_version))
    return lines


def _actions(t: Translator, r: Report) -> list[str]:
    section = r.actions
    if section is None or not section.asked:
        return [t._("🎯 <b>Actions followed up</b>: none asked in the period.")]
    c = _counter(t)
    lines = [
        t._(
            "🎯 <b>Actions followed up</b> (asked a few days after each module; "
            "did it = done of done + not yet)"
        )
    ]
    for row in section.rows:
        if row.asked == 0:
            continue
        if isinstance(row.asked, Hidden):
            lines.append(
                t._(
                    "• Module {number}: asked of fewer than {k} residents",
                    number=row.module_number,
                    k=r.min_group,
                )
            )
            continue
        lines.append(
            t._(
                "• Module {number}: {share} did it · done {done}, not yet {not_yet}, "
                "not relevant {not_relevant} · answered {answered} of {asked}",
                number=row.module_number,
                share=_e(fmt.share(t, row.share_done, 0)),
                done=c(row.done),
                not_yet=c(row.not_yet),
                not_relevant=c(row.not_relevant),
                answered=c(row.answered),
                asked=c(row.asked),
            )
        )
    return lines


def notes(t: Translator, r: Report) -> list[str]:
    """How each figure is defined; also the workbook's notes sheet."""
    k = r.min_group
    return [
        t._(
            "Every group of fewer than {k} residents shows as <{k}, never as a number; reports "
            "hold no names and no Telegram ids.",
            k=k,
        ),
        t._(
            "x = withheld: a figure that is not shown because, with the totals and the other "
            "rows, it would let a group of fewer than {k} be worked out; shares, means and "
            "confidence intervals over fewer than {k} residents are withheld too.",
            k=k,
        ),
        t._(
            "Registered = consented: the bot keeps nothing about anyone before they agree, so "
            "the two are the same count."
        ),
        t._(
            "Active: at least one Jakarta day with a finished card, quiz answer or survey answer "
            "in the period. Started: opened their first module in the period. Finished: reached "
            "the end of the course (after the final survey) in the period."
        ),
        t._(
            "Module funnel: the residents who registered in the period, and how many of them had "
            "completed each module by its end."
        ),
        t._("Quiz: each resident's first answer to each question, given in the period."),
        t._(
            "Paradigm shift: residents who answered every statement before and after, the "
            "second time in the period. Reverse-worded statements count as {total} − answer. The "
            "change is the mean of each resident's after − before, with a 95% confidence interval "
            "(t distribution).",
            total=r.shift.scale_min + r.shift.scale_max,
        ),
        t._(
            "Checklist: residents who answered all items before and after, the second time in "
            "the period."
        ),
        t._(
            "Survey version {survey} and checklist version {checklist}: only answers to these "
            "versions are paired; answers to earlier versions are kept but never mixed in.",
            survey=r.survey_version,
            checklist=r.checklist_version,
        ),
        t._(
            "Actions followed up: each module's action is asked about once, a few days after the "
            'module ("Sudah sempat …?"), counted over the follow-ups asked in the period with '
            'their answers by its end. Did it = done ÷ (done + not yet); "not relevant" is '
            "left out."
        ),
        t._(
            "Nudges: sent in the period; followed = the resident was active within 24 hours "
            "after it. Broadcasts: started in the period, deliveries to the residents of the "
            "area."
        ),
    ]


def _notes_section(t: Translator, r: Report) -> list[str]:
    return [t._("ℹ️ <b>How to read this</b>"), *(f"• {_e(line)}" for line in notes(t, r))]


def messages(t: Translator, r: Report, limit: int = LIMIT) -> list[str]:
    """The summary as a few chat messages, none longer than `limit` characters."""
    groups = [
        [_header(t, r), _residents(t, r), _funnel(t, r)],
        [_quiz(t, r), _outreach(t, r)],
        [_shift(t, r), _checklist(t, r), _actions(t, r)],
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
