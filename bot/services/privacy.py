"""/hapusdata: delete everything the bot keeps about a resident."""

from __future__ import annotations

from sqlalchemy import delete

from bot.db.engine import Database
from bot.db.models import ActionFollowup, AuditEntry, ModuleProgress, QuizAnswer, SurveyAnswer
from bot.services.audit import record
from bot.services.journey import Journey, find_resident
from bot.services.roles import ID_SHOWN

# Every table that holds rows about one resident, children first.
RESIDENT_TABLES = (QuizAnswer, SurveyAnswer, ActionFollowup, ModuleProgress)


class PrivacyService:
    """Deletes a resident's profile, progress, answers and survey answers."""

    def __init__(self, db: Database, journey: Journey) -> None:
        self.db = db
        self.journey = journey

    async def delete(self, telegram_id: int) -> str | None:
        """Delete all of it; the resident's locale, or None when there was nothing to delete."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id, lock=True)
            if resident is None:
                return None
            locale = resident.locale
            for table in RESIDENT_TABLES:
                await session.execute(delete(table).where(table.resident_id == resident.id))
            await session.delete(resident)
            # /id requests keep the first name they were made under: they go too.
            await session.execute(
                delete(AuditEntry).where(
                    AuditEntry.action == ID_SHOWN, AuditEntry.actor_telegram_id == telegram_id
                )
            )
            # The audit entry deliberately carries no id: nothing may point back to the person.
            await record(session, self.journey.clock.now(), None, "resident_data_deleted")
            return locale
