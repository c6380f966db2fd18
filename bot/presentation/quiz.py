"""Quiz questions as messages: the options listed with letters, one button per letter, and the
question once answered (choice marked, right answer, explanation)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from telegram import InlineKeyboardMarkup

from bot.callbacks import QuizPick
from bot.curriculum import Text
from bot.i18n import Translator
from bot.presentation.keyboards import Reply, button
from bot.services.steps import QuestionStep, QuizFeedback

LETTERS = "ABCD"


def _question_text(t: Translator, item: QuestionStep | QuizFeedback) -> str:
    q = item.question
    return escape(q.text.get(t.locale))


def option_lines(
    t: Translator, options: Sequence[Text], marks: dict[int, str] | None = None
) -> str:
    """One line per option: its letter (or its mark, ✅ ❌) and its text."""
    marks = marks or {}
    return "\n".join(
        f"{marks.get(i, LETTERS[i] + '.')} {escape(o.get(t.locale))}" for i, o in enumerate(options)
    )


def question(t: Translator, item: QuestionStep) -> Reply:
    """A quiz question: its options listed with letters, one button per letter."""
    q = item.question
    header = t._(
        "📝 Quiz, module {module} · question {number}/{total}",
        module=item.module.number,
        number=item.index + 1,
        total=len(item.module.questions),
    )
    text = f"<b>{header}</b>\n\n{_question_text(t, item)}\n\n{option_lines(t, q.options)}"
    buttons = [button(LETTERS[i], QuizPick(q.id, i)) for i in range(len(q.options))]
    return Reply(text, InlineKeyboardMarkup([buttons]))


def quiz_feedback(t: Translator, feedback: QuizFeedback) -> str:
    """The question as it reads once answered: choice marked, right answer, explanation."""
    q = feedback.question
    marks = {q.correct: "✅"}
    if not feedback.correct:
        marks[feedback.chosen] = "❌"
    verdict = (
        t._("✅ Right!")
        if feedback.correct
        else t._(
            "❌ Not quite. The right answer is {letter}. {answer}",
            letter=LETTERS[q.correct],
            answer=escape(q.options[q.correct].get(t.locale)),
        )
    )
    return (
        f"{_question_text(t, feedback)}\n\n{option_lines(t, q.options, marks)}\n\n"
        + t._("Your answer: {letter}", letter=LETTERS[feedback.chosen])
        + f"\n<b>{verdict}</b>\n💡 {escape(q.explanation.get(t.locale))}"
    )
