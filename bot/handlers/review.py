"""/ulang: review questions answered wrong earlier."""

from __future__ import annotations

from html import escape
from typing import Any

from telegram import InlineKeyboardMarkup, Update

from bot.callbacks import ReviewPick, ReviewStart
from bot.context import BotContext
from bot.handlers import render
from bot.handlers.certificate import announce_pass
from bot.handlers.common import answer_stale, close_buttons, send_step, t_for
from bot.i18n import Translator
from bot.services.review import NothingToReview, Review, ReviewStep
from bot.services.steps import Outcome


def review_message(t: Translator, step: ReviewStep | NothingToReview) -> render.Reply:
    """A review question with letter buttons, or the all-done line."""
    if isinstance(step, NothingToReview):
        return render.Reply(nothing_due(t, step))
    q = step.question
    header = t.n_("🔁 Review quiz · {count} question in your list",
                  "🔁 Review quiz · {count} questions in your list", step.remaining)
    options = "\n".join(f"{render.LETTERS[i]}. {escape(o.get(t.locale))}"
                        for i, o in enumerate(q.options))
    buttons = [render.button(render.LETTERS[i], "rq", q.id, i) for i in range(len(q.options))]
    return render.Reply(f"<b>{header}</b>\n\n{escape(q.text.get(t.locale))}\n\n{options}",
                        InlineKeyboardMarkup([buttons]))


def nothing_due(t: Translator, step: NothingToReview) -> str:
    """What is left in the ladder and when it comes back; where to go next."""
    if step.waiting and step.next_due is not None:
        line = t.n_("🔁 That was all for now. {count} question waits in your list; it comes back "
                    "on {date}.",
                    "🔁 That was all for now. {count} questions wait in your list; the next comes "
                    "back on {date}.", step.waiting, date=t.date(step.next_due))
    else:
        line = t._("🔁 Nothing left to review. Well done!")
    if step.finished:
        return line + " " + t._("/sertifikat: your certificate")
    return line + " " + t._("Type /belajar to continue.")


async def _show(update: Update, context: BotContext, outcome: Outcome[Any, Review]) -> None:
    if outcome.stale or outcome.step is None:
        if update.callback_query:
            await answer_stale(update, context, outcome)
        else:
            await send_step(update, context, outcome)
        return
    reply = review_message(t_for(outcome.locale), outcome.step)
    await update.effective_chat.send_message(reply.text, reply_markup=reply.keyboard)


async def review(update: Update, context: BotContext) -> None:
    """/ulang."""
    user = update.effective_user
    outcome = await context.services.review.start(user.id, user.language_code)
    if outcome.stale == "consent":
        await update.effective_chat.send_message(
            t_for(outcome.locale)._("You haven't started yet. Type /start to begin."))
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
    outcome = await context.services.review.answer(update.effective_user.id, cb.question_id,
                                                   cb.option)
    if outcome.stale:
        await answer_stale(update, context, outcome)
        return
    t, feedback = t_for(outcome.locale), outcome.feedback
    assert feedback is not None  # a fresh answer carries its feedback
    await update.callback_query.answer("✅" if feedback.correct else "❌")
    await close_buttons(update, render.quiz_feedback(t, feedback))
    await announce_pass(update, context, outcome)
    await _show(update, context, outcome)
