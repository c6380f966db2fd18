"""How /progres reads: modules done and passed, quiz score, where the resident is, the survey."""

from __future__ import annotations

from html import escape

from bot.i18n import translator
from bot.presentation import passing
from bot.services.progress import ProgressView
from bot.services.stage import Stage


def progress_message(view: ProgressView) -> str:
    """The /progres message."""
    t = translator(view.locale)
    lines = [
        t._("📊 <b>Your progress</b>"),
        t._("Modules done: {done} of {total}", done=view.modules_done, total=view.module_count),
    ]
    if view.modules_done:
        lines.append(
            t._(
                "Modules passed: {passed} of {total}",
                passed=view.modules_passed,
                total=view.module_count,
            )
        )
    if view.not_passed:
        lines += [
            t._("Not passed yet:"),
            *passing.not_passed_lines(t, view.not_passed),
            passing.pass_rule(t),
        ]
    if view.answered:
        share = t.number(100 * view.correct / view.answered)
        lines.append(
            t._(
                "Quiz score: {correct} of {answered} right ({share}%)",
                correct=view.correct,
                answered=view.answered,
                share=share,
            )
        )
    else:
        lines.append(t._("Quiz score: no answers yet"))
    if view.current is not None:
        lines.append(
            t._(
                "Now on: module {number}, {title}",
                number=view.current.number,
                title=escape(view.current.title.get(view.locale)),
            )
        )
    elif view.stage is Stage.FINISHED and not view.not_passed:
        lines.append(t._("Course finished 🏅"))
    elif view.stage is Stage.FINISHED:
        lines.append(t._("Course finished; the certificate waits for the modules above."))
    if view.streak:
        lines.append(
            t.n_("Streak: {count} day in a row 🔥", "Streak: {count} days in a row 🔥", view.streak)
        )
    if view.attitude_pre is not None:
        lines.append(
            t._(
                "Survey before the course: {score} (scale 1–5)",
                score=t.number(view.attitude_pre, 1),
            )
        )
    if view.attitude_post is not None:
        lines.append(
            t._(
                "Survey after the course: {score} (scale 1–5)",
                score=t.number(view.attitude_post, 1),
            )
        )
    lines.append(
        t._("Type /ulang to answer the questions you missed again.")
        if view.not_passed and view.stage is Stage.FINISHED
        else t._("Type /belajar to continue.")
    )
    return "\n".join(lines)
