"""Settings come from the environment and .env; .env.example documents every one."""

from __future__ import annotations

from pathlib import Path

from bot.config import DEFAULT_DATABASE_URL, Settings

ROOT = Path(__file__).parent.parent


def test_env_example_parses_and_lists_every_setting(monkeypatch):
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    settings = Settings(_env_file=ROOT / ".env.example")
    documented = {
        line.split("=", 1)[0].strip().lstrip("# ").strip()
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("# ")
    }
    assert {name.upper() for name in Settings.model_fields} <= documented
    assert settings.default_locale == "id" and settings.timezone == "Asia/Jakarta"


def test_defaults_need_nothing_but_work_offline(monkeypatch):
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    settings = Settings(_env_file=None)
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.token is None and settings.admin_ids == frozenset()


def test_admin_ids_and_database_urls_are_read_forgivingly():
    settings = Settings(
        _env_file=None,
        admin_ids="11, 22 33",
        database_url="postgresql://postgres@127.0.0.1:5432/wt",
    )
    assert settings.admin_ids == {11, 22, 33}
    assert settings.database_url == "postgresql+asyncpg://postgres@127.0.0.1:5432/wt"


def test_the_token_never_shows_in_the_settings_repr():
    settings = Settings(_env_file=None, telegram_bot_token="123:SECRET")
    assert "SECRET" not in repr(settings) and settings.token == "123:SECRET"
