"""Report figures as text in the reader's locale (Babel): counts, shares, scores, periods."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

from bot.i18n import BABEL_LOCALES, Translator
from bot.services.reports.model import Change, Count, Hidden, Period, Report, Value


def _babel(t: Translator) -> str:
    return BABEL_LOCALES[t.locale]


def day(t: Translator, value: date, style: str = "long") -> str:
    """A calendar day: 1 November 2026 (id: 1 November 2026, Desember…)."""
    return format_date(value, format=style, locale=_babel(t))


def count(t: Translator, value: Count | None) -> str:
    """12.345, <5 for a small group, x for a withheld figure, or – for nothing."""
    if value is None:
        return "–"
    if isinstance(value, Hidden):
        return str(value)
    return t.number(value)


def share(t: Translator, value: Value, digits: int = 1) -> str:
    """71,2%."""
    if value is None:
        return "–"
    if isinstance(value, Hidden):
        return str(value)
    return t.number(100 * value, digits) + "%"


def score(t: Translator, value: Value, digits: int = 2) -> str:
    """3,12."""
    if value is None:
        return "–"
    if isinstance(value, Hidden):
        return str(value)
    return t.number(value, digits)


def signed(t: Translator, value: Value, digits: int = 2) -> str:
    """+0,36, −0,12 or 0,00."""
    if value is None:
        return "–"
    if isinstance(value, Hidden):
        return str(value)
    if round(value, digits) == 0:  # no "−0,00": a change that rounds to nothing has no sign
        return t.number(0.0, digits)
    zeros = "0" * digits
    text = format_decimal(value, format=f"+#,##0.{zeros};-#,##0.{zeros}", locale=_babel(t))
    return text.replace("-", "−")


def period(t: Translator, p: Period) -> str:
    """How a period reads: "last 7 days (24–30 November 2026)", "all time, up to …"."""
    until = day(t, p.until)
    if p.since is None:
        return t._("all time, up to {until}", until=until)
    span = until if p.since == p.until else f"{day(t, p.since)} – {until}"
    if p.kind == "7d":
        return t._("last 7 days ({span})", span=span)
    if p.kind == "30d":
        return t._("last 30 days ({span})", span=span)
    return span


def area(t: Translator, report: Report) -> str:
    """The area a report covers."""
    return report.scope_name or t._("all of Jakarta")


def area_name(t: Translator, name: str | None) -> str:
    """A row of the area breakdown; None is residents who skipped the question."""
    return name or t._("not given")


def change_line(t: Translator, c: Change) -> str:
    """before → after, change (95% CI low to high)."""
    return t._(
        "{before} → {after}, change {change} (95% CI {low} to {high})",
        before=score(t, c.before),
        after=score(t, c.after),
        change=signed(t, c.change),
        low=signed(t, c.ci_low),
        high=signed(t, c.ci_high),
    )
