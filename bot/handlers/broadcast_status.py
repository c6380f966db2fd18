"""/siaran_status with its (confirmed) cancel buttons."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import CancelBroadcast, CancelConfirm
from bot.context import BotContext
from bot.db.values import Role
from bot.handlers.common import close_buttons, send_reply, t_for, telegram_locale
from bot.i18n import Translator
from bot.presentation.broadcast_status import cancel_question, recent_list


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


async def broadcast_status(update: Update, context: BotContext) -> None:
    """/siaran_status: recent broadcasts with their first words and audience, and a cancel
    button for each scheduled or sending one."""
    if not await is_moderator(update, context):
        return
    t = t_for(telegram_locale(update, context))
    reply = recent_list(t, context.services.course, await context.services.broadcasts.recent())
    await send_reply(update, reply)


async def _moderator_tap(update: Update, context: BotContext) -> Translator | None:
    """Answer a moderator's tap on a cancel button and return their translator; anyone else
    gets the refusal (and None)."""
    if not await is_moderator(update, context):
        return None
    await update.callback_query.answer()
    return t_for(telegram_locale(update, context))


async def _too_late(update: Update, t: Translator) -> None:
    await update.effective_chat.send_message(t._("That broadcast can no longer be cancelled."))


async def on_cancel(update: Update, context: BotContext, cb: CancelBroadcast) -> None:
    """A cancel button in /siaran_status: ask first, naming the broadcast."""
    t = await _moderator_tap(update, context)
    if t is None:
        return
    summary = await context.services.broadcasts.summary(cb.broadcast_id)
    if summary is None or summary.status not in ("scheduled", "sending"):
        await _too_late(update, t)
        return
    await send_reply(update, cancel_question(t, context.services.course, summary))


async def on_cancel_confirmed(update: Update, context: BotContext, cb: CancelConfirm) -> None:
    """Yes: cancel the scheduled or sending broadcast; no: leave it as it is."""
    t = await _moderator_tap(update, context)
    if t is None:
        return
    broadcast_id = cb.broadcast_id
    if cb.answer != "yes":
        await close_buttons(update, t._("👍 Broadcast #{id} stays as it is.", id=broadcast_id))
        return
    summary = await context.services.broadcasts.cancel(broadcast_id, update.effective_user.id)
    if summary is None:  # a double tap, or it finished meanwhile: keep what the message says
        await _too_late(update, t)
        return
    await close_buttons(
        update,
        t._(
            "🛑 Broadcast #{id} cancelled. Already sent: {sent} of {total}.",
            id=summary.id,
            sent=t.number(summary.sent),
            total=t.number(summary.total),
        ),
    )
