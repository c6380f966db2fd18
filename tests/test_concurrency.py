"""Many residents at once, each chat in order: updates arrive on `update_queue` as polling
delivers them and go through the update processor, while the Bot API double makes every call
wait a round trip (so without per-chat order the updates of one chat would overlap)."""

from __future__ import annotations

import asyncio
import logging

import pytest
from sqlalchemy import select, text
from telegram import Update

from bot.db.checkpoints import EVERY
from bot.db.models import ModuleProgress, QuizAnswer, Resident
from bot.processor import Handled
from tests.flows import finish_module, module_one_steps, onboard
from tests.harness import ADMIN_ID, BotHarness

ROUND_TRIP = 0.005  # seconds; only makes calls overlap, nothing here measures time
SORRY = "Maaf, ada gangguan"
STEPS = module_one_steps()  # module 1's cards, the action last


def first_button(user) -> str:
    return user.last_with_buttons()["reply_markup"]["inline_keyboard"][0][0]["callback_data"]


def texts(bot: BotHarness, chat_id: int) -> list[str]:
    return [c.text or "" for c in bot.api.sent_to(chat_id)]


async def progress(bot: BotHarness, telegram_id: int) -> list[ModuleProgress]:
    async with bot.db.transaction() as session:
        return list(
            await session.scalars(
                select(ModuleProgress)
                .join(Resident, Resident.id == ModuleProgress.resident_id)
                .where(Resident.telegram_id == telegram_id)
            )
        )


async def test_two_residents_interleaved_each_get_their_own_next_step(bot):
    bot.api.delay = ROUND_TRIP
    sari, budi = bot.queued_user(2101, "Sari"), bot.queued_user(2102, "Budi")
    await asyncio.gather(onboard(sari), onboard(budi))
    await asyncio.gather(finish_module(sari), finish_module(budi))
    for user in (sari, budi):
        (module,) = await progress(bot, user.user_id)
        assert module.completed_at is not None and module.card_index == STEPS
        assert not any(SORRY in text or "pesan lama" in text for text in texts(bot, user.user_id))
        assert await bot.count(QuizAnswer, QuizAnswer.resident_id == module.resident_id) > 0


async def test_five_rapid_taps_of_one_resident_are_handled_in_order(bot):
    sari = bot.queued_user(2201)
    await onboard(sari)
    first_card = sari.last_with_buttons()
    module_id = "m01-risiko-jakarta"
    bot.api.delay = ROUND_TRIP
    taps = [sari.press_update(f"1:nx:{module_id}:{i}", first_card["message_id"]) for i in range(5)]
    before = len(bot.api.calls)
    assert await bot.arrive(*taps) == [Handled.DONE] * 5
    (module,) = await progress(bot, 2201)
    assert module.card_index == 5
    answers = [c for c in bot.api.calls[before:] if c.method == "answerCallbackQuery"]
    assert len(answers) == 5 and not any(c.params.get("text") for c in answers)
    cards = [c.text for c in bot.api.calls[before:] if c.method == "sendMessage"]
    assert len(cards) == 5
    assert [card.split("</b>")[0].rsplit(" ", 1)[-1] for card in cards] == [
        f"{n}/{STEPS}" for n in range(2, 7)
    ]


