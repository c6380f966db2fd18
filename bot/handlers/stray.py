"""Stray input (free text, numbers, stickers, unknown commands): emergencies first; otherwise a
short answer that fits where the resident is, with the current prompt shown again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from telegram import Update

from bot.clock import Clock
from bot.context import BotContext
from bot.handlers.common import t_for, telegram_locale
from bot.i18n import Translator
from bot.presentation import steps
from bot.presentation.help import emergency_text, stray_answer
from bot.presentation.keyboards import Reply
from bot.services.emergency import looks_like_emergency
from bot.services.steps import AskConsent, CourseComplete, Outcome

WINDOW = timedelta(minutes=1)


@dataclass
class _Shown:
    at: datetime
    prompt: str
    noted: bool = False


class Reprompts:
    """Per chat, the prompt last shown again (this process's memory: a burst, not a history).

    The first stray message shows the prompt again, the second gets one short pointer to it and
    the rest stay unanswered until the prompt changes or a minute has passed, so a burst of
    messages never turns into a burst of copies.
    """

    def __init__(self, clock: Clock, window: timedelta = WINDOW) -> None:
        self.clock = clock
        self.window = window
        self._shown: dict[int, _Shown] = {}

    def decide(self, chat_id: int, prompt: str) -> str:
        """ "prompt" to show the prompt again, "note" for the short pointer, "" to stay quiet."""
        now = self.clock.now()
        last = self._shown.get(chat_id)
        if last is None or last.prompt != prompt or now - last.at >= self.window:
            if len(self._shown) > 50_000:
                self._shown = {c: s for c, s in self._shown.items() if now - s.at < self.window}
            self._shown[chat_id] = _Shown(now, prompt)
            return "prompt"
        if not last.noted:
            last.noted = True
            return "note"
        return ""


def _prompt(t: Translator, context: BotContext, outcome: Outcome) -> Reply | None:
    """The message the resident should answer now (None once the course is complete)."""
    if isinstance(outcome.step, AskConsent):
        return steps.consent(t, context.services.course, None, context.settings.operator_name)
    if isinstance(outcome.step, CourseComplete) or outcome.step is None:
        return None
    return steps.step(t, outcome.step)


async def on_stray(update: Update, context: BotContext) -> None:
    """Anything in a private chat that no other handler took."""
    message = update.effective_message
    chat = update.effective_chat
    if looks_like_emergency(message.text or message.caption):
        # Before any database work, so that nothing can delay or stop this answer; and alone.
        await chat.send_message(emergency_text(t_for(telegram_locale(update, context))))
        return
    user = update.effective_user
    await context.services.nudges.heard_from(user.id)  # hearing from them resumes paused nudges
    outcome = await context.services.learning.current_step(user.id, user.language_code)
    t = t_for(outcome.locale)
    prompt = _prompt(t, context, outcome)
    decision = context.bot_data.reprompts.decide(chat.id, prompt.text if prompt else "")
    if not decision or (decision == "note" and prompt is None):
        return
    if decision == "note":
        await chat.send_message(t._("👆 The message above is waiting for your answer."))
        return
    text = message.text or ""
    command = text.split()[0] if text.startswith("/") else None
    await chat.send_message(stray_answer(t, command, waiting=prompt is not None))
    if prompt is not None:
        await chat.send_message(prompt.text, reply_markup=prompt.keyboard)
