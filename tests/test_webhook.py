"""Webhook mode: the secret token, the health check, and several processes behind one proxy
handling each update once (Telegram redelivers)."""

from __future__ import annotations

import httpx
from pydantic import SecretStr
from starlette.applications import Starlette

from bot.webhook import SECRET_HEADER, webhook_routes
from tests.harness import BotHarness

SECRET = "s3cret-token_for-tests"


def client(bot: BotHarness) -> httpx.AsyncClient:
    settings = bot.settings.model_copy(update={"webhook_secret": SecretStr(SECRET),
                                               "webhook_url": "https://bot.example"})
    asgi = Starlette(routes=webhook_routes(bot.app, settings))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://bot")


def start_update(update_id: int, user_id: int) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        "chat": {"id": user_id, "type": "private"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Sari", "language_code": "id"}}}


async def test_requests_without_the_secret_token_get_403_and_do_nothing(bot, caplog):
    async with client(bot) as http:
        for headers in ({}, {SECRET_HEADER: "wrong"}):
            response = await http.post("/telegram", json=start_update(1, 1401), headers=headers)
            assert response.status_code == 403
        assert bot.api.sent_to(1401) == []
        assert "without the right secret token" in caplog.text
        ok = await http.post("/telegram", json=start_update(2, 1401),
                             headers={SECRET_HEADER: SECRET})
        assert ok.status_code == 200
        assert "Selamat datang" in bot.api.sent_to(1401)[-1].text
        bad = await http.post("/telegram", content=b"not json", headers={SECRET_HEADER: SECRET})
        assert bad.status_code == 400


async def test_healthz_reports_the_database(bot, monkeypatch):
    async with client(bot) as http:
        assert (await http.get("/healthz")).json() == {"status": "ok"}
        db = bot.app.bot_data["services"].db

        def down(*args, **kwargs):
            raise ConnectionRefusedError("database is down")

        monkeypatch.setattr(db.sessions, "begin", down)
        response = await http.get("/healthz")
        assert response.status_code == 503


async def test_two_processes_handle_a_redelivered_update_once(database_url):
    first, second = BotHarness(database_url), BotHarness(database_url)
    second.api = first.api
    await first.start()
    await second.start()
    try:
        async with client(first) as a, client(second) as b:
            headers = {SECRET_HEADER: SECRET}
            update = start_update(77, 1402)
            assert (await a.post("/telegram", json=update, headers=headers)).status_code == 200
            assert (await b.post("/telegram", json=update, headers=headers)).status_code == 200
            assert (await a.post("/telegram", json=update, headers=headers)).status_code == 200
        welcomes = [c for c in first.api.sent_to(1402) if "Selamat datang" in (c.text or "")]
        assert len(welcomes) == 1
    finally:
        await first.close()
        await second.close()
