"""The journey's rules, planned from plain state: no database, no Telegram."""

from __future__ import annotations

from dataclasses import replace

from bot.services import steps
from bot.services.attitude import AttitudeScores, ChecklistChange
from bot.services.journey_plan import (
    AGE_BANDS,
    AdvanceStage,
    CompleteModule,
    JourneyState,
    ModuleState,
    StartModule,
    plan,
)
from bot.services.stage import ONBOARDING, Stage
from tests.journey_course import COURSE, ITEMS, M1, M2, answers, surveyed, walk


def test_stages_keep_their_stored_values_in_journey_order():
    assert [s.value for s in Stage] == [
        "language",
        "region",
        "district",
        "age",
        "survey_pre",
        "course",
        "survey_post",
        "finished",
    ]
    assert [s.following for s in Stage] == [*list(Stage)[1:], Stage.FINISHED]
    assert ONBOARDING == (Stage.LANGUAGE, Stage.REGION, Stage.DISTRICT, Stage.AGE)
    assert Stage.survey("pre") is Stage.SURVEY_PRE and Stage.SURVEY_POST.phase == "post"
    assert Stage.COURSE.phase is None


def test_onboarding_asks_language_region_district_and_age():
    assert plan(JourneyState(Stage.LANGUAGE), COURSE) == steps.AskLanguage()
    assert plan(JourneyState(Stage.REGION), COURSE) == steps.AskRegion(COURSE.regions)
    assert plan(JourneyState(Stage.DISTRICT, region="jakut"), COURSE) == steps.AskDistrict(
        COURSE.regions[0]
    )
    assert plan(JourneyState(Stage.AGE), COURSE) == steps.AskAge(AGE_BANDS)


def test_district_is_passed_when_the_region_has_none_or_was_skipped():
    for region in ("kepseribu", None, "gone"):
        assert plan(JourneyState(Stage.DISTRICT, region=region), COURSE) == AdvanceStage(Stage.AGE)


def test_pre_survey_goes_through_the_attitude_items_then_the_checklist():
    first = plan(JourneyState(Stage.SURVEY_PRE), COURSE)
    attitude = COURSE.attitude
    assert first == steps.SurveyItemStep("pre", attitude, attitude.items[0], 1, 3, True)
    second = plan(JourneyState(Stage.SURVEY_PRE, surveyed=surveyed("pre", 1)), COURSE)
    assert (second.number, second.first_of_instrument) == (2, False)
    third = plan(JourneyState(Stage.SURVEY_PRE, surveyed=surveyed("pre", 2)), COURSE)
    assert (third.instrument, third.number, third.first_of_instrument) == (
        COURSE.checklist,
        3,
        True,
    )


def test_a_survey_answered_in_full_leaves_for_the_course():
    assert plan(JourneyState(Stage.SURVEY_PRE, surveyed=surveyed("pre")), COURSE) == AdvanceStage(
        Stage.COURSE
    )
    # answers of the other phase do not count
    state = JourneyState(Stage.SURVEY_POST, surveyed=surveyed("pre"))
    assert plan(state, COURSE).phase == "post"


def test_a_survey_of_an_older_version_is_answered_again():
    old = frozenset(("pre", inst.id, inst.version - 1, item.id) for inst, item in ITEMS)
    step = plan(JourneyState(Stage.SURVEY_PRE, surveyed=old), COURSE)
    assert isinstance(step, steps.SurveyItemStep)


def test_the_first_module_is_started_then_read_card_by_card():
    course = JourneyState(Stage.COURSE)
    assert plan(course, COURSE) == StartModule(M1)
    started = course.after(StartModule(M1))
    assert started.progress == {"m1": ModuleState(0, False)}
    assert plan(started, COURSE) == steps.CardStep(M1, 2, M1.cards[0], 0)
    at_second = replace(started, progress={"m1": ModuleState(1)})
    assert plan(at_second, COURSE) == steps.CardStep(M1, 2, M1.cards[1], 1)


def test_the_quiz_follows_the_cards_and_asks_the_first_unanswered_question():
    read = JourneyState(Stage.COURSE, progress={"m1": ModuleState(2)})
    assert plan(read, COURSE) == steps.QuestionStep(M1, M1.questions[0], 0)
    two_answered = replace(read, answers=answers(M1, right=0, asked=2))
    assert plan(two_answered, COURSE) == steps.QuestionStep(M1, M1.questions[2], 2)


def test_the_last_answer_completes_the_module_against_the_pass_mark():
    state = JourneyState(
        Stage.COURSE, progress={"m1": ModuleState(2)}, answers=answers(M1, right=3)
    )
    outcome = plan(state, COURSE)
    assert outcome == CompleteModule(steps.ModuleResult(M1, 3, 4, M2, 3))
    assert outcome.module is M1 and outcome.shows.passed
    below = plan(replace(state, answers=answers(M1, right=2)), COURSE)
    assert below.shows == steps.ModuleResult(M1, 2, 4, M2, 3) and not below.shows.passed
    assert state.after(outcome).progress["m1"] == ModuleState(2, True)


def test_a_completed_module_leads_to_the_next_one_and_the_last_one_to_the_post_survey():
    one_done = JourneyState(Stage.COURSE, progress={"m1": ModuleState(2, True)})
    assert plan(one_done, COURSE) == StartModule(M2)
    last = JourneyState(
        Stage.COURSE,
        progress={"m1": ModuleState(2, True), "m2": ModuleState(1)},
        answers={**answers(M1, 4), **answers(M2, 2)},
    )
    assert plan(last, COURSE).shows == steps.ModuleResult(M2, 2, 2, None, 2)
    all_done = replace(last, progress={"m1": ModuleState(2, True), "m2": ModuleState(1, True)})
    assert plan(all_done, COURSE) == AdvanceStage(Stage.SURVEY_POST)


