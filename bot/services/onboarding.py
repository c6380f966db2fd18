"""Consent, language and the optional profile (kota, kecamatan, age band)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from bot.db.models import Resident
from bot.services.journey import find_resident
from bot.services.journey_plan import AGE_BANDS
from bot.services.locale import LOCALES, locale_for
from bot.services.resident_service import ResidentService
from bot.services.schedule import DEFAULT_SLOT
from bot.services.stage import Stage
from bot.services.steps import AskConsent, Outcome

SOURCE_MAX = 48


def clean_source(payload: str | None) -> str | None:
    """A deep-link payload fit to keep as the resident's source, or None."""
    if not payload:
        return None
    kept = "".join(ch for ch in payload if ch.isascii() and (ch.isalnum() or ch in "_-"))
    return kept[:SOURCE_MAX] or None


class OnboardingService(ResidentService):
    """Moves a new resident from /start to the first lesson."""

    async def start(
        self, telegram_id: int, language_code: str | None, payload: str | None
    ) -> Outcome:
        """/start: the consent request for a newcomer, the current step for a known resident."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id, lock=True)
            if resident is None:
                locale = locale_for(None, language_code, self.default_locale)
                return Outcome(locale, AskConsent(clean_source(payload)))
            await self.journey.activity.record_activity(session, resident)
            return Outcome(resident.locale, await self.journey.apply_transitions(session, resident))

    async def saved_locale(self, telegram_id: int) -> str | None:
        """The resident's language, or None for someone the bot keeps nothing about."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id)
            return resident.locale if resident else None

    async def consent(
        self,
        telegram_id: int,
        chat_id: int,
        first_name: str | None,
        language_code: str | None,
        source: str | None,
    ) -> Outcome:
        """Create the resident (idempotent: a second tap finds the first one's row)."""
        locale = locale_for(None, language_code, self.default_locale)
        try:
            async with self.db.transaction() as session:
                resident = await find_resident(session, telegram_id, lock=True)
                if resident is not None:
                    return Outcome(resident.locale, stale="answered")
                now = self.journey.clock.now()
                resident = Resident(
                    telegram_id=telegram_id,
                    chat_id=chat_id,
                    first_name=(first_name or "")[:64],
                    locale=locale,
                    source=clean_source(source),
                    stage=Stage.LANGUAGE,
                    consented_at=now,
                    last_active_at=now,
                    nudge_slot=DEFAULT_SLOT,
                    nudges_ignored=0,
                    streak_days=0,
                    is_demo=False,
                )
                session.add(resident)
                await session.flush()
                await self.journey.activity.reschedule(session, resident, now)
                return Outcome(locale, await self.journey.apply_transitions(session, resident))
        except IntegrityError:
            return Outcome(locale, stale="answered")

    async def choose_language(self, telegram_id: int, locale: str) -> Outcome:
        """Save the language; during onboarding move on to the profile."""
        if locale not in LOCALES:
            return Outcome(self.default_locale, stale="forged")
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id, lock=True)
            if resident is None:
                return Outcome(locale, stale="consent")
            resident.locale = locale
            await self.journey.activity.record_activity(session, resident)
            if resident.stage != Stage.LANGUAGE:
                return Outcome(locale)
            self.journey.advance_stage(resident)
            return Outcome(locale, await self.journey.apply_transitions(session, resident))

    async def choose_region(self, telegram_id: int, region_id: str | None) -> Outcome:
        """Save the kota administrasi (None skips)."""
        return await self._profile_step(telegram_id, Stage.REGION, region_id)

    async def choose_district(self, telegram_id: int, district_id: str | None) -> Outcome:
        """Save the kecamatan (None skips)."""
        return await self._profile_step(telegram_id, Stage.DISTRICT, district_id)

    async def choose_age(self, telegram_id: int, band: str | None) -> Outcome:
        """Save the age band (None skips)."""
        return await self._profile_step(telegram_id, Stage.AGE, band)

    def _valid(self, resident: Resident, stage: Stage, value: str) -> bool:
        if stage is Stage.REGION:
            return self.journey.course.region(value) is not None
        if stage is Stage.DISTRICT:
            region = self.journey.course.region(resident.region or "")
            return region is not None and region.district_name(value) is not None
        return value in AGE_BANDS

    async def _profile_step(self, telegram_id: int, stage: Stage, value: str | None) -> Outcome:
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id, lock=True)
            if resident is None:
                return Outcome(self.default_locale, stale="consent")
            if resident.stage != stage:
                return Outcome(resident.locale, stale="old")
            if value is not None and not self._valid(resident, stage, value):
                return Outcome(resident.locale, stale="forged")
            setattr(resident, "age_band" if stage is Stage.AGE else stage.value, value)
            await self.journey.activity.record_activity(session, resident)
            self.journey.advance_stage(resident)
            return Outcome(resident.locale, await self.journey.apply_transitions(session, resident))
