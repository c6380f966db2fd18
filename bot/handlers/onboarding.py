"""/start, consent, language and the optional profile."""

from __future__ import annotations

import asyncio
from html import escape

from telegram import Update

from bot.callbacks import AgePick, Consent, Decline, DistrictPick, LanguagePick, RegionPick, or_none
from bot.context import BotContext
from bot.handlers.common import (
    answer_stale,
    close_buttons,
    send_step,
    settle_tap,
    t_for,
    telegram_locale,
)
from bot.handlers.menu import set_chat_menu
from bot.i18n import Translator
from bot.presentation import steps
from bot.services.steps import AskConsent, Outcome


async def start(update: Update, context: BotContext) -> None:
    """/start [payload]: welcome and consent for a newcomer, the current step for a resident."""
    user = update.effective_user
    payload = context.args[0] if context.args else None
    outcome = await context.services.onboarding.start(user.id, user.language_code, payload)
    if not isinstance(outcome.step, AskConsent):
        t = t_for(outcome.locale)
        await update.effective_chat.send_message(
            t._("👋 Welcome back, {name}! Let's carry on.", name=escape(user.first_name))
        )
    await send_step(update, context, outcome)


async def on_consent(update: Update, context: BotContext, cb: Consent) -> None:
    """Consent given: create the resident and ask for the language."""
    user = update.effective_user
    source = or_none(cb.source)
    outcome = await context.services.onboarding.consent(
        user.id, update.effective_chat.id, user.first_name, user.language_code, source
    )
    if outcome.stale:
        await answer_stale(update, context, outcome)
        return
    await settle_tap(update, then=_thank_and_step(update, context, outcome))


async def _thank_and_step(update: Update, context: BotContext, outcome: Outcome) -> None:
    await update.effective_chat.send_message(t_for(outcome.locale)._("Thank you! 🙏"))
    await send_step(update, context, outcome)


async def on_decline(update: Update, context: BotContext, cb: Decline) -> None:
    """Consent declined: nothing is stored; say how to come back."""
    t = t_for(telegram_locale(update, context))
    await update.callback_query.answer()
    await close_buttons(
        update,
        t._(
            "All right, we have stored nothing about you. If you change "
            "your mind, just type /start."
        ),
    )


async def on_language(update: Update, context: BotContext, cb: LanguagePick) -> None:
    """A language button, from onboarding or from /bahasa."""
    outcome = await context.services.onboarding.choose_language(update.effective_user.id, cb.locale)
    if outcome.stale:
        await answer_stale(update, context, outcome)
        return
    t = t_for(outcome.locale)
    await settle_tap(
        update, t._("✅ Language: English"), then=_language_next(update, context, outcome, t)
    )


async def _language_next(
    update: Update, context: BotContext, outcome: Outcome, t: Translator
) -> None:
    """The chat's menu in the new language, beside the next step."""
    await asyncio.gather(
        set_chat_menu(context.bot, update.effective_chat.id, outcome.locale),
        _continue_in(update, context, outcome, t),
    )


async def _continue_in(
    update: Update, context: BotContext, outcome: Outcome, t: Translator
) -> None:
    if outcome.step is None:
        await update.effective_chat.send_message(t._("Type /belajar to continue your lessons."))
    await send_step(update, context, outcome)


async def _profile(update: Update, context: BotContext, value: str | None, choose) -> None:
    outcome = await choose(update.effective_user.id, value)
    if outcome.stale:
        await answer_stale(update, context, outcome)
        return
    t = t_for(outcome.locale)
    chosen = _chosen_label(update, value) if value else None
    original = update.callback_query.message.text_html or ""
    await settle_tap(
        update,
        steps.profile_answered(t, original, chosen),
        then=send_step(update, context, outcome),
    )


def _chosen_label(update: Update, value: str) -> str:
    """The label of the button that was tapped, to echo the choice back."""
    markup = update.callback_query.message.reply_markup
    for row in markup.inline_keyboard if markup else ():
        for key in row:
            if key.callback_data == update.callback_query.data:
                return key.text
    return value


async def on_region(update: Update, context: BotContext, cb: RegionPick) -> None:
    """A kota administrasi button (or Skip)."""
    await _profile(update, context, or_none(cb.region), context.services.onboarding.choose_region)


async def on_district(update: Update, context: BotContext, cb: DistrictPick) -> None:
    """A kecamatan button (or Skip)."""
    await _profile(
        update, context, or_none(cb.district), context.services.onboarding.choose_district
    )


async def on_age(update: Update, context: BotContext, cb: AgePick) -> None:
    """An age band button (or Skip)."""
    await _profile(update, context, or_none(cb.band), context.services.onboarding.choose_age)
