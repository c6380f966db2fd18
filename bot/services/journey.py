"""The resident's path through the programme: onboarding, pre survey, modules, post survey.

`Journey.next_step` reads the resident's stored state and says what to show next. It is the one
place that knows the order of the stages; the action services move a resident along and then ask it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.curriculum import Course, Instrument, Module, SurveyItem
from bot.db.models import ModuleProgress, Resident, SurveyAnswer
from bot.services import followups
from bot.services.activity import Activity
from bot.services.attitude import attitude_scores, checklist_change
from bot.services.passmark import pass_mark, right_answers, standings
from bot.services.steps import (
    AskAge,
    AskDistrict,
    AskLanguage,
    AskRegion,
    CardStep,
    CourseComplete,
    ModuleResult,
    QuestionStep,
    Step,
    SurveyItemStep,
)

# 55–59 and 60+ apart, so that older residents (60+, lansia) can be seen on their own; "55p" was
# the last band before and stays readable in stored profiles
AGE_BANDS = ("u18", "18-24", "25-34", "35-44", "45-54", "55-59", "60p")
PHASES = ("pre", "post")
# The stage that follows each stage when it is done or skipped.
NEXT_STAGE = {
    "language": "region",
    "region": "district",
    "district": "age",
    "age": "survey_pre",
    "survey_pre": "course",
    "course": "survey_post",
    "survey_post": "finished",
}


async def find_resident(session: AsyncSession, telegram_id: int, *, lock: bool = False
                        ) -> Resident | None:
    """The resident with this Telegram id, locked for update when asked."""
    query = select(Resident).where(Resident.telegram_id == telegram_id)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


class Journey:
    """Computes a resident's next step from the database and the course content."""

    def __init__(self, course: Course, clock: Clock, activity: Activity) -> None:
        self.course = course
        self.clock = clock
        self.activity = activity

    def survey_items(self) -> list[tuple[Instrument, SurveyItem]]:
        """Attitude items then checklist items, in the order residents answer them."""
        return [(inst, item) for inst in (self.course.attitude, self.course.checklist)
                for item in inst.items]

    def survey_item(self, item_id: str) -> tuple[Instrument, SurveyItem] | None:
        """The instrument and item for an item id from either instrument."""
        return next(((i, it) for i, it in self.survey_items() if it.id == item_id), None)

    async def next_step(self, session: AsyncSession, resident: Resident) -> Step:
        """What the resident should see now; moves past stages that have nothing left."""
        while True:
            step = await self._step_for_stage(session, resident)
            if step is not None:
                return step
            self.advance(resident)

    def advance(self, resident: Resident) -> None:
        """Move the resident to the stage after the current one."""
        resident.stage = NEXT_STAGE[resident.stage]
        if resident.stage == "finished":
            resident.finished_at = self.clock.now()

    async def _step_for_stage(self, session: AsyncSession, resident: Resident) -> Step | None:
        stage = resident.stage
        if stage == "language":
            return AskLanguage()
        if stage == "region":
            return AskRegion(self.course.regions)
        if stage == "district":
            region = self.course.region(resident.region or "")
            return AskDistrict(region) if region and region.districts else None
        if stage == "age":
            return AskAge(AGE_BANDS)
        if stage in ("survey_pre", "survey_post"):
            return await self._survey_step(session, resident, stage.removeprefix("survey_"))
        if stage == "course":
            return await self._course_step(session, resident)
        return await self._complete(session, resident)

    async def _survey_step(self, session: AsyncSession, resident: Resident, phase: str
                           ) -> SurveyItemStep | None:
        rows = await session.execute(
            select(SurveyAnswer.instrument, SurveyAnswer.version, SurveyAnswer.item_id).where(
                SurveyAnswer.resident_id == resident.id, SurveyAnswer.phase == phase
            )
        )
        answered = set(rows.all())
        items = self.survey_items()
        for number, (inst, item) in enumerate(items, start=1):
            if (inst.id, inst.version, item.id) not in answered:
                first = inst.items[0].id == item.id
                return SurveyItemStep(phase, inst, item, number, len(items), first)
        return None

    async def _course_step(self, session: AsyncSession, resident: Resident) -> Step | None:
        rows = await session.execute(
            select(ModuleProgress).where(ModuleProgress.resident_id == resident.id)
            .execution_options(populate_existing=True)
        )
        progress = {p.module_id: p for p in rows.scalars()}
        module = next(
            (m for m in self.course.modules
             if m.id not in progress or progress[m.id].completed_at is None),
            None,
        )
        if module is None:
            return None
        current = progress.get(module.id)
        if current is None:
            current = ModuleProgress(
                resident_id=resident.id, module_id=module.id, card_index=0,
                started_at=self.clock.now(),
            )
            session.add(current)
        count = len(self.course.modules)
        if current.card_index < len(module.cards):
            return CardStep(module, count, module.cards[current.card_index], current.card_index)
        answered = await right_answers(session, resident.id, module.id)
        for index, question in enumerate(module.questions):
            if question.id not in answered:
                return QuestionStep(module, question, index)
        return self.complete_module(session, current, module, answered)

    def complete_module(self, session: AsyncSession, progress: ModuleProgress, module: Module,
                        answered: dict[str, bool]) -> ModuleResult:
        """Mark a module done with its score, plan its action's follow-up, and say how it went
        against the pass mark and which module follows."""
        asked = [q.id for q in module.questions]
        correct = sum(1 for qid in asked if answered.get(qid))
        progress.completed_at = self.clock.now()
        progress.score = correct
        followups.plan(session, progress.resident_id, module, progress.completed_at,
                       self.activity.tz)
        following = self.course.modules[module.number:]
        return ModuleResult(module, correct, len(asked), following[0] if following else None,
                            pass_mark(len(asked)))

    async def _complete(self, session: AsyncSession, resident: Resident) -> CourseComplete:
        scores = await attitude_scores(session, self.course, resident.id)
        mine = await standings(session, self.course, resident.id)
        attitude = self.course.attitude
        return CourseComplete(sum(s.completed for s in mine), scores.pre, scores.post,
                              attitude.scale_min, attitude.scale_max, scores.paired,
                              tuple(s for s in mine if not s.passed),
                              await checklist_change(session, self.course, resident.id))

    async def touch(self, session: AsyncSession, resident: Resident, *, learned: bool = False
                    ) -> datetime:
        """Record activity now (see Activity.seen) and return the time."""
        return await self.activity.seen(session, resident, learned=learned)
