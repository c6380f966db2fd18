"""/bantuan: the list of commands; the emergency numbers."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.handlers.common import t_for, telegram_locale
from bot.i18n import Translator
from bot.presentation.help import help_text


async def _locale(update: Update, context: BotContext) -> Translator:
    """The resident's translator; hearing from them also resumes paused nudges."""
    saved = await context.services.nudges.heard_from(update.effective_user.id)
    return t_for(saved or telegram_locale(update, context))


async def bantuan(update: Update, context: BotContext) -> None:
    """/bantuan: what the bot can do."""
    await update.effective_chat.send_message(help_text(await _locale(update, context)))
