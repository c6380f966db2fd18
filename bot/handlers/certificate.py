"""The completion certificate, sent as a photo at the end of the course and by /sertifikat."""

from __future__ import annotations

import asyncio
from html import escape
from typing import Any

from telegram import Chat, Update

from bot.context import BotContext
from bot.handlers import passing
from bot.handlers.common import chat_of, t_for, telegram_locale
from bot.services.certificates import (
    CertificateText,
    CertificateView,
    NotEarned,
    draw_certificate,
)
from bot.services.steps import Outcome, QuizFeedback


def certificate_png(view: CertificateView) -> bytes:
    """Draw the certificate in the resident's language."""
    t = t_for(view.locale)
    words = CertificateText(
        title="Warga Tangguh",
        awarded_to=t._("This certificate is awarded to"),
        name=view.first_name or t._("a Jakarta resident"),
        body=t.n_("for passing the {count} module of the Warga Tangguh course",
                  "for passing all {count} modules of the Warga Tangguh course", view.modules),
        date=t.date(view.issued_at),
    )
    return draw_certificate(words)


async def send_certificate(chat: Chat, context: BotContext, telegram_id: int
                           ) -> CertificateView | NotEarned | None:
    """Send the resident's certificate if it is earned; otherwise say nothing and return what
    is missing (None for someone who has not consented)."""
    view = await context.services.certificates.issue(telegram_id)
    if not isinstance(view, CertificateView):
        return view
    caption = t_for(view.locale)._("🏅 Your Warga Tangguh certificate. Type /sertifikat to get "
                                   "it again at any time.")
    # Drawing takes a moment of CPU: in a thread, so other chats are answered meanwhile.
    photo: str | bytes = (view.file_id if view.file_id
                          else await asyncio.to_thread(certificate_png, view))
    message = await chat.send_photo(photo, caption=caption)
    if view.file_id is None and message.photo:
        await context.services.certificates.remember_file(telegram_id, message.photo[-1].file_id)
    return view


async def certificate(update: Update, context: BotContext) -> None:
    """/sertifikat: the certificate, or what it still needs."""
    result = await send_certificate(chat_of(update), context, update.effective_user.id)
    if isinstance(result, CertificateView):
        return
    t = t_for(result.locale if result else telegram_locale(update, context))
    lines = [t._("Your certificate is ready once you finish all modules and the final survey, "
                 "with every module passed.")]
    if result is not None and result.not_passed:
        lines += [t._("Not passed yet:"), *passing.not_passed_lines(t, result.not_passed),
                  passing.pass_rule(t)]
    if result is None or not result.finished:
        lines.append(t._("Type /belajar to continue."))
    else:
        lines.append(t._("Type /ulang to answer the questions you missed again."))
    await update.effective_chat.send_message("\n".join(lines))


async def announce_pass(update: Update, context: BotContext,
                        outcome: Outcome[QuizFeedback, Any]) -> None:
    """A review answer passed its module: say so, and send the certificate if that was the
    last one missing at the end of the course."""
    module = outcome.feedback.newly_passed if outcome.feedback else None
    if module is None:
        return
    t = t_for(outcome.locale)
    await update.effective_chat.send_message(
        t._("✅ <b>Module {number} passed!</b> {title}", number=module.number,
            title=escape(module.title.get(t.locale))))
    await send_certificate(chat_of(update), context, update.effective_user.id)
