"""The completion certificate, sent as a photo at the end of the course and by /sertifikat."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Chat, Update

from bot.context import BotContext
from bot.handlers.common import chat_of, t_for, telegram_locale
from bot.presentation.certificate import caption, certificate_png, module_passed, not_earned
from bot.services.certificates import CertificateView, NotEarned
from bot.services.steps import Outcome, QuizFeedback


async def send_certificate(
    chat: Chat, context: BotContext, telegram_id: int
) -> CertificateView | NotEarned | None:
    """Send the resident's certificate if it is earned; otherwise say nothing and return what
    is missing (None for someone who has not consented)."""
    view = await context.services.certificates.issue(telegram_id)
    if not isinstance(view, CertificateView):
        return view
    # Drawing takes a moment of CPU: in a thread, so other chats are answered meanwhile.
    photo: str | bytes = (
        view.file_id if view.file_id else await asyncio.to_thread(certificate_png, view)
    )
    message = await chat.send_photo(photo, caption=caption(t_for(view.locale)))
    if view.file_id is None and message.photo:
        await context.services.certificates.remember_file(telegram_id, message.photo[-1].file_id)
    return view


async def certificate(update: Update, context: BotContext) -> None:
    """/sertifikat: the certificate, or what it still needs."""
    result = await send_certificate(chat_of(update), context, update.effective_user.id)
    if isinstance(result, CertificateView):
        return
    t = t_for(result.locale if result else telegram_locale(update, context))
    await update.effective_chat.send_message(not_earned(t, result))


async def announce_pass(
    update: Update, context: BotContext, outcome: Outcome[QuizFeedback, Any]
) -> None:
    """A review answer passed its module: say so, and send the certificate if that was the
    last one missing at the end of the course."""
    module = outcome.feedback.newly_passed if outcome.feedback else None
    if module is None:
        return
    await update.effective_chat.send_message(module_passed(t_for(outcome.locale), module))
    await send_certificate(chat_of(update), context, update.effective_user.id)