async def test_a_double_tap_on_a_quiz_option_is_answered_once(bot):
    sari = bot.queued_user(2301)
    await onboard(sari)
    while ":nx:" in (data := first_button(sari)):
        await sari.press(data, sari.last_with_buttons()["message_id"])
    question = sari.last_with_buttons()
    data = question["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    bot.api.delay = ROUND_TRIP
    before = len(bot.api.calls)
    await bot.arrive(
        sari.press_update(data, question["message_id"]),
        sari.press_update(data, question["message_id"]),
    )
    async with bot.db.transaction() as session:
        assert len(list(await session.scalars(select(QuizAnswer)))) == 1
    answers = [
        c.params.get("text") for c in bot.api.calls[before:] if c.method == "answerCallbackQuery"
    ]
    assert answers[0] in ("✅", "❌") and answers[1] == "Jawaban Anda sudah tercatat. ✅"


async def test_many_chats_at_once_lose_nothing_and_never_hit_a_locked_database(bot, caplog):
    caplog.set_level(logging.WARNING)
    bot.api.delay = 0.001
    users = [bot.queued_user(3000 + i, f"Warga{i}") for i in range(40)]
    await bot.arrive(*[u.text_update("/start") for u in users])
    await bot.arrive(
        *[
            u.press_update(
                u.last_with_buttons()["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
                u.last_with_buttons()["message_id"],
            )
            for u in users
        ]
    )
    await bot.arrive(*[u.text_update("/progres") for u in users])
    assert await bot.count(Resident) == 40
    for user in users:
        assert not any(SORRY in text for text in texts(bot, user.user_id))
        assert "Terima kasih" in " ".join(texts(bot, user.user_id))
    assert "locked" not in caplog.text and "error while handling" not in caplog.text


async def test_a_sqlite_write_holds_the_writer_lock_for_one_turn_of_the_loop(bot):
    """Many chats at once only stay fast if no write lets other tasks run while it holds
    SQLite's one-writer lock (they would all queue behind it): the whole transaction, its
    commit and the session's close included, runs without giving the event loop a turn."""
    if not bot.db.sqlite:
        pytest.skip("the one-writer lock is SQLite's")
    await onboard(bot.user(3101))
    turns = 0

    async def count_turns() -> None:
        nonlocal turns
        while True:
            turns += 1
            await asyncio.sleep(0)

    ticker = asyncio.create_task(count_turns())
    await asyncio.sleep(0)
    before = turns
    async with bot.db.transaction() as session:
        resident = await session.scalar(select(Resident).where(Resident.telegram_id == 3101))
        assert resident is not None
        resident.locale = "en"
    during = turns - before
    ticker.cancel()
    assert during == 0
    assert (await bot.resident(3101)).locale == "en"


async def test_sqlite_checkpoints_run_off_the_event_loop(bot):
    """Commits in the loop's thread never copy the WAL into the database (a sync to disk); a
    worker thread does, every few hundred commits, and nothing written is lost by it."""
    if not bot.db.sqlite:
        pytest.skip("the write-ahead log is SQLite's")
    await onboard(bot.user(3111))
    async with bot.db.transaction() as session:
        autocheckpoint = await session.scalar(text("PRAGMA wal_autocheckpoint"))
    assert autocheckpoint == 0
    checkpoints = bot.db.checkpoints
    before = checkpoints.done
    for n in range(EVERY):
        async with bot.db.transaction() as session:
            resident = await session.scalar(select(Resident).where(Resident.telegram_id == 3111))
            resident.streak_days = n
    await checkpoints.settle()
    assert checkpoints.done > before
    assert (await bot.resident(3111)).streak_days == EVERY - 1


async def test_a_resident_is_answered_while_a_big_report_is_being_built(bot, monkeypatch):
    service = bot.app.bot_data.services.reports
    original, release = service.build, asyncio.Event()

    async def slow_build(*args, **kwargs):
        await release.wait()  # the report is "being built" until the test says so
        return await original(*args, **kwargs)

    monkeypatch.setattr(service, "build", slow_build)
    admin = bot.user(ADMIN_ID, first_name="Admin")
    await admin.send("/laporan")
    await admin.tap("Sepanjang waktu")
    tap = admin.press_update(
        admin.last_with_buttons()["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
        admin.last_with_buttons()["message_id"],
    )
    background = bot.app.bot_data.background
    processor = bot.app.update_processor
    staff_done = processor.watch(staff_update := _update(bot, tap))
    await bot.app.update_queue.put(staff_update)
    assert await staff_done is Handled.DONE
    assert background.running == 1  # the staff member's tap is answered; the report is not

    sari = bot.queued_user(2401)
    welcome_done = processor.watch(update := _update(bot, sari.text_update("/start")))
    await bot.app.update_queue.put(update)
    assert await welcome_done is Handled.DONE
    assert "Selamat datang" in texts(bot, 2401)[-1]
    assert background.running == 1
    assert not any(c.method == "sendDocument" for c in bot.api.sent_to(ADMIN_ID))

    release.set()
    await background.idle()
    assert any(c.method == "sendDocument" for c in bot.api.sent_to(ADMIN_ID))


def _update(bot: BotHarness, raw: dict) -> Update:
    return Update.de_json(raw, bot.app.bot)
