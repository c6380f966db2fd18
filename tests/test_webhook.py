"""Webhook mode: the secret token, the health check, and several processes behind one proxy
handling each update once (Telegram redelivers)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
from pydantic import SecretStr
from starlette.applications import Starlette

from bot.db.models import ProcessedUpdate
from bot.services.ledger import Claim
from bot.webhook import SECRET_HEADER, webhook_routes
from tests.harness import BotHarness, until

SECRET = "s3cret-token_for-tests"


def client(bot: BotHarness) -> httpx.AsyncClient:
    settings = bot.settings.model_copy(
        update={"webhook_secret": SecretStr(SECRET), "webhook_url": "https://bot.example"}
    )
    asgi = Starlette(routes=webhook_routes(bot.app, settings))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://bot")


def start_update(update_id: int, user_id: int) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Sari", "language_code": "id"},
        },
    }


async def test_requests_without_the_secret_token_get_403_and_do_nothing(bot, caplog):
    async with client(bot) as http:
        for headers in ({}, {SECRET_HEADER: "wrong"}):
            response = await http.post("/telegram", json=start_update(1, 1401), headers=headers)
            assert response.status_code == 403
        assert bot.api.sent_to(1401) == []
        assert "without the right secret token" in caplog.text
        ok = await http.post(
            "/telegram", json=start_update(2, 1401), headers={SECRET_HEADER: SECRET}
        )
        assert ok.status_code == 200
        assert "Selamat datang" in bot.api.sent_to(1401)[-1].text
        bad = await http.post("/telegram", content=b"not json", headers={SECRET_HEADER: SECRET})
        assert bad.status_code == 400


async def test_healthz_reports_the_database(bot, monkeypatch):
    async with client(bot) as http:
        assert (await http.get("/healthz")).json() == {"status": "ok"}
        db = bot.app.bot_data.services.db

        def down(*args, **kwargs):
            raise ConnectionRefusedError("database is down")

        monkeypatch.setattr(db, "sessions", down)
        response = await http.get("/healthz")
        assert response.status_code == 503


@asynccontextmanager
async def two_processes(database_url: str) -> AsyncIterator[tuple[BotHarness, BotHarness]]:
    """Two bot processes on one database, answered by one Telegram."""
    first, second = BotHarness(database_url), BotHarness(database_url)
    second.api = first.api
    await first.start()
    await second.start()
    try:
        yield first, second
    finally:
        await first.close()
        await second.close()


async def test_two_processes_handle_a_redelivered_update_once(database_url):
    async with two_processes(database_url) as (first, second):
        async with client(first) as a, client(second) as b:
            headers = {SECRET_HEADER: SECRET}
            update = start_update(77, 1402)
            assert (await a.post("/telegram", json=update, headers=headers)).status_code == 200
            assert (await b.post("/telegram", json=update, headers=headers)).status_code == 200
            assert (await a.post("/telegram", json=update, headers=headers)).status_code == 200
        welcomes = [c for c in first.api.sent_to(1402) if "Selamat datang" in (c.text or "")]
        assert len(welcomes) == 1


def welcomes(bot: BotHarness, chat_id: int) -> int:
    return sum("Selamat datang" in (c.text or "") for c in bot.api.sent_to(chat_id))


async def test_a_duplicate_delivery_while_the_first_is_running_is_not_handled_twice(database_url):
    async with two_processes(database_url) as (first, second):
        async with client(first) as a, client(second) as b:
            headers = {SECRET_HEADER: SECRET}
            update = start_update(78, 1403)
            first.api.gate = asyncio.Event()  # the first delivery stops at its first Bot API call
            running = asyncio.create_task(a.post("/telegram", json=update, headers=headers))
            await until(lambda: first.api.held > 0)
            duplicate = await b.post("/telegram", json=update, headers=headers)
            assert duplicate.status_code == 503  # Telegram will deliver it again later
            first.api.gate.set()
            assert (await running).status_code == 200
            again = await b.post("/telegram", json=update, headers=headers)
            assert again.status_code == 200
        assert welcomes(first, 1403) == 1


async def test_an_update_whose_process_died_mid_update_is_handled_on_redelivery(database_url):
    dead, alive = BotHarness(database_url), BotHarness(database_url)
    alive.api = dead.api
    await dead.start()
    await alive.start()
    try:
        # The dead process claimed update 79 and never finished it (no done mark).
        assert await dead.app.bot_data.services.ledger.claim(79, timedelta(minutes=2)) is Claim.MINE
        await dead.stop()
        async with client(alive) as http:
            headers = {SECRET_HEADER: SECRET}
            update = start_update(79, 1404)
            assert (await http.post("/telegram", json=update, headers=headers)).status_code == 503
            assert welcomes(alive, 1404) == 0
            alive.clock.advance(timedelta(minutes=3))  # the dead process's lease lapses
            assert (await http.post("/telegram", json=update, headers=headers)).status_code == 200
            assert (await http.post("/telegram", json=update, headers=headers)).status_code == 200
        assert welcomes(alive, 1404) == 1
        assert (
            await alive.count(
                ProcessedUpdate,
                ProcessedUpdate.update_id == 79,
                ProcessedUpdate.done_at.is_not(None),
            )
            == 1
        )
    finally:
        await dead.close()
        await alive.close()


async def test_during_a_database_outage_the_resident_is_told_to_try_again(bot, monkeypatch):
    db = bot.app.bot_data.services.db
    real_sessions = db.sessions

    def down(*args, **kwargs):
        raise ConnectionRefusedError("database is down")

    async with client(bot) as http:
        headers = {SECRET_HEADER: SECRET}
        monkeypatch.setattr(db, "sessions", down)
        response = await http.post("/telegram", json=start_update(80, 1405), headers=headers)
        assert response.status_code == 200
        assert "Silakan coba beberapa saat lagi" in bot.api.sent_to(1405)[-1].text
        assert (await http.get("/healthz")).status_code == 503
        monkeypatch.setattr(db, "sessions", real_sessions)
        assert (await http.get("/healthz")).status_code == 200
        assert await bot.count(ProcessedUpdate) == 0  # nothing half-written
        assert await bot.resident(1405) is None
        response = await http.post("/telegram", json=start_update(81, 1405), headers=headers)
        assert response.status_code == 200 and welcomes(bot, 1405) == 1
        assert await bot.count(ProcessedUpdate, ProcessedUpdate.done_at.is_not(None)) == 1
