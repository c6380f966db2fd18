"""How /ulang reads: a review question with its letter buttons, or what is left and when."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup

from bot.callbacks import ReviewPick
from bot.i18n import Translator
from bot.presentation.keyboards import Reply, button
from bot.presentation.quiz import LETTERS, option_lines
from bot.services.review import NothingToReview, ReviewStep


def review_message(t: Translator, step: ReviewStep | NothingToReview) -> Reply:
    """A review question with letter buttons, or the all-done line."""
    if isinstance(step, NothingToReview):
        return Reply(nothing_due(t, step))
    q = step.question
    header = t.n_(
        "🔁 Review quiz · {count} question in your list",
        "🔁 Review quiz · {count} questions in your list",
        step.remaining,
    )
    buttons = [button(LETTERS[i], ReviewPick(q.id, i)) for i in range(len(q.options))]
    return Reply(
        f"<b>{header}</b>\n\n{escape(q.text.get(t.locale))}\n\n{option_lines(t, q.options)}",
        InlineKeyboardMarkup([buttons]),
    )


def nothing_due(t: Translator, step: NothingToReview) -> str:
    """What is left in the ladder and when it comes back; where to go next."""
    if step.waiting and step.next_due is not None:
        line = t.n_(
            "🔁 That was all for now. {count} question waits in your list; it comes back "
            "on {date}.",
            "🔁 That was all for now. {count} questions wait in your list; the next comes "
            "back on {date}.",
            step.waiting,
            date=t.date(step.next_due),
        )
    else:
        line = t._("🔁 Nothing left to review. Well done!")
    if step.finished:
        return line + " " + t._("/sertifikat: your certificate")
    return line + " " + t._("Type /belajar to continue.")
