"""Another process holds SQLite's write lock (a CLI seeding demo data, a migration): the bot waits
for it without stopping, answers everyone it can meanwhile, and gives up with the friendly
outage answer, nothing half-written, if the lock is never released."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from telegram import Update

from bot.db import sqlite_busy
from bot.db.inline_sqlite import sqlite_path
from bot.db.models import Resident
from bot.processor import Handled
from tests.harness import BotHarness

SORRY = "Maaf, ada gangguan"


@pytest.fixture(autouse=True)
def _sqlite_only(bot: BotHarness) -> None:
    if not bot.db.sqlite:
        pytest.skip("the one-writer file lock is SQLite's")


@contextmanager
def other_process_writing(bot: BotHarness) -> Iterator[sqlite3.Connection]:
    """A connection of its own (as another process has) holding the write lock until the end."""
    other = sqlite3.connect(sqlite_path(bot.db.url), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        other.rollback()
        other.close()


def told_busy(monkeypatch) -> asyncio.Event:
    """Set once the bot has been told the file is locked."""
    seen, original = asyncio.Event(), sqlite_busy.is_busy

    def is_busy(error) -> bool:
        busy = original(error)
        if busy:
            seen.set()
        return busy

    monkeypatch.setattr(sqlite_busy, "is_busy", is_busy)
    return seen


def texts(bot: BotHarness, chat_id: int) -> list[str]:
    return [c.text or "" for c in bot.api.sent_to(chat_id)]


def arrive(bot: BotHarness, raw: dict) -> asyncio.Future:
    """Put one update on the queue as polling does; the future says how it was handled."""
    update = Update.de_json(raw, bot.app.bot)
    handled = bot.app.update_processor.watch(update)
    bot.app.update_queue.put_nowait(update)
    return handled


def consent(user) -> dict:
    """Sari's tap on "Ya, mari mulai" under the welcome."""
    welcome = user.last_with_buttons()
    data = welcome["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    return user.press_update(data, welcome["message_id"])


async def test_the_bot_keeps_answering_while_another_process_holds_the_write_lock(bot, monkeypatch):
    busy = told_busy(monkeypatch)
    sari, budi = bot.queued_user(3301, "Sari"), bot.queued_user(3302, "Budi")
    await sari.send("/start")
    answered = len(texts(bot, 3301))
    with other_process_writing(bot):
        agreed = arrive(bot, consent(sari))
        await busy.wait()  # Sari's consent is waiting for the file
        emergency = arrive(bot, budi.text_update("tanggul jebol, air masuk rumah"))
        assert await emergency is Handled.DONE
        assert "112" in texts(bot, 3302)[-1]
        assert not agreed.done()
    assert await agreed is Handled.DONE
    assert await bot.count(Resident, Resident.telegram_id == 3301) == 1
    after = texts(bot, 3301)[answered:]
    assert after and not any(SORRY in text for text in after)
    assert any("Bahasa Indonesia" in str(c.buttons) for c in bot.api.sent_to(3301))


async def test_a_lock_never_released_gets_the_outage_answer_and_writes_nothing(bot, monkeypatch):
    monkeypatch.setattr(sqlite_busy, "WAIT", 0.05)
    sari = bot.queued_user(3311, "Sari")
    await sari.send("/start")
    tap = consent(sari)
    with other_process_writing(bot):
        assert await arrive(bot, tap) is Handled.DONE
        assert SORRY in texts(bot, 3311)[-1]
    assert await bot.count(Resident, Resident.telegram_id == 3311) == 0
    await sari.tap("Ya, mari mulai")  # the same button, once the file is free
    assert await bot.count(Resident, Resident.telegram_id == 3311) == 1
