"""How /laporan asks: the period and area buttons, and the help for dates typed wrongly."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup

from bot.callbacks import NONE, ReportDistrict, ReportPeriod, ReportRegion
from bot.curriculum import Region
from bot.i18n import Translator
from bot.presentation.keyboards import Reply, button, rows
from bot.presentation.reports import fmt
from bot.services.reports import Period
from bot.services.reports.period import token


def refusal(t: Translator) -> str:
    """Reports are for staff."""
    return t._("Sorry, reports are for staff only.")


def dates_help(t: Translator) -> str:
    """Typed dates that could not be read."""
    return t._(
        "I couldn't read those dates. Type the first and last day, for example "
        "<code>2026-11-01 2026-11-30</code> or <code>1/11/2026 - 30/11/2026</code>."
    )


def prompt_help(t: Translator) -> str:
    """Text at the period prompt that is not dates: how to type them, or tap a button."""
    return "\n".join(
        [
            t._(
                "📅 I couldn't read that as a period. Tap a button above, or type the first and "
                "last day, for example:"
            ),
            "• <code>2026-11-01 2026-11-30</code>",
            "• <code>1/11/2026 - 30/11/2026</code>",
            t._("• <code>1 Nov - 30 Nov 2026</code>"),
        ]
    )


def period_choice(t: Translator) -> Reply:
    """The period buttons, with a hint that dates can be typed."""
    text = "\n\n".join(
        [
            t._("📊 <b>Report</b>: which period?"),
            t._("Or type the first and last day, for example <code>2026-11-01 2026-11-30</code>."),
        ]
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(t._("Last 7 days"), ReportPeriod("7d")),
                button(t._("Last 30 days"), ReportPeriod("30d")),
            ],
            [button(t._("All time"), ReportPeriod("all"))],
        ]
    )
    return Reply(text, keyboard)


def area_choice(t: Translator, regions: tuple[Region, ...], period: Period) -> Reply:
    """All of Jakarta or one kota."""
    code = token(period)
    buttons = [button(r.name, ReportRegion(code, r.id)) for r in regions]
    text = t._("📊 Report for {period}. Which area?", period=escape(fmt.period(t, period)))
    everywhere = button(t._("All of Jakarta"), ReportRegion(code, NONE))
    return Reply(text, InlineKeyboardMarkup([[everywhere], *rows(buttons, 2)]))


def district_choice(t: Translator, period: Period, region: Region) -> Reply:
    """The whole kota or one of its kecamatan."""
    code = token(period)
    buttons = [
        button(name, ReportDistrict(code, region.id, district))
        for district, name in region.districts
    ]
    text = t._(
        "📊 Report for {period}, {region}. One kecamatan?",
        period=escape(fmt.period(t, period)),
        region=escape(region.name),
    )
    whole = button(
        t._("All of {region}", region=region.name), ReportDistrict(code, region.id, NONE)
    )
    return Reply(text, InlineKeyboardMarkup([[whole], *rows(buttons, 2)]))


def preparing(t: Translator, period: Period, area: str | None) -> str:
    """The report is on its way."""
    return t._(
        "⏳ Preparing the report: {period} · {area}…",
        period=escape(fmt.period(t, period)),
        area=escape(area or t._("all of Jakarta")),
    )
