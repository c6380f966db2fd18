"""The resident's journey as messages: consent, the language and profile questions, survey items
and lesson cards; any step a service returned (quiz questions and results have modules of their
own)."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import (
    NONE,
    AgePick,
    Consent,
    Decline,
    DistrictPick,
    LanguagePick,
    NextCard,
    Press,
    RegionPick,
    SurveyPick,
    SurveySkip,
)
from bot.curriculum import Course
from bot.i18n import Translator
from bot.presentation import quiz, results
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
    Step,
    SurveyFeedback,
    SurveyItemStep,
)


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
            return quiz.question(t, item)
        case ModuleResult():
            return results.module_result(t, item)
        case CourseComplete():
            return results.course_complete(t, item)
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
