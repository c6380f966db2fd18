"""A resident's progress at a glance, for /progres."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from bot.curriculum import Module
from bot.db.engine import Database
from bot.db.models import QuizAnswer
from bot.services.attitude import attitude_scores
from bot.services.journey import Journey, find_resident
from bot.services.passmark import PASS_SHARE, ModuleStanding, standings
from bot.services.stage import Stage


@dataclass(frozen=True)
class ProgressView:
    """Modules done and passed, quiz score, the current module and the survey state.

    `not_passed` lists the completed modules below the pass mark; `attitude_post` is shown only
    beside a comparable `attitude_pre` (the same survey version).
    """

    locale: str
    stage: Stage
    modules_done: int
    module_count: int
    correct: int
    answered: int
    current: Module | None
    attitude_pre: float | None
    attitude_post: float | None
    streak: int
    modules_passed: int = 0
    not_passed: tuple[ModuleStanding, ...] = ()
    pass_share: float = PASS_SHARE


class ProgressService:
    """Reads progress; never changes it."""

    def __init__(self, db: Database, journey: Journey) -> None:
        self.db = db
        self.journey = journey

    async def summary(self, telegram_id: int) -> ProgressView | None:
        """The resident's progress, or None for someone who has not consented."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id)
            if resident is None:
                return None
            course = self.journey.course
            mine = await standings(session, course, resident.id)
            correct, answered = (
                await session.execute(
                    select(func.count().filter(QuizAnswer.correct), func.count()).where(
                        QuizAnswer.resident_id == resident.id
                    )
                )
            ).one()
            current = None
            if resident.stage == Stage.COURSE:
                current = next((s.module for s in mine if not s.completed), None)
            scores = await attitude_scores(session, course, resident.id)
            return ProgressView(
                resident.locale,
                Stage(resident.stage),
                sum(s.completed for s in mine),
                len(course.modules),
                correct or 0,
                answered or 0,
                current,
                scores.pre,
                scores.post if scores.paired or scores.pre is None else None,
                self.journey.activity.current_streak(resident),
                sum(s.passed for s in mine),
                tuple(s for s in mine if s.completed and not s.passed),
            )
