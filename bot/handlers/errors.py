"""The one error handler: log it, and tell the resident something friendly."""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError
from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.context import BotContext
from bot.handlers.common import t_for, telegram_locale
from bot.handlers.updatelog import OUTCOME

logger = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log an unexpected error; ask the resident to try again in a moment."""
    OUTCOME.set("error")
    if isinstance(context.error, DBAPIError | OSError):
        logger.warning("database or network unavailable: %s", type(context.error).__name__)
    else:
        logger.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(context.error, Forbidden):
        return
    t = t_for(telegram_locale(update, context))
    try:
        if update.callback_query:
            await update.callback_query.answer()
        await update.effective_chat.send_message(
            t._("Sorry, something went wrong on our side. Please try again in a moment.")
        )
    except TelegramError:
        logger.warning("could not tell the user about the error")
