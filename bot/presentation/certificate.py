"""The certificate as people see it: the PNG image in the resident's language, its caption,
and what /sertifikat says while it is not yet earned."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

from bot.curriculum import Module
from bot.i18n import Translator, translator
from bot.presentation import passing
from bot.services.certificates import CertificateView, NotEarned

WIDTH, HEIGHT = 1600, 1000
NAVY, TEAL, SAND, INK = (16, 42, 67), (0, 128, 128), (250, 246, 238), (40, 40, 40)


@dataclass(frozen=True)
class CertificateText:
    """The certificate's words, already translated."""

    title: str
    awarded_to: str
    name: str
    body: str
    date: str


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _centered(
    draw: ImageDraw.ImageDraw, y: int, text: str, size: int, fill: tuple[int, int, int]
) -> None:
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


def certificate_png(view: CertificateView) -> bytes:
    """Draw the certificate in the resident's language."""
    t = translator(view.locale)
    words = CertificateText(
        title="Warga Tangguh",
        awarded_to=t._("This certificate is awarded to"),
        name=view.first_name or t._("a Jakarta resident"),
        body=t.n_(
            "for passing the {count} module of the Warga Tangguh course",
            "for passing all {count} modules of the Warga Tangguh course",
            view.modules,
        ),
        date=t.date(view.issued_at),
    )
    return draw_certificate(words)


def caption(t: Translator) -> str:
    """The words under the certificate photo."""
    return t._("🏅 Your Warga Tangguh certificate. Type /sertifikat to get it again at any time.")


def not_earned(t: Translator, result: NotEarned | None) -> str:
    """/sertifikat before the certificate is earned: what it needs, and what to type next."""
    lines = [
        t._(
            "Your certificate is ready once you finish all modules and the final survey, "
            "with every module passed."
        )
    ]
    if result is not None and result.not_passed:
        lines += [
            t._("Not passed yet:"),
            *passing.not_passed_lines(t, result.not_passed),
            passing.pass_rule(t),
        ]
    if result is None or not result.finished:
        lines.append(t._("Type /belajar to continue."))
    else:
        lines.append(t._("Type /ulang to answer the questions you missed again."))
    return "\n".join(lines)


def module_passed(t: Translator, module: Module) -> str:
    """A review answer passed its module."""
    return t._(
        "✅ <b>Module {number} passed!</b> {title}",
        number=module.number,
        title=escape(module.title.get(t.locale)),
    )
