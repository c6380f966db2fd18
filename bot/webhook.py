"""Webhook mode: Telegram posts updates to us; several processes may run behind one proxy.

Requests must carry the secret token (X-Telegram-Bot-Api-Secret-Token); others get 403 and are
logged. An update goes through the same processor as in polling mode (on `update_queue`: many
chats at once, each chat in order), and the request is answered once it was handled, so Telegram
redelivers what a dying process never finished. The shared ledger makes that exactly once: a
claim with a lease before handling, marked done after (see `bot.services.ledger`). A delivery of
an update another delivery is handling right now gets 503, so Telegram tries it again later.

If the database is down, the update is handled anyway, as in polling mode: the handlers fail and
the resident gets the friendly "try again in a moment". The answer is then 200: the resident has
been told, so a redelivery later would only act on a tap they have since repeated. `/healthz`
says 503 meanwhile, so a load balancer can route around the process.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.app import running
from bot.config import Settings
from bot.context import BotApp
from bot.dashboard.routes import mount
from bot.processor import ChatOrderedProcessor, Handled
from bot.services.ledger import Claim

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


async def deliver(app: Application, update: Update) -> Handled:
    """Hand the update to the processor, as polling does, and wait until it has been handled."""
    processor = app.update_processor
    assert isinstance(processor, ChatOrderedProcessor)  # build_application sets it
    handled = processor.watch(update)
    await app.update_queue.put(update)
    return await handled


async def _settle(ledger, update_id: int, handled: Handled) -> None:
    """Mark the update done, or give the claim back if the bot stopped before handling it."""
    try:
        if handled is Handled.CANCELLED:
            await ledger.release(update_id)
        else:
            await ledger.done(update_id)
    except (DBAPIError, OSError) as exc:  # the claim lapses; Telegram has its answer anyway
        logger.warning(
            "could not settle update %s in the ledger (%s)", update_id, type(exc).__name__
        )


def webhook_routes(app: BotApp, settings: Settings) -> list[Route]:
    """The webhook endpoint and the health check, for a running Application."""
    services = app.bot_data.services
    ledger = services.ledger
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    lease = timedelta(seconds=settings.webhook_lease_seconds)

    async def telegram(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            logger.warning(
                "webhook request without the right secret token from %s",
                request.client.host if request.client else "?",
            )
            return Response(status_code=403)
        try:
            data = await request.json()
            update = Update.de_json(data, app.bot)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError):
            logger.warning("webhook request with a body that is not an update")
            return Response(status_code=400)
        try:
            claim = await ledger.claim(update.update_id, lease)
        except (DBAPIError, OSError) as exc:
            logger.warning(
                "update ledger unavailable (%s); handling as polling would", type(exc).__name__
            )
            claim = None
        if claim is Claim.DONE:
            logger.info("update %s was already handled; skipped", update.update_id)
            return Response(status_code=200)
        if claim is Claim.BUSY:
            logger.info("update %s is being handled by another delivery", update.update_id)
            return Response(status_code=503)
        handled = await deliver(app, update)
        if claim is Claim.MINE:
            await _settle(ledger, update.update_id, handled)
        return Response(status_code=503 if handled is Handled.CANCELLED else 200)

    async def healthz(request: Request) -> Response:
        try:
            async with services.db.transaction() as session:
                await session.execute(text("SELECT 1"))
        except Exception as exc:  # any failure to reach the database is "unhealthy"
            logger.warning("health check: database unavailable (%s)", type(exc).__name__)
            return JSONResponse({"status": "database unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    return [
        Route(settings.webhook_path, telegram, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
    ]


def webhook_app(app: BotApp, settings: Settings) -> Starlette:
    """A Starlette app that starts the bot, registers the webhook and stops gracefully."""
    url, secret = settings.webhook_url, settings.webhook_secret
    if url is None or secret is None:  # Settings refuses webhook mode without them
        raise ValueError("webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET")

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with running(app):  # the update in hand finishes inside its request first
            await app.bot.set_webhook(
                url=f"{url.rstrip('/')}{settings.webhook_path}",
                secret_token=secret.get_secret_value(),
                allowed_updates=ALLOWED_UPDATES,
            )
            logger.info(
                "webhook mode: listening on %s:%s%s",
                settings.webhook_listen,
                settings.webhook_port,
                settings.webhook_path,
            )
            yield

    return Starlette(
        routes=[
            *webhook_routes(app, settings),
            *mount(app.bot_data.services, settings, app.bot_data.dashboard_worker),
        ],
        lifespan=lifespan,
    )


def run_webhook(app: BotApp, settings: Settings) -> None:
    """Serve the webhook with uvicorn until SIGTERM/SIGINT, then shut down gracefully."""
    import uvicorn

    uvicorn.run(
        webhook_app(app, settings),
        host=settings.webhook_listen,
        port=settings.webhook_port,
        log_level="warning",
        timeout_graceful_shutdown=30,
        proxy_headers=True,
    )
