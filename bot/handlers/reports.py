"""/laporan: staff pick a period and an area, then get the summary, the workbook and the charts."""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TypeVar

from telegram import Chat, InputFile, InputMediaPhoto, Message, Update
from telegram.constants import ChatAction
from telegram.ext import filters

from bot import callbacks
from bot.context import BotContext
from bot.db.values import Role
from bot.handlers import stray
from bot.handlers.common import chat_of, close_buttons, send_reply, t_for, telegram_locale
from bot.i18n import Translator
from bot.presentation.reports import choices, summary
from bot.presentation.reports.naming import file_name
from bot.services.emergency import looks_like_emergency
from bot.services.reports import Period, Report, ReportRequest, Scope
from bot.services.reports.period import from_token, parse_dates, token

logger = logging.getLogger(__name__)

# Text that starts like a date: what the typed-dates handler looks at (anything else is free text).
LOOKS_LIKE_DATES = re.compile(
    r"^\s*(\d{4}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{1,2}\s*[A-Za-z]{3,9}\.?(\s|$))"
)


async def _translator(update: Update, context: BotContext) -> Translator:
    saved = await context.services.onboarding.saved_locale(update.effective_user.id)
    return t_for(saved or telegram_locale(update, context))


async def _is_staff(update: Update, context: BotContext) -> bool:
    return await context.services.roles.has_role(update.effective_user.id, Role.STAFF)


# Text typed at an open period prompt is read as dates; after PROMPT_OPEN (or once a period is
# chosen) it is free text again. Kept per application, in memory: a restart closes the prompts.
PROMPT_OPEN = timedelta(minutes=15)


class OpenPrompts(filters.MessageFilter):
    """Staff shown the period prompt, and when: a filter on their next text."""

    def __init__(self) -> None:
        super().__init__(name="OpenPrompts")
        self.shown: dict[int, datetime] = {}

    def filter(self, message: Message) -> bool:
        return message.from_user is not None and message.from_user.id in self.shown


def _prompts(context: BotContext) -> OpenPrompts:
    return context.bot_data.report_prompts


def _prompt_open(update: Update, context: BotContext) -> bool:
    shown = _prompts(context).shown.get(update.effective_user.id)
    return shown is not None and context.services.clock.now() - shown < PROMPT_OPEN


def _close_prompt(update: Update, context: BotContext) -> None:
    _prompts(context).shown.pop(update.effective_user.id, None)


async def laporan(update: Update, context: BotContext) -> None:
    """/laporan [first day] [last day]: staff choose a period (or type dates), then an area."""
    t = await _translator(update, context)
    if not await _is_staff(update, context):
        await update.effective_chat.send_message(choices.refusal(t))
        return
    if context.args:
        period = parse_dates(" ".join(context.args), context.services.reports.today())
        if period is None:
            await update.effective_chat.send_message(choices.dates_help(t))
            return
        reply = choices.area_choice(t, context.services.course.regions, period)
    else:
        reply = choices.period_choice(t)
        _prompts(context).shown[update.effective_user.id] = context.services.clock.now()
    await send_reply(update, reply)


async def on_dates(update: Update, context: BotContext) -> None:
    """Dates typed by staff (anything typed at an open period prompt counts); from anyone
    else, and anything that may be an emergency, it is ordinary free text."""
    text = update.effective_message.text or ""  # the filter lets only text through
    prompt = _prompt_open(update, context)
    if (
        not (prompt or LOOKS_LIKE_DATES.match(text))
        or looks_like_emergency(text)
        or not await _is_staff(update, context)
    ):
        await stray.on_stray(update, context)
        return
    t = await _translator(update, context)
    period = parse_dates(text, context.services.reports.today())
    if period is None:
        await update.effective_chat.send_message(
            choices.prompt_help(t) if prompt else choices.dates_help(t)
        )
        return
    _close_prompt(update, context)
    await send_reply(update, choices.area_choice(t, context.services.course.regions, period))


async def _button_period(
    update: Update, context: BotContext, value: str
) -> tuple[Translator, Period] | None:
    """The checks every report button shares: staff, and a period this bot made."""
    t = await _translator(update, context)
    query = update.callback_query
    if not await _is_staff(update, context):
        await query.answer(choices.refusal(t), show_alert=True)
        await close_buttons(update)
        return None
    period = from_token(value, context.services.reports.today())
    if period is None:
        await query.answer(
            t._("Sorry, I don't recognise this button. Type /laporan to start again."),
            show_alert=True,
        )
        return None
    await query.answer()
    return t, period


