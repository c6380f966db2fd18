"""The certificate: issued once every module is passed and the course is finished, kept for
/sertifikat (`presentation.certificate` draws it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.db.engine import Database
from bot.db.models import Certificate
from bot.services.journey import Journey, find_resident
from bot.services.passmark import ModuleStanding, standings
from bot.services.stage import Stage


@dataclass(frozen=True)
class CertificateView:
    """What a certificate shows, and the Telegram file id once it has been sent."""

    locale: str
    first_name: str
    issued_at: datetime
    modules: int
    file_id: str | None


@dataclass(frozen=True)
class NotEarned:
    """No certificate yet: the course is not finished, or these modules are not yet passed."""

    locale: str
    finished: bool
    not_passed: tuple[ModuleStanding, ...]


class CertificateService:
    """Issues certificates and remembers the file Telegram keeps of each."""

    def __init__(self, db: Database, journey: Journey) -> None:
        self.db = db
        self.journey = journey

    async def issue(self, telegram_id: int) -> CertificateView | NotEarned | None:
        """The resident's certificate, issued now if the course is finished and every module
        passed; what is missing otherwise; None for someone who has not consented.

        A certificate once issued stays valid (it is sent again as it was).
        """
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id, lock=True)
            if resident is None:
                return None
            certificate = await session.get(Certificate, resident.id)
            if certificate is None:
                mine = await standings(session, self.journey.course, resident.id)
                missing = tuple(s for s in mine if not s.passed)
                finished = resident.stage == Stage.FINISHED
                if not finished or missing:
                    return NotEarned(
                        resident.locale, finished, tuple(s for s in missing if s.completed)
                    )
                certificate = Certificate(
                    resident_id=resident.id, modules=len(mine), issued_at=self.journey.clock.now()
                )
                session.add(certificate)
            return CertificateView(
                resident.locale,
                resident.first_name or "",
                certificate.issued_at,
                certificate.modules,
                certificate.file_id,
            )

    async def remember_file(self, telegram_id: int, file_id: str) -> None:
        """Keep Telegram's file id so the certificate can be sent again without redrawing."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id)
            certificate = await session.get(Certificate, resident.id) if resident else None
            if certificate is not None:
                certificate.file_id = file_id[:200]
