"""The resident's journey as messages: consent, profile questions, survey items, lesson cards,
quiz questions and feedback, module results and the closing message."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import (
    NONE,
    AgePick,
    Consent,
    Continue,
    Decline,
    DistrictPick,
    LanguagePick,
    NextCard,
    Press,
    QuizPick,
    RegionPick,
    SurveyPick,
    SurveySkip,
)
from bot.curriculum import Course, Text
from bot.i18n import Translator
from bot.presentation import passing
from bot.presentation.keyboards import Reply, button, rows
from bot.services.steps import (
    AskAge,
    AskConsent,
    AskDistrict,
    AskLanguage,
    AskRegion,
    CardStep,
    CourseComplete,
    ModuleResult,
    QuestionStep,
    QuizFeedback,
    Step,
    SurveyFeedback,
    SurveyItemStep,
)

LETTERS = "ABCD"


def age_label(t: Translator, band: str) -> str:
    """How an age band reads on a button."""
    labels = {"u18": t._("Under 18"), "55p": t._("55 or older"), "60p": t._("60 or older")}
    return labels.get(band, band.replace("-", "–"))


def consent(t: Translator, course: Course, source: str | None, operator: str) -> Reply:
    """Welcome, what the course is, the privacy note (naming who keeps the data) and the consent
    buttons."""
    text = "\n\n".join(
        [
            t._("👋 <b>Welcome to Warga Tangguh!</b>"),
            t.n_(
                "This short course helps you see disasters in a new way: as something a prepared "
                "city turns into skills, jobs, safer homes and stronger communities. {count} short "
                "module, about 5 minutes, with a quiz.",
                "This short course helps you see disasters in a new way: as something a prepared "
                "city turns into skills, jobs, safer homes and stronger communities. {count} short "
                "modules, about 5 minutes each, with quizzes.",
                len(course.modules),
            ),
            t._(
                "🔒 <b>Your data</b>: to keep your progress we store your Telegram id, first name, "
                "language, the profile you choose to give (area, age band) and your quiz and "
                "survey "
                "answers. We use them only for this course and for reports without names. Delete "
                "everything at any time with /hapusdata."
            )
            + " "
            + t._("Your data is kept by {operator}.", operator=escape(operator)),
            t._("👪 Under 18? Please agree only with the permission of a parent or guardian."),
            t._("May we keep your progress?"),
        ]
    )
    keyboard = InlineKeyboardMarkup(
        [
            [button(t._("✅ Yes, let's start"), Consent(source or NONE))],
            [button(t._("Not now"), Decline())],
        ]
    )
    return Reply(text, keyboard)


def language_choice(t: Translator) -> Reply:
    """The two language buttons."""
    return Reply(
        t._("🌐 Which language would you like?"),
        InlineKeyboardMarkup(
            [
                [
                    button("🇮🇩 Bahasa Indonesia", LanguagePick("id")),
                    button("🇬🇧 English", LanguagePick("en")),
                ]
            ]
        ),
    )


def _skip(t: Translator, press: Press) -> list[InlineKeyboardButton]:
    return [button(t._("Skip ⏭"), press)]


def step(t: Translator, item: Step) -> Reply:
    """Render any step a service returned."""
    match item:
        case AskLanguage():
            return language_choice(t)
        case AskRegion(regions=regions):
            buttons = [button(r.name, RegionPick(r.id)) for r in regions]
            return Reply(
                t._(
                    "📍 A short profile helps the city plan (every question can be skipped).\n\n"
                    "Where do you live?"
                ),
                InlineKeyboardMarkup([*rows(buttons, 2), _skip(t, RegionPick(NONE))]),
            )
        case AskDistrict(region=region):
            buttons = [button(name, DistrictPick(did)) for did, name in region.districts]
            return Reply(
                t._("Which kecamatan in {region}?", region=escape(region.name)),
                InlineKeyboardMarkup([*rows(buttons, 2), _skip(t, DistrictPick(NONE))]),
            )
        case AskAge(bands=bands):
            buttons = [button(age_label(t, b), AgePick(b)) for b in bands]
            return Reply(
                t._("How old are you?"),
                InlineKeyboardMarkup([*rows(buttons, 3), _skip(t, AgePick(NONE))]),
            )
        case SurveyItemStep():
            return survey_item(t, item)
        case CardStep():
            return card(t, item)
        case QuestionStep():
            return question(t, item)
        case ModuleResult():
            return module_result(t, item)
        case CourseComplete():
            return course_complete(t, item)
        case AskConsent():
            raise ValueError("consent needs the course; call steps.consent")
    raise TypeError(f"no renderer for {type(item).__name__}")


def _scale_legend(t: Translator, item: SurveyItemStep) -> str:
    inst = item.instrument
    low, high = inst.scale_min, inst.scale_max
    return t._(
        "{low} = {low_label} … {high} = {high_label}",
        low=low,
        high=high,
        low_label=escape(inst.labels[low].get(t.locale)).lower(),
        high_label=escape(inst.labels[high].get(t.locale)).lower(),
    )


def survey_item(t: Translator, item: SurveyItemStep) -> Reply:
    """One survey statement or checklist question with its answer buttons."""
    parts = []
    inst = item.instrument
    if item.first_of_instrument:
        if inst.kind == "likert":
            parts.append(
                t._("Before you start, we'd like to know how you see disasters.")
                if item.phase == "pre"
                else t._("One last step: a short survey on how you see things now.")
            )
        parts.append(
            f"📋 <b>{escape(inst.title.get(t.locale))}</b>\n{escape(inst.intro.get(t.locale))}"
        )
    parts.append(f"<b>{item.number}/{item.total}</b> · {escape(item.item.text.get(t.locale))}")
    if inst.kind == "likert":
        parts.append(f"<i>{_scale_legend(t, item)}</i>")
        answers = [
            button(str(v), SurveyPick(item.phase, item.item.id, v))
            for v in range(inst.scale_min, inst.scale_max + 1)
        ]
    else:
        answers = [
            button(t._("Yes"), SurveyPick(item.phase, item.item.id, 1)),
            button(t._("Not yet"), SurveyPick(item.phase, item.item.id, 0)),
        ]
    skip = [button(t._("Skip the survey ⏭"), SurveySkip(item.phase))]
    return Reply("\n\n".join(parts), InlineKeyboardMarkup([answers, skip]))


def profile_answered(t: Translator, question_html: str, chosen: str | None) -> str:
    """A profile question as it reads once answered: the question and the label tapped (or
    Skipped)."""
    label = chosen or t._("Skipped")
    return f"{question_html}\n\n✔️ {escape(label)}"


def survey_answered(t: Translator, feedback: SurveyFeedback) -> str:
    """The survey item as it reads once answered (its buttons gone)."""
    inst, value = feedback.instrument, feedback.value
    if inst.kind == "likert":
        label = f"{value} ({escape(inst.labels[value].get(t.locale))})"
    else:
        label = t._("Yes") if value else t._("Not yet")
    return f"{escape(feedback.item.text.get(t.locale))}\n\n" + t._(
        "✔️ Your answer: {answer}", answer=label
    )


def card(t: Translator, item: CardStep) -> Reply:
    """A lesson card with its position and the Lanjut button."""
    module = item.module
    header = t._(
        "📘 Module {module}/{modules} · {card}/{cards}",
        module=module.number,
        modules=item.module_count,
        card=item.index + 1,
        cards=len(module.cards),
    )
    parts = [f"<b>{header}</b>"]
    if item.index == 0:
        parts.append(f"<b>{escape(module.title.get(t.locale))}</b>")
    body = escape(item.card.text.get(t.locale))
    parts.append(
        t._("🎯 <b>Your action:</b> {action}", action=body) if item.card.is_action else body
    )
    last = item.index == len(module.cards) - 1
    label = t._("Start the quiz 📝") if last else t._("Continue ➡️")
    return Reply(
        "\n\n".join(parts), InlineKeyboardMarkup([[button(label, NextCard(module.id, item.index))]])
    )


def _question_text(t: Translator, item: QuestionStep | QuizFeedback) -> str:
    q = item.question
    return escape(q.text.get(t.locale))


def _options(t: Translator, options: Sequence[Text], marks: dict[int, str] | None = None) -> str:
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
    text = f"<b>{header}</b>\n\n{_question_text(t, item)}\n\n{_options(t, q.options)}"
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
        f"{_question_text(t, feedback)}\n\n{_options(t, q.options, marks)}\n\n"
        + t._("Your answer: {letter}", letter=LETTERS[feedback.chosen])
        + f"\n<b>{verdict}</b>\n💡 {escape(q.explanation.get(t.locale))}"
    )


def module_result(t: Translator, item: ModuleResult) -> Reply:
    """The module's score against the pass mark, and the way on."""
    if item.passed:
        text = t._(
            "🎉 <b>Module {number} done!</b> Your quiz score: {correct}/{total}.",
            number=item.module.number,
            correct=item.correct,
            total=item.total,
        )
        text += "\n" + t._(
            "✅ Passed (pass mark: {needed} of {total}).", needed=item.needed, total=item.total
        )
    else:
        text = t._(
            "📘 <b>Module {number} done.</b> Your quiz score: {correct}/{total}.",
            number=item.module.number,
            correct=item.correct,
            total=item.total,
        )
        text += "\n" + t._(
            "Not passed yet: the pass mark is {needed} of {total}. The questions "
            "you missed come back in /ulang; answer them right to pass. You can "
            "go on in the meantime.",
            needed=item.needed,
            total=item.total,
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