def test_the_post_survey_leads_to_the_end():
    done = JourneyState(Stage.SURVEY_POST, surveyed=surveyed("pre") | surveyed("post"))
    assert plan(done, COURSE) == AdvanceStage(Stage.FINISHED)


def test_the_end_shows_the_scores_and_the_modules_the_certificate_waits_for():
    progress = {"m1": ModuleState(2, True), "m2": ModuleState(1, True)}
    scores = AttitudeScores(2.5, 4.0, 1, True)
    state = JourneyState(
        Stage.FINISHED,
        progress=progress,
        answers={**answers(M1, 2), **answers(M2, 2)},
        attitude=scores,
        checklist=ChecklistChange(0, 1, 1),
    )
    end = plan(state, COURSE)
    assert isinstance(end, steps.CourseComplete)
    assert (end.modules_done, end.attitude_pre, end.attitude_post, end.paired) == (
        2,
        2.5,
        4.0,
        True,
    )
    assert [(s.module, s.right, s.needed) for s in end.not_passed] == [(M1, 2, 3)]
    assert end.checklist == ChecklistChange(0, 1, 1)
    # a question answered right later in review counts: now every module is passed
    corrected = replace(state, answers={**answers(M1, 3), **answers(M2, 2)})
    assert plan(corrected, COURSE).not_passed == ()


def test_the_end_without_surveys_shows_no_scores():
    end = plan(JourneyState(Stage.FINISHED), COURSE)
    assert (end.modules_done, end.attitude_pre, end.attitude_post, end.checklist) == (
        0,
        None,
        None,
        None,
    )
    assert [s.module for s in end.not_passed] == [M1, M2]


def test_a_resident_back_after_a_stop_resumes_where_they_left_off():
    stopped = JourneyState(
        Stage.COURSE,
        progress={"m1": ModuleState(2, True), "m2": ModuleState(0)},
        answers=answers(M1, 4),
    )
    assert walk(stopped) == ([], steps.CardStep(M2, 2, M2.cards[0], 0))
    mid_quiz = replace(
        stopped,
        progress={**stopped.progress, "m2": ModuleState(1)},
        answers={**answers(M1, 4), **answers(M2, 1, asked=1)},
    )
    assert walk(mid_quiz) == ([], steps.QuestionStep(M2, M2.questions[1], 1))


def test_the_transitions_due_are_planned_in_order_before_the_step():
    skipped_district = JourneyState(Stage.DISTRICT, region="kepseribu")
    assert walk(skipped_district) == ([AdvanceStage(Stage.AGE)], steps.AskAge(AGE_BANDS))
    surveyed_in_full = JourneyState(Stage.SURVEY_PRE, surveyed=surveyed("pre"))
    assert walk(surveyed_in_full) == (
        [AdvanceStage(Stage.COURSE), StartModule(M1)],
        steps.CardStep(M1, 2, M1.cards[0], 0),
    )


def test_re_reading_a_finished_module_does_not_move_the_resident():
    # /modul 1 shows module 1's cards without touching progress: the plan stays on module 2
    state = JourneyState(
        Stage.COURSE,
        progress={"m1": ModuleState(2, True), "m2": ModuleState(1)},
        answers=answers(M1, 4),
    )
    assert plan(state, COURSE) == steps.QuestionStep(M2, M2.questions[0], 0)
    finished = replace(
        state, stage=Stage.FINISHED, progress={**state.progress, "m2": ModuleState(1, True)}
    )
    assert isinstance(plan(finished, COURSE), steps.CourseComplete)


def test_a_resident_walks_the_whole_journey_in_order():
    """Answer every step as a resident would and record what the bot shows."""
    state, shown = JourneyState(Stage.LANGUAGE), []
    while True:
        made, step = walk(state)
        for transition in made:
            state = state.after(transition)
        shown.append(type(step).__name__)
        if isinstance(step, steps.CourseComplete):
            break
        state = _answer(state, step)
    assert shown == [
        "AskLanguage",
        "AskRegion",
        "AskDistrict",
        "AskAge",
        *["SurveyItemStep"] * 3,
        "CardStep",
        "CardStep",
        *["QuestionStep"] * 4,
        "ModuleResult",
        "CardStep",
        *["QuestionStep"] * 2,
        "ModuleResult",
        *["SurveyItemStep"] * 3,
        "CourseComplete",
    ]
    assert state.stage is Stage.FINISHED
    assert all(m.completed for m in state.progress.values())


def _answer(state: JourneyState, step: object) -> JourneyState:
    """The state after a resident answers `step` (what the action services write)."""
    if isinstance(step, (steps.AskLanguage, steps.AskDistrict, steps.AskAge)):
        return replace(state, stage=state.stage.following)
    if isinstance(step, steps.AskRegion):
        return replace(state, stage=Stage.DISTRICT, region="jakut")
    if isinstance(step, steps.SurveyItemStep):
        key = (step.phase, step.instrument.id, step.instrument.version, step.item.id)
        return replace(state, surveyed=state.surveyed | {key})
    if isinstance(step, steps.CardStep):
        return replace(
            state, progress={**state.progress, step.module.id: ModuleState(step.index + 1)}
        )
    if isinstance(step, steps.QuestionStep):
        return replace(state, answers={**state.answers, step.question.id: True})
    assert isinstance(step, steps.ModuleResult)  # the module was completed on the way to it
    return state
