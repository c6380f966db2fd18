"""Action follow-ups: the answer to a "Sudah sempat …?" nudge (Sudah / Belum / Tidak relevan)."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import FollowupAnswer
from bot.context import BotContext
from bot.handlers.common import answer_stale, close_buttons, send_reply, t_for
from bot.presentation.nudges import continue_learning, followup_answered


async def on_followup(update: Update, context: BotContext, cb: FollowupAnswer) -> None:
    """An answer to a follow-up: the question shows it, with a word back."""
    module_id, answer = cb.module_id, cb.answer
    outcome = await context.services.followups.answer(update.effective_user.id, module_id, answer)
    if outcome.stale:
        await answer_stale(update, context, outcome)
        return
    await update.callback_query.answer()
    t = t_for(outcome.locale)
    answered = outcome.feedback
    # a fresh answer carries its feedback, and follow-ups are asked of modules with an action
    assert answered is not None and answered.module.action is not None
    await close_buttons(update, followup_answered(t, answered.module.action, answer))
    if answered.learning:
        reply = continue_learning(t, t._("Ready for the next lesson?"))
        await send_reply(update, reply)
