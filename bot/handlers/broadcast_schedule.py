"""Scheduling a broadcast: the prompt with examples from today, a typed time read forgivingly,
and a confirmation for a time in the quiet hours (21.00–07.00)."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Update

from bot.callbacks import QuietSchedule
from bot.context import BotContext
from bot.handlers import render
from bot.handlers.broadcast_status import is_moderator
from bot.handlers.common import close_buttons, t_for, telegram_locale
from bot.i18n import Translator
from bot.services.broadcasts import DraftView
from bot.services.when import WhenError, WhenProblem, example_day, parse_when


def _examples(t: Translator, context: BotContext) -> str:
    """Examples that work as typed today: tomorrow at 08.30, in each form the bot reads."""
    day = example_day(context.services.clock.now(), context.settings.tz)
    samples = [t._("tomorrow 08:30"), t._("Saturday 08:00"), f"{t.day_month(day)} 08.30",
               f"{day.isoformat()} 08:30"]
    return ", ".join(f"<code>{sample}</code>" for sample in samples)


def ask_text(t: Translator, context: BotContext) -> str:
    """The prompt after the moderator taps Schedule."""
    return t._("🗓 When should it go out? Type a Jakarta time, e.g. {examples}.",
               examples=_examples(t, context))


def _problem_text(t: Translator, problem: WhenProblem) -> str:
    return {
        WhenProblem.UNREADABLE: t._("I couldn't read that time."),
        WhenProblem.PAST: t._("That time has already passed."),
        WhenProblem.NO_SUCH_DATE: t._("That date does not exist."),
        WhenProblem.WEEKDAY_MISMATCH: t._("That day of the week does not match the date."),
    }[problem]


async def on_time_typed(update: Update, context: BotContext, draft: DraftView,
                        text: str) -> None:
    """A typed time for a draft waiting for one: schedule it, or ask first in quiet hours."""
    t = t_for(telegram_locale(update, context))
    try:
        when = parse_when(text, context.services.clock.now(), context.settings.tz)
    except WhenError as exc:
        await update.effective_chat.send_message(
            t._("{problem} Try for example {examples} (Jakarta time).",
                problem=_problem_text(t, exc.problem), examples=_examples(t, context)))
        return
    if when.quiet:
        minute = int(when.moment.timestamp() // 60)
        keyboard = InlineKeyboardMarkup([[
            render.button(t._("🌙 Yes, schedule it"), "bq", draft.id, minute),
            render.button(t._("Cancel"), "bk", draft.id, "cancel")]])
        await update.effective_chat.send_message(
            t._("🌙 {when} is in the quiet hours (21.00–07.00), when residents may be asleep. "
                "Schedule it anyway? Or type another time.", when=t.moment(when.moment)),
            reply_markup=keyboard)
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
            t._("That time has already passed.") + "\n" + ask_text(t, context))
        return
    await _schedule(update, context, t, cb.draft_id, when)


async def _schedule(update: Update, context: BotContext, t: Translator, draft_id: int,
                    when: datetime) -> None:
    scheduled = await context.services.broadcasts.schedule(draft_id, update.effective_user.id,
                                                           when)
    if update.callback_query:
        await close_buttons(update)
    if scheduled is None:
        await update.effective_chat.send_message(
            t._("This draft is no longer open. Start again with /siaran."))
        return
    await update.effective_chat.send_message(
        t._("🗓 Broadcast #{id} is scheduled for {when}. See it in /siaran_status.",
            id=draft_id, when=t.moment(when)))
