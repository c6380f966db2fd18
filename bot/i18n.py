"""Translations (Babel gettext catalogs, `id` first, `en` second) and locale-aware formatting."""

from __future__ import annotations

import datetime as dt
import gettext
from datetime import datetime, timedelta
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time, format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "messages"
BABEL_LOCALES = {"id": "id_ID", "en": "en_GB"}


@cache
def _catalog(locale: str) -> gettext.GNUTranslations:
    """Compile the `.po` catalog in memory once (no binary `.mo` files in the repository)."""
    path = LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Translator:
    """Gettext and Babel formatting for one locale, in the programme's time zone."""

    def __init__(self, locale: str, tz: ZoneInfo | None = None) -> None:
        self.locale = locale if locale in BABEL_LOCALES else "id"
        self.tz = tz or ZoneInfo("Asia/Jakarta")
        self._translations = _catalog(self.locale)
        self._babel = Locale.parse(BABEL_LOCALES[self.locale])

    def _(self, message: str, **values: object) -> str:
        """Translate `message` and fill its named placeholders."""
        text = self._translations.gettext(message)
        return text.format(**values) if values else text

    def n_(self, singular: str, plural: str, count: int, **values: object) -> str:
        """Translate a message that depends on a count; `{count}` is formatted for the locale."""
        text = self._translations.ngettext(singular, plural, count)
        return text.format(count=self.number(count), **values)

    def number(self, value: float, digits: int = 0) -> str:
        """A number with the locale's separators (1.234,5 in Indonesian)."""
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self._babel)

    def date(self, moment: datetime, style: str = "long") -> str:
        """A date in Asia/Jakarta, e.g. 28 November 2026."""
        return format_date(moment.astimezone(self.tz).date(), format=style, locale=self._babel)

    def datetime(self, moment: datetime, style: str = "medium") -> str:
        """A date and time in Asia/Jakarta."""
        return format_datetime(moment, format=style, tzinfo=self.tz, locale=self._babel)

    def moment(self, moment: dt.datetime) -> str:  # `datetime` here is the method above
        """A day and time as a person writes it: `Rabu, 2 Desember 2026 pukul 09.00 WIB`."""
        local = moment.astimezone(self.tz)
        day = format_date(local.date(), format="EEEE, d MMMM y", locale=self._babel)
        clock = format_time(local.time(), format="short", locale=self._babel)
        return self._("{date} at {time} WIB", date=day, time=clock)

    def day_month(self, day: dt.date) -> str:
        """A short date as people type it: `2 Des 2026`."""
        return format_date(day, format="d MMM y", locale=self._babel)

    def duration(self, span: timedelta) -> str:
        """A duration in words, e.g. "22 detik"."""
        return format_timedelta(span, threshold=1.5, locale=self._babel)


@cache
def translator(locale: str) -> Translator:
    """The shared translator for a locale."""
    return Translator(locale)
