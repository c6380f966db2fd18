"""/modul N: read a finished module's cards again."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.handlers.common import send_not_started, t_for
from bot.presentation.rereading import rereading_messages


async def modul(update: Update, context: BotContext) -> None:
    """/modul N (or /module N)."""
    asked = context.args[0] if context.args else ""
    number = int(asked) if asked.isdigit() else None
    found = await context.services.rereading.module(update.effective_user.id, number)
    t = t_for(found.locale)
    if not found.started:
        await send_not_started(update, t)
        return
    for text in rereading_messages(t, found, asked):
        await update.effective_chat.send_message(text)
