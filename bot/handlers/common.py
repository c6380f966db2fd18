"""Shared handler plumbing: who is talking, rendering outcomes, friendly answers to stale taps."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Chat, Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.i18n import Translator, translator
from bot.presentation import steps
from bot.presentation.keyboards import Reply
from bot.services.locale import locale_for
from bot.services.steps import AskConsent, Outcome, Stale

logger = logging.getLogger(__name__)


def telegram_locale(update: Update, context: BotContext) -> str:
    """The locale for someone the bot keeps nothing about: Telegram's language, then default."""
    user = update.effective_user
    return locale_for(None, user.language_code if user else None, context.settings.default_locale)


def chat_of(update: Update) -> Chat:
    """The update's chat: every handler that calls this runs for updates in a chat."""
    if update.effective_chat is None:
        raise ValueError(f"update {update.update_id} has no chat")
    return update.effective_chat


def t_for(locale: str) -> Translator:
    """The translator for a locale."""
    return translator(locale)


async def send_step(update: Update, context: BotContext, outcome: Outcome[Any, Any]) -> None:
    """Send the step an outcome carries, rendered in its locale."""
    if outcome.step is None:
        return
    t = t_for(outcome.locale)
    if isinstance(outcome.step, AskConsent):
        reply = steps.consent(
            t, context.services.course, outcome.step.source, context.settings.operator_name
        )
    else:
        reply = steps.step(t, outcome.step)
    await send_reply(update, reply)


async def send_reply(update: Update, reply: Reply) -> None:
    """Send a rendered reply (text and keyboard) to the chat of the update."""
    await update.effective_chat.send_message(reply.text, reply_markup=reply.keyboard)


async def send_not_started(update: Update, t: Translator) -> None:
    """Tell someone the bot keeps nothing about how to begin."""
    await update.effective_chat.send_message(t._("You haven't started yet. Type /start to begin."))


async def reply_when_started(
    update: Update, context: BotContext, locale: str | None, render: Callable[[Translator], Reply]
) -> None:
    """Send what `render` makes in the resident's `locale`; None: they have not started."""
    t = t_for(locale or telegram_locale(update, context))
    if locale is None:
        await send_not_started(update, t)
        return
    await send_reply(update, render(t))


async def close_buttons(update: Update, text: str | None = None) -> None:
    """Edit the tapped message: replace its text (when given) and remove its buttons."""
    query = update.callback_query
    try:
        if text is None:
            await query.edit_message_reply_markup(reply_markup=None)
        else:
            await query.edit_message_text(text, reply_markup=None)
    except BadRequest as exc:  # the message is gone or already in that state
        logger.debug("could not edit the tapped message: %s", exc)


async def settle_tap(
    update: Update,
    edit: str | None = None,
    answer: str | None = None,
    then: Awaitable[None] | None = None,
) -> None:
    """Answer the tap, edit the tapped message (`close_buttons`) and send what comes next
    (`then`, whose own messages stay in order) all at once: none of them needs another's
    answer, so the resident waits one round trip to Telegram instead of three."""
    calls = [update.callback_query.answer(answer), close_buttons(update, edit)]
    await asyncio.gather(*calls, *([then] if then is not None else []))


async def answer_stale(update: Update, context: BotContext, outcome: Outcome[Any, Any]) -> None:
    """A short friendly answer to a button that no longer applies; consent prompt if needed."""
    stale: Stale = outcome.stale or "forged"  # called for stale outcomes only
    locale = telegram_locale(update, context) if stale == "consent" else outcome.locale
    t = t_for(locale)
    texts: dict[Stale, str] = {
        "old": t._(
            "This button is from an older message. Type /belajar to continue where you left off."
        ),
        "changed": t._("This part of the course has been updated. Type /belajar to continue."),
        "forged": t._("Sorry, I don't recognise this button. Type /belajar to continue."),
        "answered": t._("Your answer is already saved. ✅"),
        "consent": t._("Before we start, please agree to let us keep your progress."),
    }
    await update.callback_query.answer(texts[stale], show_alert=stale != "answered")
    if stale == "consent":
        await send_step(update, context, Outcome(locale, AskConsent()))
