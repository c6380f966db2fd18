"""/bahasa (language) and /hapusdata (delete everything, after a confirmation)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.callbacks import DeleteData
from bot.context import BotContext
from bot.handlers import render
from bot.handlers.common import close_buttons, t_for, telegram_locale
from bot.handlers.menu import set_chat_menu


async def language(update: Update, context: BotContext) -> None:
    """/bahasa: the language buttons."""
    saved = await context.services.onboarding.saved_locale(update.effective_user.id)
    t = t_for(saved or telegram_locale(update, context))
    if saved is None:
        await update.effective_chat.send_message(
            t._("You haven't started yet. Type /start to begin."))
        return
    reply = render.language_choice(t)
    await update.effective_chat.send_message(reply.text, reply_markup=reply.keyboard)


async def delete_data(update: Update, context: BotContext) -> None:
    """/hapusdata: ask for confirmation first."""
    saved = await context.services.onboarding.saved_locale(update.effective_user.id)
    t = t_for(saved or telegram_locale(update, context))
    if saved is None:
        await update.effective_chat.send_message(t._("We don't keep any data about you."))
        return
    keyboard = InlineKeyboardMarkup([[render.button(t._("🗑 Yes, delete everything"), "del", "yes"),
                                      render.button(t._("Cancel"), "del", "no")]])
    await update.effective_chat.send_message(
        t._("Delete all your data? Your profile, progress, quiz answers and survey answers will "
            "be removed for good."), reply_markup=keyboard)


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
    await close_buttons(update, t._("🗑 All your data has been deleted. Thank you for learning "
                                    "with us. Type /start if you ever want to begin again."))
    await set_chat_menu(context.bot, update.effective_chat.id, fallback)
