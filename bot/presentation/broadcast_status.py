"""How a broadcast's state reads: the progress bar while it sends, the result when it is done,
the /siaran_status list and the cancel question."""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardMarkup

from bot.callbacks import CancelBroadcast, CancelConfirm
from bot.curriculum import Course
from bot.i18n import Translator, translator
from bot.presentation.broadcast_labels import audience_label, first_words
from bot.presentation.keyboards import Reply, button, rows
from bot.services.broadcast_summary import Summary

BAR = 10


def status_label(t: Translator, status: str) -> str:
    """A broadcast state in words."""
    return {
        "draft": t._("draft"),
        "scheduled": t._("scheduled"),
        "sending": t._("sending"),
        "done": t._("done"),
        "cancelled": t._("cancelled"),
        "failed": t._("failed"),
    }[status]


def progress_text(summary: Summary, rate: float) -> str:
    """The progress message edited in place while a broadcast sends."""
    t = translator(summary.locale)
    share = summary.done / summary.total if summary.total else 1.0
    filled = round(share * BAR)
    left = max(summary.total - summary.done, 0)
    lines = [
        t._(
            "📣 <b>Broadcast #{id}</b> · {status}",
            id=summary.id,
            status=status_label(t, summary.status),
        ),
        f"{'▓' * filled}{'░' * (BAR - filled)} {t.number(100 * share)}%",
        t._(
            "Sent {sent} · blocked {blocked} · failed {failed} · of {total}",
            sent=t.number(summary.sent),
            blocked=t.number(summary.blocked),
            failed=t.number(summary.failed),
            total=t.number(summary.total),
        ),
    ]
    if summary.status == "sending" and left:
        lines.append(
            t._("Time left: about {duration}", duration=t.duration(timedelta(seconds=left / rate)))
        )
    return "\n".join(lines)


def summary_text(summary: Summary) -> str:
    """The report sent when a broadcast is done."""
    t = translator(summary.locale)
    lines = [
        t._("✅ <b>Broadcast #{id} is done.</b>", id=summary.id),
        t._("Delivered: {count}", count=t.number(summary.sent)),
        t._("Blocked the bot: {count}", count=t.number(summary.blocked)),
        t._("Failed: {count}", count=t.number(summary.failed)),
    ]
    if summary.started_at and summary.finished_at:
        lines.append(
            t._(
                "Duration: {duration}",
                duration=t.duration(summary.finished_at - summary.started_at),
            )
        )
    if summary.resent:
        lines.append(
            t._(
                "Sent again after an interruption (may have arrived twice): {count}",
                count=t.number(summary.resent),
            )
        )
    return "\n".join(lines)


def status_line(t: Translator, course: Course, s: Summary) -> str:
    """One broadcast in the list: number, state, first words, audience, counts, time."""
    when = (s.scheduled_at if s.status == "scheduled" else s.started_at) or s.created_at
    if s.status == "scheduled":
        reach = t.n_(
            "reaches {count} resident now", "reaches {count} residents now", s.audience_now or 0
        )
    else:
        reach = t._("{sent}/{total} sent", sent=t.number(s.sent), total=t.number(s.total))
    return t._(
        "<b>#{id}</b> · {status} · {when}\n{words}\n👥 {audience} · {reach}",
        id=s.id,
        status=status_label(t, s.status),
        when=t.moment(when),
        words=first_words(t, s),
        audience=audience_label(t, course, s.audience),
        reach=reach,
    )


def recent_list(t: Translator, course: Course, recent: list[Summary]) -> Reply:
    """/siaran_status: the recent broadcasts, with a cancel button for each scheduled or
    sending one."""
    if not recent:
        return Reply(t._("No broadcasts yet. Start one with /siaran."))
    lines, buttons = [t._("📣 <b>Recent broadcasts</b>")], []
    for s in recent:
        lines.append(status_line(t, course, s))
        if s.status in ("scheduled", "sending"):
            buttons.append(button(t._("Cancel #{id}", id=s.id), CancelBroadcast(s.id)))
    keyboard = InlineKeyboardMarkup(rows(buttons, 2)) if buttons else None
    return Reply("\n\n".join(lines), keyboard)


def cancel_question(t: Translator, course: Course, summary: Summary) -> Reply:
    """Cancel this broadcast? Yes / no, naming it."""
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(
                    t._("🛑 Yes, cancel #{id}", id=summary.id), CancelConfirm(summary.id, "yes")
                ),
                button(t._("No, keep it"), CancelConfirm(summary.id, "no")),
            ]
        ]
    )
    return Reply(
        t._(
            "Cancel broadcast #{id}?\n{line}\nMessages already sent cannot be taken back.",
            id=summary.id,
            line=status_line(t, course, summary),
        ),
        keyboard,
    )
