"""The journey's rules as a pure planner: from what is known about a resident, the next step.

`plan(state, course)` answers either a `Step` to show or a `Transition` to make first (start a
module, complete one, leave a stage with nothing left). It touches no session: `Journey` loads
the state, and applies the transitions when it is asked to write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import ClassVar

from bot.curriculum import Course, Instrument, Module, SurveyItem
from bot.services import steps
from bot.services.attitude import AttitudeScores, ChecklistChange
from bot.services.passmark import module_standings, pass_mark
from bot.services.stage import Stage
from bot.services.steps import ModuleResult, Step, SurveyItemStep

# 55–59 and 60+ apart, so that older residents (60+, lansia) can be seen on their own; "55p" was
# the last band before and stays readable in stored profiles
AGE_BANDS = ("u18", "18-24", "25-34", "35-44", "45-54", "55-59", "60p")
NO_SCORES = AttitudeScores(None, None, None, False)


@dataclass(frozen=True)
class ModuleState:
    """How far a resident got in a module they started."""

    card_index: int = 0
    completed: bool = False


@dataclass(frozen=True)
class JourneyState:
    """What the planner needs to know about a resident.

    `surveyed` holds (phase, instrument, version, item id) of the survey answers given;
    `progress` the started modules by id; `answers` question id -> right for every question
    answered (right first time, or later in review). The attitude scores and the checklist
    change are needed only once the journey is finished.
    """

    stage: Stage
    region: str | None = None
    surveyed: frozenset[tuple[str, str, int, str]] = frozenset()
    progress: Mapping[str, ModuleState] = field(default_factory=dict)
    answers: Mapping[str, bool] = field(default_factory=dict)
    attitude: AttitudeScores = NO_SCORES
    checklist: ChecklistChange | None = None

    def answered(self, question_id: str, right: bool) -> JourneyState:
        """The state once the resident gave a question its first answer."""
        return replace(self, answers={**self.answers, question_id: right})

    def at_card(self, module_id: str, index: int) -> JourneyState:
        """The state once the resident moved on to card `index` of a module they started."""
        moved = replace(self.progress[module_id], card_index=index)
        return replace(self, progress={**self.progress, module_id: moved})

    def after(self, transition: Transition) -> JourneyState:
        """The state once `transition` is made."""
        if isinstance(transition, AdvanceStage):
            return replace(self, stage=transition.to)
        module_id = transition.module.id
        now = (
            ModuleState()
            if isinstance(transition, StartModule)
            else replace(self.progress.get(module_id, ModuleState()), completed=True)
        )
        return replace(self, progress={**self.progress, module_id: now})


@dataclass(frozen=True)
class AdvanceStage:
    """The resident's stage has nothing left: move on to `to`."""

    to: Stage
    shows: ClassVar[None] = None


@dataclass(frozen=True)
class StartModule:
    """The resident reaches a module they have not started."""

    module: Module
    shows: ClassVar[None] = None


@dataclass(frozen=True)
class CompleteModule:
    """Every question of the module is answered: it is done, and `shows` says how it went."""

    shows: ModuleResult

    @property
    def module(self) -> Module:
        """The module completed."""
        return self.shows.module


Transition = AdvanceStage | StartModule | CompleteModule


def survey_items(course: Course) -> list[tuple[Instrument, SurveyItem]]:
    """Attitude items then checklist items, in the order residents answer them."""
    return [(inst, item) for inst in (course.attitude, course.checklist) for item in inst.items]


def plan(state: JourneyState, course: Course) -> Step | Transition:
    """What the resident should see now, or the transition to make before anything is shown."""
    stage = state.stage
    if stage is Stage.LANGUAGE:
        return steps.AskLanguage()
    if stage is Stage.REGION:
        return steps.AskRegion(course.regions)
    if stage is Stage.DISTRICT:
        region = course.region(state.region or "")
        if region is None or not region.districts:
            return AdvanceStage(stage.following)
        return steps.AskDistrict(region)
    if stage is Stage.AGE:
        return steps.AskAge(AGE_BANDS)
    if stage.phase is not None:
        return _survey_step(state, course, stage.phase) or AdvanceStage(stage.following)
    if stage is Stage.COURSE:
        return _course_step(state, course) or AdvanceStage(stage.following)
    return _complete(state, course)


def _survey_step(state: JourneyState, course: Course, phase: str) -> SurveyItemStep | None:
    items = survey_items(course)
    for number, (inst, item) in enumerate(items, start=1):
        if (phase, inst.id, inst.version, item.id) not in state.surveyed:
            first = inst.items[0].id == item.id
            return SurveyItemStep(phase, inst, item, number, len(items), first)
    return None


def _course_step(state: JourneyState, course: Course) -> Step | Transition | None:
    progress = state.progress
    module = next(
        (m for m in course.modules if m.id not in progress or not progress[m.id].completed), None
    )
    if module is None:
        return None
    current = progress.get(module.id)
    if current is None:
        return StartModule(module)
    if current.card_index < len(module.cards):
        return steps.CardStep(
            module, len(course.modules), module.cards[current.card_index], current.card_index
        )
    for index, question in enumerate(module.questions):
        if question.id not in state.answers:
            return steps.QuestionStep(module, question, index)
    return CompleteModule(_module_result(module, state.answers, course))


def _module_result(module: Module, answers: Mapping[str, bool], course: Course) -> ModuleResult:
    """How a module's quiz went against the pass mark, and which module follows."""
    asked = [q.id for q in module.questions]
    correct = sum(1 for qid in asked if answers.get(qid))
    following = course.modules[module.number :]
    return ModuleResult(
        module, correct, len(asked), following[0] if following else None, pass_mark(len(asked))
    )


def _complete(state: JourneyState, course: Course) -> steps.CourseComplete:
    completed = {mid for mid, m in state.progress.items() if m.completed}
    mine = module_standings(course.modules, completed, state.answers)
    scores, attitude = state.attitude, course.attitude
    return steps.CourseComplete(
        sum(s.completed for s in mine),
        scores.pre,
        scores.post,
        attitude.scale_min,
        attitude.scale_max,
        scores.paired,
        tuple(s for s in mine if not s.passed),
        state.checklist,
    )
