"""The bot as tests use it: the real Application on a real database, through the Bot API double."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from telegram import Update

from bot import jobs
from bot.app import build_application, running
from bot.clock import ManualClock
from bot.config import Settings
from bot.context import BotContext
from bot.db.engine import Database
from bot.db.models import Resident
from bot.double import BOT_TOKEN, ChatUser, DoubleRequest, FakeTelegram
from bot.pacing import Timer
from tests.timer import ManualTimer

ADMIN_ID = 900001
# Monday 30 November 2026, 09:00 in Jakarta.
START = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


async def until(condition, bound: int = 2000) -> None:
    """Wait for `condition()` to hold, checking at most `bound` times (a state, not a time)."""
    for _ in range(bound):
        if condition():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("the condition never held")


class BotHarness:
    """Starts, stops and restarts the bot; hands out chat users; reads the database."""

    def __init__(
        self,
        database_url: str,
        content_dir: Path | None = None,
        timer: Timer | None = None,
        origin: str | None = None,
        bulk_sender: bool = True,
        **settings: object,
    ) -> None:
        overrides: dict = {
            "database_url": database_url,
            "admin_ids": str(ADMIN_ID),
            "telegram_bot_token": None,
            "nudge_sweep_seconds": 0,
            "broadcast_worker": False,
            "broadcast_rate": 1000,
            "telegram_rate": 1000,
            "flood_limit": 10_000,
        }
        if content_dir is not None:
            overrides["content_dir"] = content_dir
        overrides.update(settings)
        self.settings = Settings(_env_file=None, **overrides)
        self.api = FakeTelegram()
        self.clock = ManualClock(START)
        # Paces the sending and stamps the double's calls. A manual one by default: a nudge to
        # a chat that was just answered waits out its one-second gap without a real second.
        self.timer = timer or ManualTimer()
        self.api.clock = self.timer.now
        self.origin = origin  # names this process in the double's calls
        self.bulk_sender = bulk_sender  # may it become the bulk sender (tests drive the sender)
        self.app = None
        self._stack: AsyncExitStack | None = None
        self.db = Database(database_url)

    async def start(self) -> None:
        """Build the application through the production factory and start it."""
        self.app = build_application(
            self.settings,
            request=DoubleRequest(self.api, self.origin),
            clock=self.clock,
            token=BOT_TOKEN,
            timer=self.timer,
            bulk_sender=self.bulk_sender,
        )
        self._stack = AsyncExitStack()
        await self._stack.enter_async_context(running(self.app))

    async def stop(self) -> None:
        """Stop the application (as a shutdown or crash would)."""
        if self._stack is not None:
            await self._stack.aclose()
            self._stack = None

    async def restart(self) -> None:
        """A fresh application on the same database and the same Telegram double."""
        await self.stop()
        await self.start()

    async def close(self) -> None:
        """Stop everything and release the test's own database connections."""
        await self.stop()
        await self.db.close()

    async def sweep(self) -> list:
        """Run the nudge sweep now (as the JobQueue would); return the nudges it sent."""
        before = len(self.api.calls)
        await jobs.nudge_sweep(BotContext(self.app))
        return [c for c in self.api.calls[before:] if c.method == "sendMessage"]

    @property
    def budget(self):
        """This process's send budget (bot.ratelimit.SendBudget)."""
        return self.app.bot_data.sender.budget

    async def send_broadcasts(self) -> int:
        """Run the broadcast sender until nothing is pending (as its task would)."""
        return await self.app.bot_data.sender.drain()

    async def arrive(self, *updates: dict) -> list:
        """Updates as polling delivers them: all on `update_queue` at once, through the update
        processor; returns how each was handled, once every one of them was."""
        processor = self.app.update_processor
        waits = []
        for raw in updates:
            update = Update.de_json(raw, self.app.bot)
            waits.append(processor.watch(update))
            await self.app.update_queue.put(update)
        handled = await asyncio.gather(*waits)
        await self.app.bot_data.background.idle()
        return handled

    def user(
        self, user_id: int, first_name: str = "Sari", language_code: str | None = "id"
    ) -> ChatUser:
        """A Telegram user in a private chat with the bot."""
        return _LiveChatUser(self, user_id, first_name, language_code)

    def queued_user(self, user_id: int, first_name: str = "Sari") -> QueuedChatUser:
        """A user whose updates go through the update processor (see QueuedChatUser)."""
        return QueuedChatUser(self, user_id, first_name, "id")

    async def count(self, model, *where) -> int:
        """Rows of a table matching `where`."""
        async with self.db.transaction() as session:
            return await session.scalar(select(func.count()).select_from(model).where(*where))

    async def resident(self, telegram_id: int) -> Resident | None:
        """The stored resident, or None."""
        async with self.db.transaction() as session:
            return await session.scalar(select(Resident).where(Resident.telegram_id == telegram_id))


class _LiveChatUser(ChatUser):
    """A ChatUser that always talks to the harness's current application (across restarts)."""

    def __init__(
        self, harness: BotHarness, user_id: int, first_name: str, language_code: str | None
    ) -> None:
        super().__init__(harness.app, harness.api, user_id, first_name, language_code)
        self.harness = harness

    @property
    def app(self):
        return self.harness.app

    @app.setter
    def app(self, value) -> None:
        pass


class QueuedChatUser(_LiveChatUser):
    """A ChatUser whose updates arrive as polling delivers them: on `update_queue`, through the
    update processor, concurrently with everyone else's."""

    async def feed(self, update: dict) -> list:
        before = len(self.api.calls)
        await self.harness.arrive(update)
        return [c for c in self.api.calls[before:] if c.chat_id in (self.chat_id, None)]
