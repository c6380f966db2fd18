"""The one CallbackQueryHandler: parse the button's data, then call the handler for its kind."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Update

from bot import callbacks
from bot.context import BotContext
from bot.handlers import (
    account,
    broadcast_schedule,
    broadcast_status,
    broadcasts,
    followups,
    lessons,
    nudges,
    onboarding,
    reports,
    review,
    survey,
)
from bot.handlers.common import answer_stale
from bot.handlers.updatelog import HANDLER, handler_name
from bot.services.steps import Outcome

logger = logging.getLogger(__name__)

ButtonHandler = Callable[[Update, BotContext, callbacks.Callback], Awaitable[None]]

# callback kind -> handler; callbacks.py defines the kinds and their arguments.
BUTTONS: dict[str, ButtonHandler] = {
    "ok": onboarding.on_consent,
    "no": onboarding.on_decline,
    "lg": onboarding.on_language,
    "rg": onboarding.on_region,
    "ds": onboarding.on_district,
    "ag": onboarding.on_age,
    "sv": survey.on_survey_answer,
    "sx": survey.on_survey_skip,
    "nx": lessons.on_next_card,
    "q": lessons.on_quiz_answer,
    "go": lessons.on_continue,
    "del": account.on_delete,
    "pg": nudges.on_slot,
    "rv": review.on_review_start,
    "rq": review.on_review_answer,
    "fu": followups.on_followup,
    "bk": broadcasts.on_draft_action,
    "ba": broadcasts.on_audience_kind,
    "bg": broadcasts.on_audience,
    "bd": broadcasts.on_district,
    "bq": broadcast_schedule.on_quiet_confirmed,
    "bc": broadcast_status.on_cancel,
    "bx": broadcast_status.on_cancel_confirmed,
    "rp": reports.on_period,
    "ra": reports.on_region,
    "rk": reports.on_district,
}


async def on_button(update: Update, context: BotContext) -> None:
    """Dispatch a button press; a forged or outdated one gets a friendly answer."""
    try:
        cb = callbacks.parse(update.callback_query.data)
    except callbacks.InvalidCallback as exc:
        logger.info("rejected callback data: %s", exc)
        locale = await context.services.onboarding.saved_locale(update.effective_user.id)
        await answer_stale(update, context,
                           Outcome(locale or context.settings.default_locale, stale="forged"))
        return
    handler = BUTTONS[cb.kind]
    HANDLER.set(handler_name(handler))
    await handler(update, context, cb)
