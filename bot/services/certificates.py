"""The certificate: issued once every module is passed and the course is finished, kept for
/sertifikat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

from bot.db.engine import Database
from bot.db.models import Certificate
from bot.services.journey import Journey, find_resident
from bot.services.passmark import ModuleStanding, standings

WIDTH, HEIGHT = 1600, 1000
NAVY, TEAL, SAND, INK = (16, 42, 67), (0, 128, 128), (250, 246, 238), (40, 40, 40)


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


@dataclass(frozen=True)
class CertificateText:
    """The certificate's words, already translated by the caller."""

    title: str
    awarded_to: str
    name: str
    body: str
    date: str


class CertificateService:
    """Issues certificates and draws them as PNG images."""

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
                if resident.stage != "finished" or missing:
                    return NotEarned(resident.locale, resident.stage == "finished",
                                     tuple(s for s in missing if s.completed))
                certificate = Certificate(resident_id=resident.id, modules=len(mine),
                                          issued_at=self.journey.clock.now())
                session.add(certificate)
            return CertificateView(resident.locale, resident.first_name or "",
                                   certificate.issued_at, certificate.modules,
                                   certificate.file_id)

    async def remember_file(self, telegram_id: int, file_id: str) -> None:
        """Keep Telegram's file id so the certificate can be sent again without redrawing."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id)
            certificate = await session.get(Certificate, resident.id) if resident else None
            if certificate is not None:
                certificate.file_id = file_id[:200]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _centered(draw: ImageDraw.ImageDraw, y: int, text: str, size: int,
              fill: tuple[int, int, int]) -> None:
    font = _font(size)
    while draw.textlength(text, font=font) > WIDTH - 200 and size > 20:
        size -= 4
        font = _font(size)
    draw.text(((WIDTH - draw.textlength(text, font=font)) / 2, y), text, font=font, fill=fill)


def draw_certificate(words: CertificateText) -> bytes:
    """A PNG certificate: title, the resident's first name, what they did, the date."""
    image = Image.new("RGB", (WIDTH, HEIGHT), SAND)
    draw = ImageDraw.Draw(image)
    draw.rectangle([30, 30, WIDTH - 30, HEIGHT - 30], outline=NAVY, width=12)
    draw.rectangle([60, 60, WIDTH - 60, HEIGHT - 60], outline=TEAL, width=4)
    _centered(draw, 150, words.title, 96, NAVY)
    _centered(draw, 330, words.awarded_to, 40, INK)
    _centered(draw, 410, words.name, 110, TEAL)
    _centered(draw, 600, words.body, 40, INK)
    _centered(draw, 760, words.date, 40, INK)
    _centered(draw, 860, "Warga Tangguh · Jakarta", 32, NAVY)
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
