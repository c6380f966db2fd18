"""The attitude survey and behaviour checklist, before (pre) and after (post) the course."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from bot.db.models import SurveyAnswer
from bot.services.journey import find_resident
from bot.services.resident_service import ResidentService
from bot.services.stage import PHASES, Stage
from bot.services.steps import Outcome, SurveyFeedback


class SurveyService(ResidentService):
    """Records survey answers and lets a resident skip a survey as a whole."""

    async def answer(
        self, telegram_id: int, phase: str, item_id: str, value: int
    ) -> Outcome[SurveyFeedback]:
        """Store one answer (once) and say what comes next."""
        found = self.journey.survey_item(item_id)
        locale = self.default_locale
        try:
            async with self.db.transaction() as session:
                resident = await find_resident(session, telegram_id, lock=True)
                if resident is None:
                    return Outcome(self.default_locale, stale="consent")
                locale = resident.locale
                if phase not in PHASES or found is None:
                    return Outcome(locale, stale="changed")
                instrument, item = found
                if not instrument.scale_min <= value <= instrument.scale_max:
                    return Outcome(resident.locale, stale="forged")
                if resident.stage != Stage.survey(phase):
                    return Outcome(resident.locale, stale="old")
                now = await self.journey.activity.record_activity(session, resident, learned=True)
                session.add(
                    SurveyAnswer(
                        resident_id=resident.id,
                        instrument=instrument.id,
                        version=instrument.version,
                        phase=phase,
                        item_id=item.id,
                        value=value,
                        answered_at=now,
                    )
                )
                await session.flush()
                step = await self.journey.apply_transitions(session, resident)
                return Outcome(resident.locale, step, SurveyFeedback(instrument, item, value))
        except IntegrityError:
            return Outcome(locale, stale="answered")

    async def skip(self, telegram_id: int, phase: str) -> Outcome:
        """Skip the rest of this phase's survey and checklist."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id, lock=True)
            if resident is None:
                return Outcome(self.default_locale, stale="consent")
            if phase not in PHASES or resident.stage != Stage.survey(phase):
                return Outcome(resident.locale, stale="old")
            await self.journey.activity.record_activity(session, resident)
            self.journey.advance_stage(resident)
            return Outcome(resident.locale, await self.journey.apply_transitions(session, resident))
