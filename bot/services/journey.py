"""The resident's path through the programme: onboarding, pre survey, modules, post survey.

`Journey` loads what the pure planner (`journey_plan.plan`) needs from the database. `next_step`
only reads: it says what the resident would see. `apply_transitions` writes the transitions the
planner asks for (a module started or completed, a stage with nothing left passed) and returns
the step to show; the action services call it after their own writes. `settle` does the same and
also returns the state it planned from, so that an action that changes only what it knows (one
more answer, the next card) plans again from memory instead of reading the database twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, String, cast, literal_column, null, select, union_all, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.curriculum import Course, Instrument, SurveyItem
from bot.db.models import ModuleProgress, QuizAnswer, Resident, SurveyAnswer
from bot.services import followups
from bot.services.activity import Activity
from bot.services.attitude import attitude_scores, checklist_change
from bot.services.journey_plan import (
    AdvanceStage,
    JourneyState,
    ModuleState,
    StartModule,
    Transition,
    plan,
    survey_items,
)
from bot.services.passmark import ANSWERED_RIGHT
from bot.services.stage import Stage
from bot.services.steps import ModuleResult, Step


async def find_resident(
    session: AsyncSession, telegram_id: int, *, lock: bool = False
) -> Resident | None:
    """The resident with this Telegram id, locked for update when asked."""
    query = select(Resident).where(Resident.telegram_id == telegram_id)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


@dataclass(frozen=True)
class Planned:
    """The step to show, and the state it was planned from (the transitions made)."""

    step: Step
    state: JourneyState


class Journey:
    """Loads a resident's journey state, plans their next step and applies its transitions."""

    def __init__(self, course: Course, clock: Clock, activity: Activity) -> None:
        self.course = course
        self.clock = clock
        self.activity = activity

    def survey_item(self, item_id: str) -> tuple[Instrument, SurveyItem] | None:
        """The instrument and item for an item id from either instrument."""
        return next(((i, it) for i, it in survey_items(self.course) if it.id == item_id), None)

    async def next_step(self, session: AsyncSession, resident: Resident) -> Step:
        """What the resident should see now; reads only (the transitions before it are not
        written)."""
        _, planned = await self._plan_ahead(session, resident)
        return planned.step

    async def apply_transitions(
        self, session: AsyncSession, resident: Resident, state: JourneyState | None = None
    ) -> Step:
        """Write the transitions due now (start or complete a module, pass stages with nothing
        left) and return the step the resident should see; from `state` when the caller has
        it (see `settle`), else from the database."""
        return (await self.settle(session, resident, state)).step

    async def settle(
        self, session: AsyncSession, resident: Resident, state: JourneyState | None = None
    ) -> Planned:
        """`apply_transitions`, returning the state planned from as well."""
        due, planned = await self._plan_ahead(session, resident, state)
        for transition in due:
            await self._apply(session, resident, transition)
        return planned

    def advance_stage(self, resident: Resident, to: Stage | None = None) -> None:
        """Move the resident to `to`, by default the stage after theirs; finishing is dated."""
        resident.stage = to or Stage(resident.stage).following
        if resident.stage == Stage.FINISHED:
            resident.finished_at = self.clock.now()

    async def _plan_ahead(
        self, session: AsyncSession, resident: Resident, state: JourneyState | None = None
    ) -> tuple[list[Transition], Planned]:
        """The transitions the planner asks for, in order, and the step after them."""
        due: list[Transition] = []
        if state is None:
            state = await self._state(session, resident, Stage(resident.stage))
        while True:
            outcome = plan(state, self.course)
            if not isinstance(outcome, Transition):
                return due, Planned(outcome, state)
            due.append(outcome)
            if outcome.shows is not None:
                return due, Planned(outcome.shows, state.after(outcome))
            state = (
                await self._state(session, resident, outcome.to)
                if isinstance(outcome, AdvanceStage)
                else state.after(outcome)
            )

    async def _state(self, session: AsyncSession, resident: Resident, stage: Stage) -> JourneyState:
        """What the planner needs to know in `stage`; what only other stages need is left out."""
        if stage.phase is not None:
            answered = await session.execute(
                select(
                    SurveyAnswer.phase,
                    SurveyAnswer.instrument,
                    SurveyAnswer.version,
                    SurveyAnswer.item_id,
                ).where(SurveyAnswer.resident_id == resident.id, SurveyAnswer.phase == stage.phase)
            )
            return JourneyState(
                stage,
                surveyed=frozenset(
                    (phase, inst, version, item) for phase, inst, version, item in answered
                ),
            )
        if stage not in (Stage.COURSE, Stage.FINISHED):
            return JourneyState(stage, region=resident.region)
        progress, answers = await _course_state(session, resident.id)
        if stage is Stage.COURSE:
            return JourneyState(stage, progress=progress, answers=answers)
        return JourneyState(
            stage,
            progress=progress,
            answers=answers,
            attitude=await attitude_scores(session, self.course, resident.id),
            checklist=await checklist_change(session, self.course, resident.id),
        )

    async def _apply(
        self, session: AsyncSession, resident: Resident, transition: Transition
    ) -> None:
        """The one place a planned transition is written."""
        if isinstance(transition, AdvanceStage):
            self.advance_stage(resident, transition.to)
        elif isinstance(transition, StartModule):
            self.start_module(session, resident, transition.module.id)
        else:
            await self.complete_module(session, resident, transition.shows)

    def start_module(self, session: AsyncSession, resident: Resident, module_id: str) -> None:
        """Add the resident's progress row for a module they reach, at its first card."""
        session.add(
            ModuleProgress(
                resident_id=resident.id,
                module_id=module_id,
                card_index=0,
                started_at=self.clock.now(),
            )
        )

    async def complete_module(
        self, session: AsyncSession, resident: Resident, result: ModuleResult
    ) -> None:
        """Mark a module done with its score and plan its action's follow-up."""
        now = self.clock.now()
        await session.execute(
            update(ModuleProgress)
            .where(
                ModuleProgress.resident_id == resident.id,
                ModuleProgress.module_id == result.module.id,
            )
            .values(completed_at=now, score=result.correct)
        )
        followups.plan(session, resident.id, result.module, now, self.activity.tz)


async def _course_state(
    session: AsyncSession, resident_id: int
) -> tuple[dict[str, ModuleState], dict[str, bool]]:
    """The modules started (by id) and question id -> right, in one round trip."""
    started = select(
        literal_column("'module'", String),
        ModuleProgress.module_id,
        ModuleProgress.card_index,
        ModuleProgress.completed_at.is_not(None),
    ).where(ModuleProgress.resident_id == resident_id)
    answered = select(
        literal_column("'question'", String),
        QuizAnswer.question_id,
        cast(null(), Integer),
        ANSWERED_RIGHT,
    ).where(QuizAnswer.resident_id == resident_id)
    progress: dict[str, ModuleState] = {}
    answers: dict[str, bool] = {}
    for kind, key, card_index, flag in await session.execute(union_all(started, answered)):
        if kind == "module":
            progress[key] = ModuleState(card_index, bool(flag))
        else:
            answers[key] = bool(flag)
    return progress, answers
