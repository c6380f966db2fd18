"""`python -m bot doctor`: check config, database, migrations, content and the token, in plain
words, so whoever runs the server knows what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import text

from bot.config import Settings
from bot.curriculum import ContentError, load_course
from bot.db import migrate
from bot.db.engine import Database


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    ok: bool
    what: str
    detail: str

    def line(self) -> str:
        """The check as printed."""
        return f"{'✔' if self.ok else '✘'} {self.what}: {self.detail}"


def check_config(settings: Settings) -> list[Check]:
    """Settings that only make sense together."""
    checks = [
        Check(
            settings.token is not None,
            "token",
            "TELEGRAM_BOT_TOKEN is set"
            if settings.token
            else "TELEGRAM_BOT_TOKEN is not set: only the console chat can run",
        )
    ]
    if settings.webhook_url:
        checks.append(
            Check(
                settings.webhook_secret is not None,
                "webhook",
                "WEBHOOK_URL and WEBHOOK_SECRET are set"
                if settings.webhook_secret
                else "WEBHOOK_URL is set but WEBHOOK_SECRET is not (required)",
            )
        )
    return checks


async def check_database(settings: Settings) -> list[Check]:
    """Can we reach the database, and is it migrated to the newest revision?"""
    db = Database(settings.database_url)
    try:
        async with db.transaction() as session:
            await session.execute(text("SELECT 1"))
    except Exception as exc:  # anything that stops a connection is the finding itself
        await db.close()
        return [Check(False, "database", f"cannot connect ({type(exc).__name__}: {exc})")]
    try:
        current = await migrate.current_revision(db)
    finally:
        await db.close()
    head = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    where = settings.database_url.split("@")[-1]
    return [
        Check(True, "database", f"reachable ({where})"),
        Check(
            current == head,
            "migrations",
            f"at the newest revision ({head})"
            if current == head
            else f"at {current or 'nothing'}, newest is {head}: run python -m bot migrate",
        ),
    ]


def check_content(settings: Settings) -> list[Check]:
    """The course content is valid."""
    try:
        course = load_course(settings.content_dir)
    except ContentError as exc:
        first = exc.problems[0] if exc.problems else "unknown problem"
        return [Check(False, "content", f"{len(exc.problems)} problem(s), first: {first}")]
    return [Check(True, "content", f"valid: {len(course.modules)} modules")]


async def check_token(settings: Settings) -> list[Check]:
    """Ask Telegram (or the self-hosted Bot API server) who the token belongs to."""
    if not settings.token:
        return []
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError, TelegramError

    kwargs: dict[str, Any] = {}
    if settings.telegram_api_base_url:
        kwargs["base_url"] = settings.telegram_api_base_url
    bot = Bot(settings.token, **kwargs)
    try:
        async with bot:
            me = bot.bot
        return [Check(True, "telegram", f"the token belongs to @{me.username}")]
    except InvalidToken:
        return [Check(False, "telegram", "Telegram rejected the token: check TELEGRAM_BOT_TOKEN")]
    except NetworkError as exc:
        return [Check(False, "telegram", f"cannot reach the Bot API ({exc})")]
    except TelegramError as exc:
        return [Check(False, "telegram", f"unexpected answer from the Bot API: {exc}")]


async def diagnose(settings: Settings) -> list[Check]:
    """Every check, in order."""
    return [
        *check_config(settings),
        *await check_database(settings),
        *check_content(settings),
        *await check_token(settings),
    ]
