"""JobQueue callbacks: they call services and send what the services return."""

from __future__ import annotations

import logging

from bot.config import Settings
from bot.context import BotApp, BotContext
from bot.outbox import nudges

logger = logging.getLogger(__name__)

NUDGE_SWEEP = "nudge-sweep"
LEDGER_CLEANUP = "ledger-cleanup"
LEDGER_CLEANUP_EVERY = 3600  # seconds
DASHBOARD_CLEANUP = "dashboard-cleanup"


async def nudge_sweep(context: BotContext) -> None:
    """Send the nudges (and action follow-ups) that are due, through the outbox."""
    await nudges.sweep(context.bot_data.outbox, context.services.nudges)


async def forget_old_updates(context: BotContext) -> None:
    """Drop webhook update ids old enough that Telegram will not deliver them again."""
    removed = await context.services.ledger.forget_old()
    if removed:
        logger.info("update ledger: %d old ids removed", removed)


async def forget_expired_sign_ins(context: BotContext) -> None:
    """Drop dashboard sign-in links and sessions a day past their end."""
    removed = await context.services.dashboard.forget_expired()
    if removed:
        logger.info("dashboard: %d expired links and sessions removed", removed)


def schedule(app: BotApp, settings: Settings) -> None:
    """The repeating jobs, once: the cleanups always, the nudge sweep unless it is off."""
    queue = app.job_queue
    assert queue is not None  # python-telegram-bot[job-queue] is a dependency
    if not queue.get_jobs_by_name(LEDGER_CLEANUP):
        queue.run_repeating(
            forget_old_updates, interval=LEDGER_CLEANUP_EVERY, first=60, name=LEDGER_CLEANUP
        )
        queue.run_repeating(
            forget_expired_sign_ins,
            interval=LEDGER_CLEANUP_EVERY,
            first=120,
            name=DASHBOARD_CLEANUP,
        )
    interval = settings.nudge_sweep_seconds
    if interval > 0 and not queue.get_jobs_by_name(NUDGE_SWEEP):
        queue.run_repeating(nudge_sweep, interval=interval, first=interval, name=NUDGE_SWEEP)
