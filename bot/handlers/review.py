"""/ulang: review questions answered wrong earlier."""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.callbacks import ReviewPick, ReviewStart
from bot.context import BotContext
from bot.handlers.certificate import announce_pass
from bot.handlers.common import (
    answer_stale,
    close_buttons,
    send_not_started,
    send_reply,
    send_step,
    t_for,
)
from bot.presentation import quiz
from bot.presentation.review import review_message
from bot.services.review import Review
from bot.services.steps import Outcome


async def _show(update: Update, context: BotContext, outcome: Outcome[Any, Review]) -> None:
    if outcome.stale or outcome.step is None:
        if update.callback_query:
            await answer_stale(update, context, outcome)
        else:
            await send_step(update, context, outcome)
        return
    reply = review_message(t_for(outcome.locale), outcome.step)
    await send_reply(update, reply)


async def review(update: Update, context: BotContext) -> None:
    """/ulang."""
    user = update.effective_user
    outcome = await context.services.review.start(user.id, user.language_code)
    if outcome.stale == "consent":
        await send_not_started(update, t_for(outcome.locale))
        return
    await _show(update, context, outcome)


async def on_review_start(update: Update, context: BotContext, cb: ReviewStart) -> None:
    """The "Review quiz" button of a nudge."""
    outcome = await context.services.review.start(update.effective_user.id)
    if outcome.stale:
        await answer_stale(update, context, outcome)
        return
    await update.callback_query.answer()
    await close_buttons(update)
    await _show(update, context, outcome)


async def on_review_answer(update: Update, context: BotContext, cb: ReviewPick) -> None:
    """An answer to a review question: verdict in place, then the next due question."""
    outcome = await context.services.review.answer(
        update.effective_user.id, cb.question_id, cb.option
    )
    if outcome.stale:
        await answer_stale(update, context, outcome)
        return
    t, feedback = t_for(outcome.locale), outcome.feedback
    assert feedback is not None  # a fresh answer carries its feedback
    await update.callback_query.answer("✅" if feedback.correct else "❌")
    await close_buttons(update, quiz.quiz_feedback(t, feedback))
    await announce_pass(update, context, outcome)
    await _show(update, context, outcome)
