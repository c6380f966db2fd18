"""Webhook mode: Telegram posts updates to us; several processes may run behind one proxy.

Requests must carry the secret token (X-Telegram-Bot-Api-Secret-Token); others get 403 and are
logged. Every update id is recorded in the shared ledger first, so an update Telegram delivers
again (to this or another process) is handled once. `/healthz` checks the database.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.app import on_shutdown, on_startup, on_stop
from bot.config import Settings
from bot.dashboard.routes import mount

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


def webhook_routes(app: Application, settings: Settings) -> list[Route]:
    """The webhook endpoint and the health check, for a running Application."""
    services = app.bot_data["services"]
    ledger = services.ledger
    secret = (settings.webhook_secret.get_secret_value() if settings.webhook_secret else "")

    async def telegram(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            logger.warning("webhook request without the right secret token from %s",
                           request.client.host if request.client else "?")
            return Response(status_code=403)
        try:
            data = await request.json()
            update = Update.de_json(data, app.bot)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError):
            logger.warning("webhook request with a body that is not an update")
            return Response(status_code=400)
        if not await ledger.first_time(update.update_id):
            logger.info("update %s was already handled; skipped", update.update_id)
            return Response(status_code=200)
        await app.process_update(update)
        return Response(status_code=200)

    async def healthz(request: Request) -> Response:
        try:
            async with services.db.transaction() as session:
                await session.execute(text("SELECT 1"))
        except Exception as exc:  # any failure to reach the database is "unhealthy"
            logger.warning("health check: database unavailable (%s)", type(exc).__name__)
            return JSONResponse({"status": "database unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    return [Route(settings.webhook_path, telegram, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"])]


def webhook_app(app: Application, settings: Settings) -> Starlette:
    """A Starlette app that starts the bot, registers the webhook and stops gracefully."""

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await app.initialize()
        await on_startup(app)
        await app.bot.set_webhook(
            url=f"{settings.webhook_url.rstrip('/')}{settings.webhook_path}",
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=ALLOWED_UPDATES)
        await app.start()
        logger.info("webhook mode: listening on %s:%s%s", settings.webhook_listen,
                    settings.webhook_port, settings.webhook_path)
        try:
            yield
        finally:  # the update in hand finishes inside its request before we get here
            await on_stop(app)
            await app.stop()
            await app.shutdown()
            await on_shutdown(app)

    return Starlette(routes=[*webhook_routes(app, settings),
                             *mount(app.bot_data["services"], settings)], lifespan=lifespan)


def run_webhook(app: Application, settings: Settings) -> None:
    """Serve the webhook with uvicorn until SIGTERM/SIGINT, then shut down gracefully."""
    import uvicorn

    uvicorn.run(webhook_app(app, settings), host=settings.webhook_listen,
                port=settings.webhook_port, log_level="warning",
                timeout_graceful_shutdown=30, proxy_headers=True)
