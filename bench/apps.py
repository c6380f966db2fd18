"""The apps bench.network measures: the bot as deployed, and a bare PTB app beside it."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.app import build_application
from bot.config import Settings
from bot.double import BOT_TOKEN, DoubleRequest, FakeTelegram
from bot.processor import ChatOrderedProcessor


def bot_app(url: str, api: FakeTelegram, **overrides) -> Application:
    """The bot as deployed, on `url`; the send budget is lifted (only the network is measured)."""
    values = {
        "flood_limit": 1_000_000,
        "telegram_rate": 1_000_000,
        "broadcast_rate": 1_000_000,
        "broadcast_worker": False,
        **overrides,
    }
    settings = Settings(
        _env_file=None,
        database_url=url,
        telegram_bot_token=None,
        nudge_sweep_seconds=0,
        migrate_on_start=False,
        **values,
    )
    return build_application(settings, request=DoubleRequest(api), token=BOT_TOKEN)


def bare_app(api: FakeTelegram, calls: int) -> Application:
    """A bare PTB app, 256 updates at once, that makes `calls` sequential calls per update. It
    uses the bot's processor only to be watched: each resident has one tap in flight at a time,
    so per-chat order never holds one of its updates back."""

    async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        for _ in range(calls):
            await context.bot.send_message(update.effective_chat.id, "ok")

    app = (
        ApplicationBuilder()
        .token(BOT_TOKEN)
        .request(DoubleRequest(api))
        .get_updates_request(DoubleRequest(api))
        .concurrent_updates(ChatOrderedProcessor(256, 1_000_000))
        .build()
    )
    app.add_handler(TypeHandler(Update, reply))
    return app


class bare_running:
    """Start and stop a bare app (the bot has `bot.app.running`)."""

    def __init__(self, app: Application) -> None:
        self.app = app

    async def __aenter__(self) -> Application:
        await self.app.initialize()
        await self.app.start()
        return self.app

    async def __aexit__(self, *exc) -> None:
        await self.app.stop()
        await self.app.shutdown()
