"""A resident's progress at a glance, for /progres."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from bot.curriculum import Module
from bot.db.engine import Database
from bot.db.models import ModuleProgress, QuizAnswer
from bot.services.journey import Journey, find_resident


@dataclass(frozen=True)
class ProgressView:
    """Modules done, quiz score, the current module and the survey state."""

    locale: str
    stage: str
    modules_done: int
    module_count: int
    correct: int
    answered: int
    current: Module | None
    attitude_pre: float | None
    attitude_post: float | None
    streak: int


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
            rows = await session.execute(
                select(ModuleProgress.module_id, ModuleProgress.completed_at).where(
                    ModuleProgress.resident_id == resident.id)
            )
            done = {mid for mid, completed in rows.all() if completed is not None}
            correct, answered = (await session.execute(
                select(func.count().filter(QuizAnswer.correct), func.count()).where(
                    QuizAnswer.resident_id == resident.id)
            )).one()
            modules = self.journey.course.modules
            current = None
            if resident.stage == "course":
                current = next((m for m in modules if m.id not in done), None)
            means = await self.journey.attitude_means(session, resident.id)
            return ProgressView(
                resident.locale, resident.stage, sum(1 for m in modules if m.id in done),
                len(modules), correct or 0, answered or 0, current, means["pre"], means["post"],
                self.journey.activity.current_streak(resident),
            )
