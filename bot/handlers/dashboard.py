"""/dasbor: staff get a personal, one-time sign-in link to the web dashboard."""

from __future__ import annotations

import logging
from html import escape

from telegram import LinkPreviewOptions, Update

from bot.context import BotContext
from bot.handlers.common import t_for, telegram_locale

logger = logging.getLogger(__name__)


async def dasbor(update: Update, context: BotContext) -> None:
    """/dasbor: a sign-in link for staff and admins; a polite no for anyone else."""
    saved = await context.services.onboarding.saved_locale(update.effective_user.id)
    t = t_for(saved or telegram_locale(update, context))
    settings = context.settings
    chat = update.effective_chat
    if not settings.dashboard_enabled:
        await chat.send_message(
            t._(
                "The web dashboard is not set up on this bot yet "
                "(DASHBOARD_URL and DASHBOARD_SECRET)."
            )
        )
        return
    token = await context.services.dashboard.issue_link(update.effective_user.id)
    if token is None:
        logger.warning("/dasbor refused: not staff")
        await chat.send_message(t._("Sorry, the dashboard is for staff only."))
        return
    link = f"{settings.dashboard_url.rstrip('/')}/dasbor/masuk?t={token}&lang={t.locale}"
    await chat.send_message(
        t._(
            "📊 <b>Dashboard</b>: your personal sign-in link. It works once, within 15 minutes; "
            "the session then lasts 8 hours. Don't forward it.\n\n{link}",
            link=f'<a href="{escape(link)}">{escape(link)}</a>',
        ),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
