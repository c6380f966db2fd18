"""How a broadcast's progress and result read, and /siaran_status with its (confirmed) cancel
buttons."""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardMarkup, Update

from bot.callbacks import CancelBroadcast, CancelConfirm
from bot.context import BotContext
from bot.db.values import Role
from bot.handlers import render
from bot.handlers.broadcast_labels import audience_label, first_words
from bot.handlers.common import close_buttons, t_for, telegram_locale
from bot.i18n import Translator
from bot.services.broadcasts import Summary

BAR = 10


def status_label(t: Translator, status: str) -> str:
    """A broadcast state in words."""
    return {"draft": t._("draft"), "scheduled": t._("scheduled"), "sending": t._("sending"),
            "done": t._("done"), "cancelled": t._("cancelled"), "failed": t._("failed")}[status]


def progress_text(summary: Summary, rate: float) -> str:
    """The progress message edited in place while a broadcast sends."""
    t = t_for(summary.locale)
    share = summary.done / summary.total if summary.total else 1.0
    filled = round(share * BAR)
    left = max(summary.total - summary.done, 0)
    lines = [
        t._("📣 <b>Broadcast #{id}</b> · {status}", id=summary.id,
            status=status_label(t, summary.status)),
        f"{'▓' * filled}{'░' * (BAR - filled)} {t.number(100 * share)}%",
        t._("Sent {sent} · blocked {blocked} · failed {failed} · of {total}",
            sent=t.number(summary.sent), blocked=t.number(summary.blocked),
            failed=t.number(summary.failed), total=t.number(summary.total)),
    ]
    if summary.status == "sending" and left:
        lines.append(t._("Time left: about {duration}",
                         duration=t.duration(timedelta(seconds=left / rate))))
    return "\n".join(lines)


def summary_text(summary: Summary) -> str:
    """The report sent when a broadcast is done."""
    t = t_for(summary.locale)
    lines = [t._("✅ <b>Broadcast #{id} is done.</b>", id=summary.id),
             t._("Delivered: {count}", count=t.number(summary.sent)),
             t._("Blocked the bot: {count}", count=t.number(summary.blocked)),
             t._("Failed: {count}", count=t.number(summary.failed))]
    if summary.started_at and summary.finished_at:
        lines.append(t._("Duration: {duration}",
                         duration=t.duration(summary.finished_at - summary.started_at)))
    if summary.resent:
        lines.append(t._("Sent again after an interruption (may have arrived twice): {count}",
                         count=t.number(summary.resent)))
    return "\n".join(lines)


async def is_moderator(update: Update, context: BotContext) -> bool:
    """Moderators (and admins) only; anyone else gets a polite refusal."""
    if await context.services.roles.has_role(update.effective_user.id, Role.MODERATOR):
        return True
    t = t_for(telegram_locale(update, context))
    text = t._("Sorry, broadcasts are for the city's moderators only.")
    if update.callback_query:
        await update.callback_query.answer(text, show_alert=True)
    else:
        await update.effective_chat.send_message(text)
    return False


def _line(t: Translator, context: BotContext, s: Summary) -> str:
    """One broadcast in the list: number, state, first words, audience, counts, time."""
    when = (s.scheduled_at if s.status == "scheduled" else s.started_at) or s.created_at
    if s.status == "scheduled":
        reach = t.n_("reaches {count} resident now", "reaches {count} residents now",
                     s.audience_now or 0)
    else:
        reach = t._("{sent}/{total} sent", sent=t.number(s.sent), total=t.number(s.total))
    return t._("<b>#{id}</b> · {status} · {when}\n{words}\n👥 {audience} · {reach}", id=s.id,
               status=status_label(t, s.status), when=t.moment(when),
               words=first_words(t, s),
               audience=audience_label(t, context.services.course, s.audience), reach=reach)


async def broadcast_status(update: Update, context: BotContext) -> None:
    """/siaran_status: recent broadcasts with their first words and audience, and a cancel
    button for each scheduled or sending one."""
    if not await is_moderator(update, context):
        return
    t = t_for(telegram_locale(update, context))
    recent = await context.services.broadcasts.recent()
    if not recent:
        await update.effective_chat.send_message(t._("No broadcasts yet. Start one with /siaran."))
        return
    lines, buttons = [t._("📣 <b>Recent broadcasts</b>")], []
    for s in recent:
        lines.append(_line(t, context, s))
        if s.status in ("scheduled", "sending"):
            buttons.append(render.button(t._("Cancel #{id}", id=s.id), "bc", s.id))
    keyboard = InlineKeyboardMarkup(render.rows(buttons, 2)) if buttons else None
    await update.effective_chat.send_message("\n\n".join(lines), reply_markup=keyboard)


async def on_cancel(update: Update, context: BotContext, cb: CancelBroadcast) -> None:
    """A cancel button in /siaran_status: ask first, naming the broadcast."""
    if not await is_moderator(update, context):
        return
    t = t_for(telegram_locale(update, context))
    await update.callback_query.answer()
    summary = await context.services.broadcasts.summary(cb.broadcast_id)
    if summary is None or summary.status not in ("scheduled", "sending"):
        await update.effective_chat.send_message(
            t._("That broadcast can no longer be cancelled."))
        return
    keyboard = InlineKeyboardMarkup([[
        render.button(t._("🛑 Yes, cancel #{id}", id=summary.id), "bx", summary.id, "yes"),
        render.button(t._("No, keep it"), "bx", summary.id, "no")]])
    await update.effective_chat.send_message(
        t._("Cancel broadcast #{id}?\n{line}\nMessages already sent cannot be taken back.",
            id=summary.id, line=_line(t, context, summary)), reply_markup=keyboard)


async def on_cancel_confirmed(update: Update, context: BotContext,
                              cb: CancelConfirm) -> None:
    """Yes: cancel the scheduled or sending broadcast; no: leave it as it is."""
    if not await is_moderator(update, context):
        return
    t = t_for(telegram_locale(update, context))
    await update.callback_query.answer()
    broadcast_id = cb.broadcast_id
    if cb.answer != "yes":
        await close_buttons(update, t._("👍 Broadcast #{id} stays as it is.", id=broadcast_id))
        return
    summary = await context.services.broadcasts.cancel(broadcast_id, update.effective_user.id)
    if summary is None:  # a double tap, or it finished meanwhile: keep what the message says
        await update.effective_chat.send_message(
            t._("That broadcast can no longer be cancelled."))
        return
    await close_buttons(update, t._("🛑 Broadcast #{id} cancelled. Already sent: {sent} of "
                                    "{total}.", id=summary.id, sent=t.number(summary.sent),
                                    total=t.number(summary.total)))
