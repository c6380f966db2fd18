"""Service rules without Telegram: journey order, scoring, emergencies, locale choice."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.config import Settings
from bot.curriculum import load_course
from bot.db.engine import Database
from bot.services import Services
from bot.services.emergency import looks_like_emergency
from bot.services.locale import locale_for
from bot.services.onboarding import clean_source
from bot.services.steps import AskLanguage, CardStep, ModuleResult, QuestionStep, SurveyItemStep
from tests.harness import START

COURSE = load_course(Path(__file__).parent.parent / "content")


@pytest.fixture
async def services(database_url):
    db = Database(database_url)
    yield Services.build(Settings(_env_file=None, admin_ids="1"), db, COURSE, ManualClock(START))
    await db.close()


async def test_consent_starts_the_journey_at_language_and_is_idempotent(services):
    first = await services.onboarding.consent(7, 7, "Budi", "en", "rw05")
    assert isinstance(first.step, AskLanguage) and first.locale == "en"
    again = await services.onboarding.consent(7, 7, "Budi", "en", "rw05")
    assert again.stale == "answered"


async def test_skipping_everything_reaches_the_first_card(services):
    await services.onboarding.consent(8, 8, "Ani", "id", None)
    await services.onboarding.choose_language(8, "id")
    await services.onboarding.choose_region(8, None)
    outcome = await services.onboarding.choose_age(8, None)
    assert isinstance(outcome.step, SurveyItemStep)
    assert outcome.step.item.id == COURSE.attitude.items[0].id
    outcome = await services.survey.skip(8, "pre")
    assert isinstance(outcome.step, CardStep)
    assert (outcome.step.module.number, outcome.step.index) == (1, 0)


async def test_a_district_outside_the_chosen_region_is_refused(services):
    await services.onboarding.consent(9, 9, "Ani", "id", None)
    await services.onboarding.choose_language(9, "id")
    await services.onboarding.choose_region(9, "jakut")
    assert (await services.onboarding.choose_district(9, "tebet")).stale == "forged"
    assert (await services.onboarding.choose_district(9, "koja")).step is not None


async def test_quiz_answers_only_count_for_the_question_on_screen(services):
    await services.onboarding.consent(10, 10, "Ani", "id", None)
    await services.onboarding.choose_language(10, "id")
    await services.onboarding.choose_region(10, None)
    await services.onboarding.choose_age(10, None)
    outcome = await services.survey.skip(10, "pre")
    module = outcome.step.module
    assert (await services.learning.answer(10, module.questions[0].id, 0)).stale == "old"
    for index in range(len(module.cards)):
        outcome = await services.learning.next_card(10, module.id, index)
    assert isinstance(outcome.step, QuestionStep)
    assert (await services.learning.answer(10, module.questions[1].id, 0)).stale == "old"
    for question in module.questions:
        outcome = await services.learning.answer(10, question.id, question.correct)
        assert outcome.feedback.correct
    assert isinstance(outcome.step, ModuleResult)
    assert (outcome.step.correct, outcome.step.total) == (len(module.questions),) * 2
    view = await services.progress.summary(10)
    assert view.modules_done == 1 and view.current.number == 2


def test_reverse_items_are_scored_from_the_content_file():
    attitude = COURSE.attitude
    reverse, plain = attitude.item("S10"), attitude.item("S9")
    assert reverse.reverse and not plain.reverse
    assert attitude.score(reverse, 1) == 5 and attitude.score(reverse, 5) == 1
    assert attitude.score(plain, 4) == 4


@pytest.mark.parametrize(
    "text,expected",
    [
        ("tolong!", True),
        ("Darurat, ada orang pingsan", True),
        ("SOS", True),
        ("kebakaran di RT 03", True),
        ("banjir sekarang", True),
        ("air banjir naik cepat", True),
        ("HELP", True),
        ("apa itu banjir rob?", False),
        ("terima kasih", False),
        ("kapan gempa besar terakhir?", False),
        ("", False),
        (None, False),
    ],
)
def test_emergency_detection(text, expected):
    assert looks_like_emergency(text) is expected


def test_locale_choice_prefers_saved_then_telegram_then_default():
    assert locale_for("en", "id", "id") == "en"
    assert locale_for(None, "en-US", "id") == "en"
    assert locale_for(None, "fr", "id") == "id"
    assert locale_for(None, None, "en") == "en"


def test_deep_link_sources_are_cleaned():
    assert clean_source("rw05") == "rw05"
    assert clean_source("a b<c>") == "abc"
    assert clean_source("x" * 90) == "x" * 48
    assert clean_source("") is None
