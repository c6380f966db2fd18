"""The one CallbackQueryHandler: decode the button's data, then route the press to its handler."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

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

P = TypeVar("P", bound=callbacks.Press)


@dataclass(frozen=True)
class Route(Generic[P]):
    """One kind of button press and the handler it goes to (mypy checks they agree)."""

    press: type[P]
    handler: Callable[[Update, BotContext, P], Awaitable[None]]

    async def handle(self, update: Update, context: BotContext, press: callbacks.Press) -> None:
        """Call the handler with the press, which `decode` made of this route's class."""
        assert isinstance(press, self.press)
        HANDLER.set(handler_name(self.handler))
        await self.handler(update, context, press)


# Every kind of callback data (bot/callbacks/kinds.py) and its handler: the one routing table.
ROUTES: list[Route[Any]] = [
    Route(callbacks.Consent, onboarding.on_consent),
    Route(callbacks.Decline, onboarding.on_decline),
    Route(callbacks.LanguagePick, onboarding.on_language),
    Route(callbacks.RegionPick, onboarding.on_region),
    Route(callbacks.DistrictPick, onboarding.on_district),
    Route(callbacks.AgePick, onboarding.on_age),
    Route(callbacks.SurveyPick, survey.on_survey_answer),
    Route(callbacks.SurveySkip, survey.on_survey_skip),
    Route(callbacks.NextCard, lessons.on_next_card),
    Route(callbacks.QuizPick, lessons.on_quiz_answer),
    Route(callbacks.Continue, lessons.on_continue),
    Route(callbacks.DeleteData, account.on_delete),
    Route(callbacks.NudgeSlot, nudges.on_slot),
    Route(callbacks.ReviewStart, review.on_review_start),
    Route(callbacks.ReviewPick, review.on_review_answer),
    Route(callbacks.FollowupAnswer, followups.on_followup),
    Route(callbacks.DraftAction, broadcasts.on_draft_action),
    Route(callbacks.AudienceKind, broadcasts.on_audience_kind),
    Route(callbacks.AudiencePick, broadcasts.on_audience),
    Route(callbacks.AudienceDistrict, broadcasts.on_district),
    Route(callbacks.QuietSchedule, broadcast_schedule.on_quiet_confirmed),
    Route(callbacks.CancelBroadcast, broadcast_status.on_cancel),
    Route(callbacks.CancelConfirm, broadcast_status.on_cancel_confirmed),
    Route(callbacks.ReportPeriod, reports.on_period),
    Route(callbacks.ReportRegion, reports.on_region),
    Route(callbacks.ReportDistrict, reports.on_district),
]
BY_PRESS: dict[type[callbacks.Press], Route[Any]] = {route.press: route for route in ROUTES}


async def on_button(update: Update, context: BotContext) -> None:
    """Dispatch a button press; a forged or outdated one gets a friendly answer."""
    try:
        press = callbacks.decode(update.callback_query.data)
    except callbacks.InvalidCallback as exc:
        logger.info("rejected callback data: %s", exc)
        locale = await context.services.onboarding.saved_locale(update.effective_user.id)
        await answer_stale(
            update, context, Outcome(locale or context.settings.default_locale, stale="forged")
        )
        return
    await BY_PRESS[type(press)].handle(update, context, press)
