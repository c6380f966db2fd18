"""Answers to the action follow-up buttons: Sudah / Belum / Tidak relevan."""

from __future__ import annotations

from dataclasses import dataclass

from bot.curriculum import Module
from bot.db.models import ActionFollowup
from bot.services.followups import ANSWERS
from bot.services.journey import find_resident
from bot.services.resident_service import ResidentService
from bot.services.stage import Stage
from bot.services.steps import Outcome


@dataclass(frozen=True)
class FollowupAnswered:
    """A follow-up the resident answered: the module, the answer, and whether the course goes
    on (then the reply offers the way back to the lessons)."""

    module: Module
    answer: str
    learning: bool


class FollowupService(ResidentService):
    """Answers to the follow-up buttons."""

    async def answer(
        self, telegram_id: int, module_id: str, answer: str
    ) -> Outcome[FollowupAnswered]:
        """Store the first answer to a follow-up that was asked; later taps change nothing."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id, lock=True)
            if resident is None:
                return Outcome(self.default_locale, stale="consent")
            module = self.journey.course.module(module_id)
            if module is None:
                return Outcome(resident.locale, stale="changed")
            if answer not in ANSWERS:
                return Outcome(resident.locale, stale="forged")
            row = await session.get(ActionFollowup, (resident.id, module_id), with_for_update=True)
            if row is None or row.asked_at is None:
                return Outcome(resident.locale, stale="old")
            if row.answer is not None:
                return Outcome(resident.locale, stale="answered")
            row.answer = answer
            row.answered_at = await self.journey.activity.record_activity(session, resident)
            return Outcome(
                resident.locale,
                feedback=FollowupAnswered(module, answer, resident.stage != Stage.FINISHED),
            )
