"""`python -m bot dashboard`: the dashboard alone, for deployments where the bot polls."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.responses import RedirectResponse
from starlette.routing import Mount, Route

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.curriculum import Course, load_course
from bot.dashboard.routes import PREFIX, dashboard_app
from bot.db import migrate
from bot.db.engine import Database
from bot.services import Services

logger = logging.getLogger(__name__)


def standalone_app(
    settings: Settings, clock: Clock | None = None, course: Course | None = None
) -> Starlette:
    """The dashboard at /dasbor with its own database pool; `/` leads there."""
    course = course or load_course(settings.content_dir)
    db = Database(settings.database_url)
    services = Services.build(settings, db, course, clock or SystemClock())
    dashboard = dashboard_app(services, settings)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if settings.migrate_on_start:  # as the bot does; safe beside it (advisory lock)
            await migrate.upgrade(db)
        try:
            yield
        finally:
            await dashboard.state.worker.close()
            await db.close()

    async def home(_request) -> RedirectResponse:
        return RedirectResponse(f"{PREFIX}/")

    return Starlette(routes=[Route("/", home), Mount(PREFIX, app=dashboard)], lifespan=lifespan)


def run(settings: Settings) -> int:
    """Serve until SIGTERM/SIGINT."""
    import uvicorn

    logger.info(
        "dashboard: listening on %s:%s%s",
        settings.dashboard_listen,
        settings.dashboard_port,
        PREFIX,
    )
    uvicorn.run(
        standalone_app(settings),
        host=settings.dashboard_listen,
        port=settings.dashboard_port,
        log_level="warning",
        proxy_headers=True,
    )
    return 0
