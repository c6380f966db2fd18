"""/progres: modules done, quiz score, the current module, the survey."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.handlers.common import send_not_started, t_for, telegram_locale
from bot.presentation.progress import progress_message


async def progress(update: Update, context: BotContext) -> None:
    """/progres."""
    await context.services.nudges.heard_from(update.effective_user.id)
    view = await context.services.progress.summary(update.effective_user.id)
    if view is None:
        t = t_for(telegram_locale(update, context))
        await send_not_started(update, t)
        return
    await update.effective_chat.send_message(progress_message(view))
