"""The bot against a self-hosted Bot API URL: real HTTP, real long polling, the same double."""

from __future__ import annotations

import asyncio
import time

from bot.app import build_application, on_shutdown, on_startup
from bot.config import Settings
from bot.double import BOT_TOKEN, ChatUser, FakeTelegram
from bot.double.server import serve
from tests.flows import module_one_steps

STEPS = module_one_steps()  # module 1's cards, the action last


class PollingUser(ChatUser):
    """A user whose updates reach the bot through getUpdates over HTTP."""

    async def feed(self, update):
        before = len(self.api.calls)
        self.api.updates.put_nowait(update)
        deadline = time.monotonic() + 20
        quiet_since = None
        while time.monotonic() < deadline:  # wait for the bot to answer and then go quiet
            await asyncio.sleep(0.05)
            busy = not self.api.updates.empty() or len(self.api.calls) == before
            if busy:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = len(self.api.calls)
            elif quiet_since == len(self.api.calls):
                break
            else:
                quiet_since = len(self.api.calls)
        return [c for c in self.api.calls[before:] if c.chat_id in (self.chat_id, None)]


async def test_a_resident_learns_through_a_self_hosted_bot_api_server(database_url):
    api = FakeTelegram()
    server = await serve(api)
    port = server.sockets[0].getsockname()[1]
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        telegram_bot_token=BOT_TOKEN,
        telegram_api_base_url=f"http://127.0.0.1:{port}/bot",
        telegram_api_file_url=f"http://127.0.0.1:{port}/file/bot",
    )
    app = build_application(settings)
    try:
        async with app:
            await on_startup(app)
            await app.start()
            await app.updater.start_polling(poll_interval=0, timeout=1)
            user = PollingUser(app, api, 701, language_code="id")
            welcome = await user.send("/start")
            assert "Selamat datang di Warga Tangguh" in welcome[-1].text
            await user.tap("Ya, mari mulai")
            await user.tap("Bahasa Indonesia")
            await user.tap("Jakarta Timur")
            await user.tap("Cakung")
            await user.tap("Lewati")
            await user.tap("Lewati survei")
            card = await user.tap("Lanjut")
            assert f"Modul 1/12 · 2/{STEPS}" in card[-1].text
            progress = await user.send("/progres")
            assert "Modul selesai: 0 dari 12" in progress[-1].text
            await app.updater.stop()
            await app.stop()
            await on_shutdown(app)
    finally:
        server.close()
        await server.wait_closed()
    assert api.commands["default::en"]  # the command menu went over HTTP too
