"""Re-reading a module already finished: its cards again, without touching progress."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.curriculum import Module
from bot.db.models import ModuleProgress
from bot.services.journey import find_resident
from bot.services.resident_service import ResidentService


@dataclass(frozen=True)
class Rereading:
    """What /modul N answers: the module (when finished), or why not; the finished numbers."""

    locale: str
    module: Module | None
    finished: tuple[int, ...]
    started: bool = True


class RereadingService(ResidentService):
    """/modul N: a finished module's cards, read again."""

    async def module(self, telegram_id: int, number: int | None) -> Rereading:
        """Module `number` if the resident finished it (None: just the finished ones)."""
        course = self.journey.course
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id)
            if resident is None:
                return Rereading(self.default_locale, None, (), started=False)
            locale = resident.locale
            done = set(
                (
                    await session.execute(
                        select(ModuleProgress.module_id).where(
                            ModuleProgress.resident_id == resident.id,
                            ModuleProgress.completed_at.is_not(None),
                        )
                    )
                ).scalars()
            )
        finished = tuple(m.number for m in course.modules if m.id in done)
        chosen = next((m for m in course.modules if m.number == number), None)
        return Rereading(locale, chosen if number in finished else None, finished)
