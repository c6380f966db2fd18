"""Action follow-ups: how the "Sudah sempat …?" nudge reads, and its Sudah / Belum / Tidak relevan
buttons."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup, Update

from bot.callbacks import FollowupAnswer
from bot.context import BotContext
from bot.handlers import render
from bot.handlers.common import answer_stale, close_buttons, t_for
from bot.handlers.render import Reply
from bot.i18n import Translator
from bot.services.nudges import NudgeToSend


def answer_label(t: Translator, answer: str) -> str:
    """How an answer reads on its button."""
    return {"done": t._("Done"), "not_yet": t._("Not yet"),
            "not_relevant": t._("Not relevant")}[answer]


def followup_message(t: Translator, nudge: NudgeToSend, footer: str) -> Reply:
    """The follow-up question of one module's action, with the three answers."""
    module = nudge.module_id or ""
    text = "\n".join([t._("🎯 <b>About your action</b>"),
                      escape(nudge.followup.get(t.locale)) if nudge.followup else ""])
    keyboard = [[render.button(answer_label(t, a), "fu", module, a) for a in ("done", "not_yet")],
                [render.button(answer_label(t, "not_relevant"), "fu", module, "not_relevant")]]
    return Reply(f"{text}\n\n<i>{footer}</i>", InlineKeyboardMarkup(keyboard))


async def on_followup(update: Update, context: BotContext, cb: FollowupAnswer) -> None:
    """An answer to a follow-up: the question shows it, with a word back."""
    module_id, answer = cb.module_id, cb.answer
    outcome = await context.services.followups.answer(update.effective_user.id, module_id,
                                                      answer)
    if outcome.stale:
        await answer_stale(update, context, outcome)
        return
    await update.callback_query.answer()
    t = t_for(outcome.locale)
    answered = outcome.feedback
    assert answered is not None  # a fresh answer carries its feedback
    action = answered.module.action
    lines = [escape(action.followup.get(t.locale)),
             t._("✔️ Your answer: {answer}", answer=answer_label(t, answer))]
    if answer == "done":
        lines.append(t._("Well done, and thank you for telling us."))
    elif answer == "not_yet":
        lines.append(t._("No problem: it is still worth doing. Here it is again: {action}",
                         action=escape(action.text.get(t.locale))))
    else:
        lines.append(t._("Thank you for telling us."))
    await close_buttons(update, "\n\n".join(lines))
    if answered.learning:
        await update.effective_chat.send_message(
            t._("Ready for the next lesson?"),
            reply_markup=InlineKeyboardMarkup([[render.button(t._("Continue learning ➡️"),
                                                              "go")]]))
