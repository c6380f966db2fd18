"""Answers to the attitude survey and the behaviour checklist, and skipping them."""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.callbacks import SurveyPick, SurveySkip
from bot.context import BotContext
from bot.handlers.certificate import send_certificate
from bot.handlers.common import answer_stale, chat_of, send_step, settle_tap, t_for
from bot.presentation import steps
from bot.services.steps import CourseComplete, Outcome


async def _next(update: Update, context: BotContext, outcome: Outcome[Any]) -> None:
    await send_step(update, context, outcome)
    if isinstance(outcome.step, CourseComplete):
        await send_certificate(chat_of(update), context, update.effective_user.id)


async def on_survey_answer(update: Update, context: BotContext, cb: SurveyPick) -> None:
    """A survey or checklist answer: the item shows the answer, then the next item."""
    phase, item_id, value = cb.phase, cb.item_id, cb.value
    outcome = await context.services.survey.answer(update.effective_user.id, phase, item_id, value)
    if outcome.stale:
        await answer_stale(update, context, outcome)
        return
    assert outcome.feedback is not None  # a fresh answer carries its feedback
    await settle_tap(
        update,
        steps.survey_answered(t_for(outcome.locale), outcome.feedback),
        then=_next(update, context, outcome),
    )


async def on_survey_skip(update: Update, context: BotContext, cb: SurveySkip) -> None:
    """Skip the survey of this phase as a whole."""
    outcome = await context.services.survey.skip(update.effective_user.id, cb.phase)
    if outcome.stale:
        await answer_stale(update, context, outcome)
        return
    await settle_tap(
        update, t_for(outcome.locale)._("⏭ Survey skipped."), then=_next(update, context, outcome)
    )
