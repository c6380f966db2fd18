"""/belajar, the Lanjut button on cards, quiz answers and the button to the next module."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import Continue, NextCard, QuizPick
from bot.context import BotContext
from bot.handlers.common import answer_stale, send_step, settle_tap, t_for
from bot.presentation import quiz
from bot.services.steps import Outcome, QuizFeedback


async def learn(update: Update, context: BotContext) -> None:
    """/belajar: continue exactly where the resident left off."""
    user = update.effective_user
    outcome = await context.services.learning.resume(user.id, user.language_code)
    await send_step(update, context, outcome)


async def on_continue(update: Update, context: BotContext, cb: Continue) -> None:
    """The button under a module result: on to whatever comes next."""
    user = update.effective_user
    outcome = await context.services.learning.resume(user.id, user.language_code)
    await settle_tap(update, then=send_step(update, context, outcome))


async def on_next_card(update: Update, context: BotContext, cb: NextCard) -> None:
    """Lanjut: the next card, or the quiz after the last card."""
    outcome = await context.services.learning.next_card(
        update.effective_user.id, cb.module_id, cb.index
    )
    await _settle(update, context, outcome)


async def on_quiz_answer(update: Update, context: BotContext, cb: QuizPick) -> None:
    """A tapped option: the question is edited to show the verdict, then what comes next."""
    outcome = await context.services.learning.answer(
        update.effective_user.id, cb.question_id, cb.option
    )
    await _settle(update, context, outcome)


async def _settle(
    update: Update, context: BotContext, outcome: Outcome[QuizFeedback] | Outcome[None]
) -> None:
    """A short answer to a stale button; else the tap settles (showing the verdict when the
    outcome carries quiz feedback) and the next step follows."""
    if outcome.stale:
        await answer_stale(update, context, outcome)
        return
    edit = verdict = None
    if outcome.feedback is not None:
        edit = quiz.quiz_feedback(t_for(outcome.locale), outcome.feedback)
        verdict = "✅" if outcome.feedback.correct else "❌"
    await settle_tap(update, edit, verdict, send_step(update, context, outcome))
