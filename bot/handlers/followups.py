"""Action follow-ups: the answer to a "Sudah sempat …?" nudge (Sudah / Belum / Tidak relevan)."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import Callback
from bot.context import BotContext
from bot.handlers.common import answer_stale, close_buttons, send_reply, t_for
from bot.presentation.nudges import continue_learning, followup_answered


async def on_followup(update: Update, context: BotContext, cb: Callback) -> None:
    """An answer to a follow-up: the question shows it, with a word back."""
    module_id, answer = str(cb.args[0]), str(cb.args[1])
    outcome = await context.services.followups.answer(update.effective_user.id, module_id,
                                                      answer)
    if outcome.stale:
        await answer_stale(update, context, outcome)
        return
    await update.callback_query.answer()
    t = t_for(outcome.locale)
    answered = outcome.feedback
    await close_buttons(update, followup_answered(t, answered.module.action, answer))
    if answered.learning:
        reply = continue_learning(t, t._("Ready for the next lesson?"))
        await send_reply(update, reply)