# The report buttons: each carries its period first.
ReportPress = TypeVar(
    "ReportPress", callbacks.ReportPeriod, callbacks.ReportRegion, callbacks.ReportDistrict
)


def _report_button(
    handler: Callable[[Update, BotContext, ReportPress, Translator, Period], Awaitable[None]],
) -> Callable[[Update, BotContext, ReportPress], Awaitable[None]]:
    """A report button's handler, called with the translator and the period once the checks
    every report button shares (`_button_period`) have passed."""

    @functools.wraps(handler)
    async def checked(update: Update, context: BotContext, cb: ReportPress) -> None:
        passed = await _button_period(update, context, cb.period)
        if passed is not None:
            await handler(update, context, cb, *passed)

    return checked


async def _area_gone(update: Update, t: Translator) -> None:
    await update.effective_chat.send_message(
        t._("That area is no longer in the list. Type /laporan to start again.")
    )


@_report_button
async def on_period(
    update: Update, context: BotContext, cb: callbacks.ReportPeriod, t: Translator, period: Period
) -> None:
    """A period button: ask for the area."""
    _close_prompt(update, context)
    reply = choices.area_choice(t, context.services.course.regions, period)
    await update.callback_query.edit_message_text(reply.text, reply_markup=reply.keyboard)


@_report_button
async def on_region(
    update: Update, context: BotContext, cb: callbacks.ReportRegion, t: Translator, period: Period
) -> None:
    """A kota button: ask for a kecamatan; "all of Jakarta" goes straight to the report."""
    region_id = cb.region
    if region_id == "-":
        await _send_report(update, context, t, period, Scope())
        return
    region = context.services.course.region(region_id)
    if region is None:
        await _area_gone(update, t)
        return
    if not region.districts:
        await _send_report(update, context, t, period, Scope(region.id))
        return
    reply = choices.district_choice(t, period, region)
    await update.callback_query.edit_message_text(reply.text, reply_markup=reply.keyboard)


@_report_button
async def on_district(
    update: Update, context: BotContext, cb: callbacks.ReportDistrict, t: Translator, period: Period
) -> None:
    """A kecamatan button (or the whole kota): the report."""
    region = context.services.course.region(cb.region)
    district = callbacks.or_none(cb.district)
    if region is None or (district is not None and region.district_name(district) is None):
        await _area_gone(update, t)
        return
    await _send_report(update, context, t, period, Scope(region.id, district))


def _files(t: Translator, report: Report) -> tuple[bytes, list]:
    """The workbook and the charts: CPU work, run in a thread so the bot keeps answering."""
    # Imported here: matplotlib and openpyxl cost ~45 MB, and only /laporan needs them.
    from bot.presentation.reports import charts, export

    return export.workbook(t, report), charts.render(t, report)


async def _send_report(
    update: Update, context: BotContext, t: Translator, period: Period, scope: Scope
) -> None:
    """Say the report is on its way; build and send it in the background (it takes seconds on a
    big database, and nobody's taps, not even this staff member's, wait for it)."""
    area = context.services.reports.scope_name(scope)
    await asyncio.gather(
        close_buttons(update, choices.preparing(t, period, area)),
        update.effective_chat.send_action(ChatAction.UPLOAD_DOCUMENT),
    )
    context.bot_data.background.start(
        _build_and_send(chat_of(update), context, t, period, scope), update
    )


async def _build_and_send(
    chat: Chat, context: BotContext, t: Translator, period: Period, scope: Scope
) -> None:
    service = context.services.reports
    report = await service.build(ReportRequest(period, scope))
    logger.info("report built for %s, %s", token(period), scope)
    for text in summary.messages(t, report):
        await chat.send_message(text)
    workbook, images = await asyncio.to_thread(_files, t, report)
    await chat.send_document(
        InputFile(workbook, filename=file_name(report)),
        caption=t._("📎 The report as a spreadsheet: one sheet per table."),
    )
    await chat.send_media_group(
        [
            InputMediaPhoto(InputFile(c.png, filename=c.name, attach=True), caption=c.caption)
            for c in images
        ]
    )
