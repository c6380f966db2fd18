"""How nudges read: the reminder wordings (picked from day to day), the action follow-up with its
answers, and the /pengingat time choice."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup

from bot.callbacks import Continue, FollowupAnswer, NudgeSlot, ReviewStart
from bot.curriculum import Card
from bot.i18n import Translator
from bot.presentation.keyboards import Reply, button, rows
from bot.services.nudge_sweep import NudgeToSend
from bot.services.nudges import NudgeSettings


def slot_label(t: Translator, slot: str) -> str:
    """How a nudge time reads on a button."""
    return {
        "morning": t._("Morning (07.30)"),
        "midday": t._("Midday (12.00)"),
        "evening": t._("Evening (19.00)"),
        "off": t._("Off"),
    }[slot]


def answer_label(t: Translator, answer: str) -> str:
    """How a follow-up answer reads on its button."""
    return {"done": t._("Done"), "not_yet": t._("Not yet"), "not_relevant": t._("Not relevant")}[
        answer
    ]


def followup_message(t: Translator, nudge: NudgeToSend, footer: str) -> Reply:
    """The follow-up question of one module's action, with the three answers."""
    module = nudge.module_id or ""
    text = "\n".join(
        [
            t._("🎯 <b>About your action</b>"),
            escape(nudge.followup.get(t.locale)) if nudge.followup else "",
        ]
    )
    keyboard = [
        [button(answer_label(t, a), FollowupAnswer(module, a)) for a in ("done", "not_yet")],
        [button(answer_label(t, "not_relevant"), FollowupAnswer(module, "not_relevant"))],
    ]
    return Reply(f"{text}\n\n<i>{footer}</i>", InlineKeyboardMarkup(keyboard))


def followup_answered(t: Translator, action: Card, answer: str) -> str:
    """The follow-up as it reads once answered: the question, the answer, a word back."""
    lines = [
        escape(action.followup.get(t.locale) if action.followup else ""),
        t._("✔️ Your answer: {answer}", answer=answer_label(t, answer)),
    ]
    if answer == "done":
        lines.append(t._("Well done, and thank you for telling us."))
    elif answer == "not_yet":
        lines.append(
            t._(
                "No problem: it is still worth doing. Here it is again: {action}",
                action=escape(action.text.get(t.locale)),
            )
        )
    else:
        lines.append(t._("Thank you for telling us."))
    return "\n\n".join(lines)


def nudge_message(t: Translator, nudge: NudgeToSend) -> Reply:
    """One short nudge in the resident's language, worded differently from day to day (the
    service's `variant` turns through however many wordings there are)."""
    footer = t._("Change the time with /pengingat, stop with /berhenti.")
    if nudge.kind == "followup":
        return followup_message(t, nudge, footer)
    if nudge.kind == "pause":
        return Reply(
            t._(
                "🌱 We won't send more reminders for now. Your progress is safe and we "
                "will wait for you: send any message or /belajar when you're ready."
            )
        )
    if nudge.kind == "review":
        text = [
            t._("🔁 A few questions from earlier are ready for a quick review."),
            t._("🔁 Time for a short quiz review: it helps the lesson stick."),
            t._("🔁 Remember these? Two minutes of review makes them yours."),
            t._("🔁 Your review questions are waiting. Shall we try them again?"),
        ]
        keyboard = [
            [button(t._("Review quiz 🔁"), ReviewStart())],
            [button(t._("Continue learning ➡️"), Continue())],
        ]
    else:
        text = [
            t._("📘 Your next lesson is waiting: five minutes is enough."),
            t._("🌧️ A prepared city starts with prepared residents. Ready for the next card?"),
            t._("🤝 Your neighbours will thank you for what you learn today. Shall we go on?"),
            t._("⏱️ A short lesson for today? Pick up exactly where you left off."),
        ]
        keyboard = [[button(t._("Open the next card ➡️"), Continue())]]
    return Reply(
        f"{text[nudge.variant % len(text)]}\n\n<i>{footer}</i>", InlineKeyboardMarkup(keyboard)
    )


def settings_reply(t: Translator, settings: NudgeSettings) -> Reply:
    """/pengingat: the nudge time now, and a button for each choice."""
    lines = [
        t._("⏰ When would you like a reminder? Now: {slot}.", slot=slot_label(t, settings.slot))
    ]
    if settings.stopped:
        lines.append(t._("Messages are stopped for you. Type /mulai to receive them again."))
    lines.append(t._("Reminders never come between 21.00 and 07.00, and at most once a day."))
    buttons = [
        button(slot_label(t, s), NudgeSlot(s)) for s in ("morning", "midday", "evening", "off")
    ]
    return Reply("\n\n".join(lines), InlineKeyboardMarkup(rows(buttons, 2)))


def continue_learning(t: Translator, text: str) -> Reply:
    """A short message with the one Continue learning button."""
    return Reply(text, InlineKeyboardMarkup([[button(t._("Continue learning ➡️"), Continue())]]))
