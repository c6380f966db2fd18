"""Scheduling a broadcast: the prompt with examples from today, a typed time read forgivingly,
and a confirmation for a time in the quiet hours (21.00–07.00)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from telegram import Update

from bot.callbacks import QuietSchedule
from bot.context import BotContext
from bot.handlers.broadcast_status import is_moderator
from bot.handlers.common import close_buttons, send_reply, t_for, telegram_locale
from bot.i18n import Translator
from bot.presentation.broadcast_drafts import ask_time, quiet_question, time_problem
from bot.services.broadcasts import DraftView
from bot.services.when import WhenError, example_day, parse_when


def _day(context: BotContext) -> date:
    """The day the examples name: tomorrow, in Jakarta."""
    return example_day(context.services.clock.now(), context.settings.tz)


def ask_text(t: Translator, context: BotContext) -> str:
    """The prompt after the moderator taps Schedule."""
    return ask_time(t, _day(context))


async def on_time_typed(update: Update, context: BotContext, draft: DraftView, text: str) -> None:
    """A typed time for a draft waiting for one: schedule it, or ask first in quiet hours."""
    t = t_for(telegram_locale(update, context))
    try:
        when = parse_when(text, context.services.clock.now(), context.settings.tz)
    except WhenError as exc:
        await update.effective_chat.send_message(time_problem(t, exc.problem, _day(context)))
        return
    if when.quiet:
        reply = quiet_question(t, draft.id, when.moment)
        await send_reply(update, reply)
        return
    await _schedule(update, context, t, draft.id, when.moment)


async def on_quiet_confirmed(update: Update, context: BotContext, cb: QuietSchedule) -> None:
    """The moderator confirmed a time in the quiet hours (the button carries that time)."""
    if not await is_moderator(update, context):
        return
    await update.callback_query.answer()
    t = t_for(telegram_locale(update, context))
    when = datetime.fromtimestamp(cb.minute * 60, UTC)
    if when <= context.services.clock.now():
        await close_buttons(update)
        await update.effective_chat.send_message(
            t._("That time has already passed.") + "\n" + ask_text(t, context)
        )
        return
    await _schedule(update, context, t, cb.draft_id, when)


async def _schedule(
    update: Update, context: BotContext, t: Translator, draft_id: int, when: datetime
) -> None:
    scheduled = await context.services.broadcasts.schedule(draft_id, update.effective_user.id, when)
    if update.callback_query:
        await close_buttons(update)
    if scheduled is None:
        await update.effective_chat.send_message(
            t._("This draft is no longer open. Start again with /siaran.")
        )
        return
    await update.effective_chat.send_message(
        t._(
            "🗓 Broadcast #{id} is scheduled for {when}. See it in /siaran_status.",
            id=draft_id,
            when=t.moment(when),
        )
    )
