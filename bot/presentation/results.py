"""The end of a module and of the course as messages: the module's score against the pass mark,
and the closing message with the certificate (or what it still needs) and the resident's scores."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup

from bot.callbacks import Continue
from bot.i18n import Translator
from bot.presentation import passing
from bot.presentation.keyboards import Reply, button
from bot.services.steps import CourseComplete, ModuleResult


def module_result(t: Translator, item: ModuleResult) -> Reply:
    """The module's score against the pass mark, and the way on."""
    score = {
        "number": item.module.number,
        "correct": item.correct,
        "total": item.total,
        "needed": item.needed,
    }
    if item.passed:
        text = t._("🎉 <b>Module {number} done!</b> Your quiz score: {correct}/{total}.", **score)
        text += "\n" + t._("✅ Passed (pass mark: {needed} of {total}).", **score)
    else:
        text = t._("📘 <b>Module {number} done.</b> Your quiz score: {correct}/{total}.", **score)
        text += "\n" + t._(
            "Not passed yet: the pass mark is {needed} of {total}. The questions "
            "you missed come back in /ulang; answer them right to pass. You can "
            "go on in the meantime.",
            **score,
        )
    if item.next_module is not None:
        nxt = item.next_module
        text += "\n\n" + t._(
            "Next: module {number}, {title}.",
            number=nxt.number,
            title=escape(nxt.title.get(t.locale)),
        )
        label = t._("Go to module {number} ➡️", number=nxt.number)
    else:
        text += "\n\n" + t._("That was the last module. One short survey and you are done.")
        label = t._("Go to the final survey ➡️")
    return Reply(text, InlineKeyboardMarkup([[button(label, Continue())]]))


def course_complete(t: Translator, item: CourseComplete) -> Reply:
    """The closing message: the certificate or what it still needs, and the resident's own
    survey score before and after (plain figures, shown once the survey is submitted)."""
    if not item.not_passed:
        parts = [
            t.n_(
                "🏅 <b>Congratulations!</b> You finished the Warga Tangguh course: {count} module.",
                "🏅 <b>Congratulations!</b> You finished the Warga Tangguh course: {count} "
                "modules.",
                item.modules_done,
            )
        ]
    else:
        parts = [
            t.n_(
                "🏁 <b>You reached the end of the Warga Tangguh course</b>: {count} module.",
                "🏁 <b>You reached the end of the Warga Tangguh course</b>: {count} modules.",
                item.modules_done,
            ),
            "\n".join(
                [
                    t._("Your certificate needs every module passed. Not passed yet:"),
                    *passing.not_passed_lines(t, item.not_passed),
                ]
            ),
            passing.pass_rule(t)
            + " "
            + t._(
                "Type /ulang to answer the questions you "
                "missed again: once every module is passed, "
                "your certificate comes right away."
            ),
        ]
    pre, post = item.attitude_pre, item.attitude_post
    if pre is not None and post is not None and item.paired:
        parts.append(
            t._(
                "Your survey score (scale {low}–{high}): before the course {pre}, after "
                "the course {post}.",
                low=item.scale_min,
                high=item.scale_max,
                pre=t.number(pre, 1),
                post=t.number(post, 1),
            )
        )
    elif pre is not None and post is not None:
        parts.append(
            t._(
                "The survey was updated between your two answers, so there is no "
                "before/after score."
            )
        )
    else:
        parts.append(t._("You skipped a survey, so there is no before/after score this time."))
    if item.checklist is not None:
        parts.append(
            t.n_(
                "Preparedness check: {before} of {count} action in place before the "
                "course, {after} now.",
                "Preparedness check: {before} of {count} actions in place before the "
                "course, {after} now.",
                item.checklist.items,
                before=t.number(item.checklist.before),
                after=t.number(item.checklist.after),
            )
        )
    parts.append(
        t._(
            "Thank you for learning with Warga Tangguh. Share what you learned with "
            "your neighbours and your RT/RW!"
        )
    )
    return Reply("\n\n".join(parts))
