"""/pengingat (nudge time), /berhenti and /mulai, and blocks."""

from __future__ import annotations

from telegram import ChatMember, Update

from bot.callbacks import NudgeSlot
from bot.context import BotContext
from bot.handlers.common import (
    close_buttons,
    reply_when_started,
    send_not_started,
    send_reply,
    t_for,
    telegram_locale,
)
from bot.presentation.nudges import continue_learning, settings_reply, slot_label


async def reminders(update: Update, context: BotContext) -> None:
    """/pengingat: show and change the nudge time."""
    settings = await context.services.nudges.settings(update.effective_user.id)
    if settings is None:
        t = t_for(telegram_locale(update, context))
        await send_not_started(update, t)
        return
    reply = settings_reply(t_for(settings.locale), settings)
    await send_reply(update, reply)


async def on_slot(update: Update, context: BotContext, cb: NudgeSlot) -> None:
    """A nudge-time button."""
    settings = await context.services.nudges.choose_slot(update.effective_user.id, cb.slot)
    await update.callback_query.answer()
    if settings is None:
        return
    t = t_for(settings.locale)
    text = (
        t._("🔕 Reminders are off. Turn them on again with /pengingat.")
        if settings.slot == "off"
        else t._("✅ Reminders: {slot}.", slot=slot_label(t, settings.slot))
    )
    await close_buttons(update, text)


async def stop(update: Update, context: BotContext) -> None:
    """/berhenti: no more nudges or broadcasts until /mulai."""
    locale = await context.services.nudges.stop(update.effective_user.id)
    t = t_for(locale or telegram_locale(update, context))
    await update.effective_chat.send_message(
        t._(
            "🔕 Done: no more reminders or announcements from us. You can still learn with "
            "/belajar. Type /mulai to receive them again."
        )
    )


async def start_again(update: Update, context: BotContext) -> None:
    """/mulai: nudges and broadcasts again."""
    locale = await context.services.nudges.resume(update.effective_user.id)
    # "mulai" reads as "start" to an Indonesian speaker, so the lessons are one tap away too
    await reply_when_started(
        update,
        context,
        locale,
        lambda t: continue_learning(
            t, t._("🔔 Welcome back! Reminders and announcements are on again.")
        ),
    )


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    """The resident blocked or unblocked the bot in their private chat."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    blocked = change.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)
    await context.services.nudges.set_blocked(change.chat.id, blocked)
