"""/bahasa (language) and /hapusdata (delete everything, after a confirmation)."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import DeleteData
from bot.context import BotContext
from bot.handlers.common import (
    close_buttons,
    reply_when_started,
    send_reply,
    t_for,
    telegram_locale,
)
from bot.handlers.menu import set_chat_menu
from bot.presentation import steps
from bot.presentation.account import delete_question


async def language(update: Update, context: BotContext) -> None:
    """/bahasa: the language buttons."""
    saved = await context.services.onboarding.saved_locale(update.effective_user.id)
    await reply_when_started(update, context, saved, steps.language_choice)


async def delete_data(update: Update, context: BotContext) -> None:
    """/hapusdata: ask for confirmation first."""
    saved = await context.services.onboarding.saved_locale(update.effective_user.id)
    t = t_for(saved or telegram_locale(update, context))
    if saved is None:
        await update.effective_chat.send_message(t._("We don't keep any data about you."))
        return
    reply = delete_question(t)
    await send_reply(update, reply)


async def on_delete(update: Update, context: BotContext, cb: DeleteData) -> None:
    """The confirmation buttons of /hapusdata."""
    fallback = telegram_locale(update, context)
    await update.callback_query.answer()
    if cb.answer != "yes":
        saved = await context.services.onboarding.saved_locale(update.effective_user.id)
        t = t_for(saved or fallback)
        await close_buttons(update, t._("Cancelled. Your data is still here."))
        return
    deleted = await context.services.privacy.delete(update.effective_user.id)
    t = t_for(deleted or fallback)
    if deleted is None:
        await close_buttons(update, t._("We don't keep any data about you."))
        return
    await close_buttons(
        update,
        t._(
            "🗑 All your data has been deleted. Thank you for learning "
            "with us. Type /start if you ever want to begin again."
        ),
    )
    await set_chat_menu(context.bot, update.effective_chat.id, fallback)
