"""/pengingat (nudge time), /berhenti and /mulai, blocks, and how a nudge reads."""

from __future__ import annotations

from telegram import ChatMember, InlineKeyboardMarkup, Update

from bot.callbacks import NudgeSlot
from bot.context import BotContext
from bot.handlers import render
from bot.handlers.common import close_buttons, t_for, telegram_locale
from bot.handlers.followups import followup_message
from bot.handlers.render import Reply
from bot.i18n import Translator
from bot.services.nudges import NudgeSettings, NudgeToSend


def slot_label(t: Translator, slot: str) -> str:
    """How a nudge time reads on a button."""
    return {"morning": t._("Morning (07.30)"), "midday": t._("Midday (12.00)"),
            "evening": t._("Evening (19.00)"), "off": t._("Off")}[slot]


def nudge_message(t: Translator, nudge: NudgeToSend) -> Reply:
    """One short nudge in the resident's language, worded differently from day to day."""
    footer = t._("Change the time with /pengingat, stop with /berhenti.")
    if nudge.kind == "followup":
        return followup_message(t, nudge, footer)
    if nudge.kind == "pause":
        return Reply(t._("🌱 We won't send more reminders for now. Your progress is safe and we "
                         "will wait for you: send any message or /belajar when you're ready."))
    if nudge.kind == "review":
        text = [t._("🔁 A few questions from earlier are ready for a quick review."),
                t._("🔁 Time for a short quiz review: it helps the lesson stick."),
                t._("🔁 Remember these? Two minutes of review makes them yours."),
                t._("🔁 Your review questions are waiting. Shall we try them again?")]
        keyboard = [[render.button(t._("Review quiz 🔁"), "rv")],
                    [render.button(t._("Continue learning ➡️"), "go")]]
    else:
        text = [t._("📘 Your next lesson is waiting: five minutes is enough."),
                t._("🌧️ A prepared city starts with prepared residents. Ready for the next card?"),
                t._("🤝 Your neighbours will thank you for what you learn today. Shall we go on?"),
                t._("⏱️ A short lesson for today? Pick up exactly where you left off.")]
        keyboard = [[render.button(t._("Open the next card ➡️"), "go")]]
    return Reply(f"{text[nudge.variant % len(text)]}\n\n<i>{footer}</i>",
                 InlineKeyboardMarkup(keyboard))


def _settings_reply(t: Translator, settings: NudgeSettings) -> Reply:
    lines = [t._("⏰ When would you like a reminder? Now: {slot}.",
                 slot=slot_label(t, settings.slot))]
    if settings.stopped:
        lines.append(t._("Messages are stopped for you. Type /mulai to receive them again."))
    lines.append(t._("Reminders never come between 21.00 and 07.00, and at most once a day."))
    buttons = [render.button(slot_label(t, s), "pg", s)
               for s in ("morning", "midday", "evening", "off")]
    return Reply("\n\n".join(lines), InlineKeyboardMarkup(render.rows(buttons, 2)))


async def reminders(update: Update, context: BotContext) -> None:
    """/pengingat: show and change the nudge time."""
    settings = await context.services.nudges.settings(update.effective_user.id)
    if settings is None:
        t = t_for(telegram_locale(update, context))
        await update.effective_chat.send_message(
            t._("You haven't started yet. Type /start to begin."))
        return
    reply = _settings_reply(t_for(settings.locale), settings)
    await update.effective_chat.send_message(reply.text, reply_markup=reply.keyboard)


async def on_slot(update: Update, context: BotContext, cb: NudgeSlot) -> None:
    """A nudge-time button."""
    settings = await context.services.nudges.choose_slot(update.effective_user.id,
                                                         cb.slot)
    await update.callback_query.answer()
    if settings is None:
        return
    t = t_for(settings.locale)
    text = (t._("🔕 Reminders are off. Turn them on again with /pengingat.")
            if settings.slot == "off" else
            t._("✅ Reminders: {slot}.", slot=slot_label(t, settings.slot)))
    await close_buttons(update, text)


async def stop(update: Update, context: BotContext) -> None:
    """/berhenti: no more nudges or broadcasts until /mulai."""
    locale = await context.services.nudges.stop(update.effective_user.id)
    t = t_for(locale or telegram_locale(update, context))
    await update.effective_chat.send_message(
        t._("🔕 Done: no more reminders or announcements from us. You can still learn with "
            "/belajar. Type /mulai to receive them again."))


async def start_again(update: Update, context: BotContext) -> None:
    """/mulai: nudges and broadcasts again."""
    locale = await context.services.nudges.resume(update.effective_user.id)
    t = t_for(locale or telegram_locale(update, context))
    if locale is None:
        await update.effective_chat.send_message(
            t._("You haven't started yet. Type /start to begin."))
        return
    # "mulai" reads as "start" to an Indonesian speaker, so the lessons are one tap away too
    await update.effective_chat.send_message(
        t._("🔔 Welcome back! Reminders and announcements are on again."),
        reply_markup=InlineKeyboardMarkup([[render.button(t._("Continue learning ➡️"), "go")]]))


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    """The resident blocked or unblocked the bot in their private chat."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    blocked = change.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)
    await context.services.nudges.set_blocked(change.chat.id, blocked)
