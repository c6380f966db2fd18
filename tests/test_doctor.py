"""`python -m bot doctor` says in plain words what is right and what is wrong."""

from __future__ import annotations

from pydantic import SecretStr

from bot.config import Settings
from bot.doctor import diagnose
from bot.double import BOT_TOKEN, FakeTelegram
from bot.double.server import serve


async def test_a_healthy_setup_passes_every_check(database_url):
    api = FakeTelegram(username="WargaTangguhBot")
    server = await serve(api)
    port = server.sockets[0].getsockname()[1]
    try:
        settings = Settings(
            _env_file=None,
            database_url=database_url,
            telegram_bot_token=BOT_TOKEN,
            telegram_api_base_url=f"http://127.0.0.1:{port}/bot",
        )
        checks = await diagnose(settings)
    finally:
        server.close()
        await server.wait_closed()
    assert all(c.ok for c in checks), [c.line() for c in checks]
    assert any("@WargaTangguhBot" in c.line() for c in checks)


async def test_problems_are_named_plainly(empty_database_url, content_copy):
    (content_copy / "survey.yaml").write_text("schema_version: 1\nitems: []\n")
    settings = Settings(
        _env_file=None,
        database_url=empty_database_url,
        content_dir=content_copy,
        webhook_url="https://bot.example",
        telegram_bot_token=None,
    )
    lines = [c.line() for c in await diagnose(settings)]
    assert "✘ token: TELEGRAM_BOT_TOKEN is not set: only the console chat can run" in lines
    assert "✘ webhook: WEBHOOK_URL is set but WEBHOOK_SECRET is not (required)" in lines
    assert any(line.startswith("✘ migrations: at nothing, newest is") for line in lines)
    assert any(line.startswith("✘ content:") and "survey.yaml" in line for line in lines)
    broken = Settings(
        _env_file=None,
        database_url="postgresql://nobody@127.0.0.1:9/none",
        webhook_secret=SecretStr("x"),
    )
    lines = [c.line() for c in await diagnose(broken)]
    assert any(line.startswith("✘ database: cannot connect") for line in lines)
