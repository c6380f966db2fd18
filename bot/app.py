"""The composition root: `build_application` wires settings, content, database and handlers."""

from __future__ import annotations

import gc
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
from bot.dashboard.worker import ReportWorker
from bot.db import migrate
from bot.db.engine import Database
from bot.handlers.flood import FloodGuard
from bot.handlers.menu import set_menus
from bot.handlers.stray import Reprompts
from bot.handlers.updatelog import LoggedApplication
from bot.lifecycle import Lifecycle, Part
from bot.outbox import Outbox
from bot.outbox.broadcasts import BroadcastSender
from bot.pacing import SystemTimer, Timer
from bot.processor import ChatOrderedProcessor
from bot.ratelimit import PriorityRateLimiter, SendBudget
from bot.services import Services

logger = logging.getLogger(__name__)


class MissingToken(RuntimeError):
    """No TELEGRAM_BOT_TOKEN and no Bot API double to talk to."""


async def on_startup(app: BotApp) -> None:
    """Start the parts of the bot in order (PTB's post_init)."""
    await app.bot_data.lifecycle.start()
    logger.info(
        "bot @%s ready with %d modules", app.bot.username, len(app.bot_data.services.course.modules)
    )


async def on_shutdown(app: BotApp) -> None:
    """Stop what started, in reverse order (PTB's post_stop and post_shutdown; once)."""
    await app.bot_data.lifecycle.stop()


def parts(
    app: BotApp,
    settings: Settings,
    services: Services,
    sender: BroadcastSender,
    background: Background,
    worker: ReportWorker,
) -> list[Part]:
    """What starts, in this order, and stops in the reverse one. PTB's `app.stop()` comes
    before the stops: updates in hand are finished and the JobQueue has stopped by then."""
    budget = sender.budget

    async def database() -> None:
        if settings.migrate_on_start:
            await migrate.upgrade(services.db)

    async def broadcasts() -> None:
        if settings.broadcast_worker:
            sender.start()

    async def menus() -> None:
        await set_menus(app.bot)

    async def repeating_jobs() -> None:
        jobs.schedule(app, settings)

    return [
        Part("database", database, services.db.close),
        Part("dashboard reports", stop=worker.close),
        Part("long work of updates", stop=background.idle),
        Part("send budget (the bulk sender's lock)", budget.share.start, budget.share.stop),
        Part("command menus", menus),
        Part("broadcast sender", broadcasts, sender.stop),
        Part("heap settled", settle_heap, unsettle_heap),
        Part("jobs", repeating_jobs),
    ]


async def settle_heap() -> None:
    """What exists once the bot has started (modules, content, catalogs, handlers: most of the
    heap) lives as long as the bot: keep it out of the collector's full passes, which otherwise
    walk it all and hold every chat for tens of milliseconds each time. And collect the young
    generation every 10,000 allocations, not 700: with hundreds of updates in flight, each
    collection found them alive and moved them on to older, costlier ones (0.13 ms of CPU a tap
    at 200 taps/s, against 0.015 ms now)."""
    gc.freeze()
    gc.set_threshold(10_000, *gc.get_threshold()[1:])


async def unsettle_heap() -> None:
    """Hand the frozen heap back to the collector (tests start and stop many bots)."""
    gc.unfreeze()


def build_application(
    settings: Settings,
    request: BaseRequest | None = None,
    clock: Clock | None = None,
    course: Course | None = None,
    token: str | None = None,
    timer: Timer | None = None,
    bulk_sender: bool | None = None,
) -> BotApp:
    """The bot. `request` replaces the network (the Bot API double); content is validated here.

    `timer` paces the sending (a manual one in tests). `bulk_sender` (default: BROADCAST_WORKER)
    says whether this process may become the deployment's bulk sender."""
    course = course or load_course(settings.content_dir)
    token = token or settings.token
    if not token:
        raise MissingToken("TELEGRAM_BOT_TOKEN is not set")
    db = Database(settings.database_url, settings.max_concurrent_updates)
    timer = timer or SystemTimer()
    budget = SendBudget(
        settings.telegram_rate,
        settings.broadcast_rate,
        settings.paid_broadcast_rate,
        timer=timer,
        share=shared_budget.for_database(
            db, timer, settings.broadcast_worker if bulk_sender is None else bulk_sender
        ),
    )
    builder = (
        ApplicationBuilder()
        .application_class(LoggedApplication)
        .token(token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .context_types(ContextTypes(context=BotContext, bot_data=AppState))
        .post_init(on_startup)
        .post_stop(on_shutdown)
        .post_shutdown(on_shutdown)
        .rate_limiter(PriorityRateLimiter(budget))
        .concurrent_updates(
            ChatOrderedProcessor(settings.max_concurrent_updates, settings.max_waiting_per_chat)
        )
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
    background = app.bot_data.background = Background(app)
    app.bot_data.flood = FloodGuard(services.clock, settings.flood_limit)
    app.bot_data.reprompts = Reprompts(services.clock)
    outbox = app.bot_data.outbox = Outbox(app.bot, budget)
    sender = app.bot_data.sender = BroadcastSender(outbox, services, settings.sending_rate)
    # the dashboard served beside the webhook (bot.webhook); its thread starts on first use
    worker = app.bot_data.dashboard_worker = ReportWorker(settings, course, services.clock)
    app.bot_data.lifecycle = Lifecycle(parts(app, settings, services, sender, background, worker))
    handlers.register(app)
    return app


@asynccontextmanager
async def running(app: BotApp) -> AsyncIterator[BotApp]:
    """Run the application without polling (webhook mode, tests, the console chat): the parts
    start before the application and stop after it, as with `run_polling`."""
    async with app:
        try:
            await on_startup(app)
            await app.start()
            try:
                yield app
            finally:
                await app.stop()
        finally:
            await on_shutdown(app)
