"""The composition root: `build_application` wires settings, content, database and handlers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram.constants import ParseMode
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest

from bot import handlers, jobs, shared_budget
from bot.background import Background
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.context import AppState, BotApp, BotContext
from bot.curriculum import Course, load_course
from bot.db import migrate
from bot.db.engine import Database
from bot.handlers.flood import FloodGuard
from bot.handlers.menu import set_menus
from bot.handlers.stray import Reprompts
from bot.handlers.updatelog import LoggedApplication
from bot.pacing import SystemTimer, Timer
from bot.processor import ChatOrderedProcessor
from bot.ratelimit import PriorityRateLimiter, SendBudget
from bot.sender import BroadcastSender
from bot.services import Services

logger = logging.getLogger(__name__)


class MissingToken(RuntimeError):
    """No TELEGRAM_BOT_TOKEN and no Bot API double to talk to."""


async def on_startup(app: BotApp) -> None:
    """Migrate the database (if configured) and set the command menus."""
    services, settings = app.bot_data.services, app.bot_data.settings
    if settings.migrate_on_start:
        await migrate.upgrade(services.db)
    await app.bot_data.sender.budget.share.start()
    await set_menus(app.bot)
    if settings.broadcast_worker:
        app.bot_data.sender.start()
    interval, job_queue = settings.nudge_sweep_seconds, app.job_queue
    assert job_queue is not None  # python-telegram-bot[job-queue] is a dependency
    if interval > 0 and not job_queue.get_jobs_by_name(jobs.NUDGE_SWEEP):
        job_queue.run_repeating(jobs.nudge_sweep, interval=interval, first=interval,
                                    name=jobs.NUDGE_SWEEP)
        job_queue.run_repeating(jobs.forget_old_updates, interval=3600, first=60,
                                    name=jobs.LEDGER_CLEANUP)
    logger.info("bot @%s ready with %d modules", app.bot.username, len(services.course.modules))


async def on_stop(app: BotApp) -> None:
    """Stop the broadcast sender (handing the bulk sending over) and finish long work."""
    await app.bot_data.sender.stop()
    await app.bot_data.sender.budget.share.stop()
    await app.bot_data.background.idle()


async def on_shutdown(app: BotApp) -> None:
    """Close the database."""
    await on_stop(app)
    await app.bot_data.services.db.close()


def build_application(settings: Settings, request: BaseRequest | None = None,
                      clock: Clock | None = None, course: Course | None = None,
                      token: str | None = None, timer: Timer | None = None,
                      bulk_sender: bool | None = None) -> BotApp:
    """The bot. `request` replaces the network (the Bot API double); content is validated here.

    `timer` paces the sending (a manual one in tests). `bulk_sender` (default: BROADCAST_WORKER)
    says whether this process may become the deployment's bulk sender."""
    course = course or load_course(settings.content_dir)
    token = token or settings.token
    if not token:
        raise MissingToken("TELEGRAM_BOT_TOKEN is not set")
    db = Database(settings.database_url, settings.max_concurrent_updates)
    timer = timer or SystemTimer()
    budget = SendBudget(settings.telegram_rate, settings.broadcast_rate,
                        settings.paid_broadcast_rate, timer=timer,
                        share=shared_budget.for_database(
                            db, timer, settings.broadcast_worker if bulk_sender is None
                            else bulk_sender))
    builder = (
        ApplicationBuilder()
        .application_class(LoggedApplication)
        .token(token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .context_types(ContextTypes(context=BotContext, bot_data=AppState))
        .post_init(on_startup)
        .post_stop(on_stop)
        .post_shutdown(on_shutdown)
        .rate_limiter(PriorityRateLimiter(budget))
        .concurrent_updates(ChatOrderedProcessor(settings.max_concurrent_updates,
                                                 settings.max_waiting_per_chat))
    )
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url)
    if settings.telegram_api_file_url:
        builder = builder.base_file_url(settings.telegram_api_file_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    # PTB's builder does not carry the context type into the JobQueue's type parameter.
    app: BotApp = builder.build()  # type: ignore[assignment]
    app.bot_data.settings = settings
    services = Services.build(settings, db, course, clock or SystemClock())
    app.bot_data.services = services
    app.bot_data.background = Background(app)
    app.bot_data.flood = FloodGuard(services.clock, settings.flood_limit)
    app.bot_data.reprompts = Reprompts(services.clock)
    app.bot_data.sender = BroadcastSender(app.bot, services, budget, settings.sending_rate)
    handlers.register(app)
    return app


@asynccontextmanager
async def running(app: BotApp) -> AsyncIterator[BotApp]:
    """Run the application without polling: what tests and the console chat use."""
    async with app:
        await on_startup(app)
        await app.start()
        try:
            yield app
        finally:
            await on_stop(app)
            await app.stop()
            await on_shutdown(app)
