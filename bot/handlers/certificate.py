"""The completion certificate, sent as a photo at the end of the course and by /sertifikat."""

from __future__ import annotations

from telegram import Chat, Update

from bot.context import BotContext
from bot.handlers.common import t_for, telegram_locale
from bot.services.certificates import CertificateText, CertificateView, draw_certificate


def certificate_png(view: CertificateView) -> bytes:
    """Draw the certificate in the resident's language."""
    t = t_for(view.locale)
    words = CertificateText(
        title="Warga Tangguh",
        awarded_to=t._("This certificate is awarded to"),
        name=view.first_name or t._("a Jakarta resident"),
        body=t.n_("for finishing {count} module of the Warga Tangguh course",
                  "for finishing {count} modules of the Warga Tangguh course", view.modules),
        date=t.date(view.issued_at),
    )
    return draw_certificate(words)


async def send_certificate(chat: Chat, context: BotContext, telegram_id: int) -> bool:
    """Send the resident's certificate; False when they have not finished the course."""
    view = await context.services.certificates.issue(telegram_id)
    if view is None:
        return False
    caption = t_for(view.locale)._("🏅 Your Warga Tangguh certificate. Type /sertifikat to get "
                                   "it again at any time.")
    photo = view.file_id or certificate_png(view)
    message = await chat.send_photo(photo, caption=caption)
    if view.file_id is None and message.photo:
        await context.services.certificates.remember_file(telegram_id, message.photo[-1].file_id)
    return True


async def certificate(update: Update, context: BotContext) -> None:
    """/sertifikat."""
    if not await send_certificate(update.effective_chat, context, update.effective_user.id):
        t = t_for(await context.services.onboarding.saved_locale(update.effective_user.id)
                  or telegram_locale(update, context))
        await update.effective_chat.send_message(
            t._("Your certificate is ready once you finish all modules and the final survey. "
                "Type /belajar to continue."))
