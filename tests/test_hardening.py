"""Hardening: floods, odd messages, roles for every action, Telegram or the database going away,
and /hapusdata after everything the bot can store about a resident."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from bot.db.models import (
    AuditEntry,
    Base,
    Broadcast,
    Certificate,
    Delivery,
    ModuleProgress,
    Nudge,
    QuizAnswer,
    Resident,
    ReviewItem,
)
from tests.flows import finish_module, module_one_steps, onboard
from tests.harness import ADMIN_ID, BotHarness

STEPS = module_one_steps()  # module 1's cards, the action last


# The send budget's own bookkeeping (replies per second, a 429 pause) counts what the bot sent,
# not what it keeps about anyone, and is flushed on its own schedule: it is left out.
SEND_BUDGET_TABLES = {"send_window", "send_pause"}


async def _row_counts(bot) -> dict[str, int]:
    async with bot.db.transaction() as session:
        return {
            t.name: await session.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables
            if t.name not in SEND_BUDGET_TABLES
        }


async def test_a_flooding_resident_is_slowed_down_once_and_others_are_answered(database_url):
    bot = BotHarness(database_url, flood_limit=20)
    await bot.start()
    try:
        flooder, calm = bot.user(1301), bot.user(1302)
        replies = []
        for n in range(30):  # 30 messages in about 9 seconds
            replies += await flooder.send(f"halo {n}")
            bot.clock.advance(timedelta(seconds=0.3))
            if n == 25:
                calm_reply = await calm.send("/bantuan")
        slow = [r for r in replies if r.text and "🐢" in r.text]
        assert len(slow) == 1
        assert len([r for r in replies if r.text and "Silakan jawab" in r.text]) == 1
        assert "/belajar" in calm_reply[-1].text
        bot.clock.advance(timedelta(seconds=61))  # after a pause the resident is welcome again
        assert "Silakan jawab" in (await flooder.send("halo lagi"))[0].text
    finally:
        await bot.close()


@pytest.mark.parametrize(
    "text",
    [
        "a" * 5000,
        "مرحبا، كيف حالك؟",
        "你好，请问这是什么？",
        "🙂🙂🙂",
        "ʇxǝʇ",
        "\u202eodd\u202c",
        "0" * 4096,
    ],
)
async def test_odd_messages_get_a_short_answer_and_write_nothing(bot, text):
    user = bot.user(1311)
    before = await _row_counts(bot)
    replies = await user.send(text)
    assert "Silakan jawab" in replies[0].text and "Bolehkah" in replies[-1].text
    assert await _row_counts(bot) == before


ACTIONS = {
    "/peran tambah 4242 moderator": "admin",
    "/siaran": "moderator",
    "/siaran_status": "moderator",
    "/laporan": "staff",
}
REFUSALS = (
    "hanya untuk admin",
    "hanya untuk moderator",
    "hanya untuk staf",
    "only for staff",
    "staff only",
)


@pytest.mark.parametrize("role", ["resident", "moderator", "staff", "admin"])
async def test_every_role_against_every_action(bot, role):
    admin = bot.user(ADMIN_ID)
    user_id = {"resident": 1321, "moderator": 1322, "staff": 1323, "admin": ADMIN_ID}[role]
    user = bot.user(user_id)
    await onboard(user)
    if role in ("moderator", "staff"):
        await admin.send(f"/peran tambah {user_id} {role}")
    for command, needed in ACTIONS.items():
        replies = await user.send(command)
        refused = any(any(word in (r.text or "") for word in REFUSALS) for r in replies)
        allowed = role == "admin" or role == needed
        assert refused is not allowed, (role, command, [r.text for r in replies])
    for forged in ("1:bk:1:now", "1:bc:1", "1:bg:1:all:-", "1:rp:7d"):
        replies = await user.press(forged, 1)
        if role == "resident":
            assert any(word in (r.text or "") for r in replies for word in REFUSALS), forged
    if role == "resident":
        assert await bot.count(Broadcast) == 0
        audit = await bot.count(AuditEntry, AuditEntry.actor_telegram_id == user_id)
        assert audit == 0


async def test_telegram_unreachable_mid_run_loses_nothing(bot):
    users = []
    for n in range(5):
        user = bot.user(1330 + n)
        await onboard(user)
        await user.tap("Lanjut")
        users.append(user)
    await bot.user(ADMIN_ID).send("/siaran")
    admin = bot.user(ADMIN_ID)
    await admin.send("Latihan evakuasi hari Sabtu.")
    await admin.tap("Lewati")
    await admin.tap("Semua warga")
    await admin.tap("Kirim sekarang")
    bot.api.unreachable = True
    bot.clock.advance(timedelta(hours=10))  # nudges fall due while Telegram is away
    await bot.sweep()
    await bot.send_broadcasts()
    assert await bot.count(Delivery, Delivery.status == "sent") == 0
    bot.api.unreachable = False
    bot.clock.advance(timedelta(minutes=6))
    await bot.sweep()
    await bot.send_broadcasts()
    assert await bot.count(Delivery, Delivery.status == "sent") == 5
    assert await bot.count(Nudge, Nudge.status == "sent") == 5
    assert await bot.count(Resident, Resident.nudges_ignored == 1) == 5


async def test_database_unreachable_mid_run_then_recovers(bot, monkeypatch):
    user = bot.user(1341)
    await onboard(user)
    db = bot.app.bot_data.services.db

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("database is down"))

    monkeypatch.setattr(db, "sessions", broken)
    replies = await user.tap("Lanjut")
    assert "Silakan coba beberapa saat lagi" in replies[-1].text
    emergency = await user.send("tolong banjir sekarang")
    assert "112" in emergency[0].text  # emergencies are answered without the database
    monkeypatch.undo()
    replies = await user.send("/belajar")
    assert f"Modul 1/12 · 1/{STEPS}" in replies[-1].text  # the failed tap was not half-applied
    replies = await user.tap("Lanjut")
    assert f"Modul 1/12 · 2/{STEPS}" in replies[-1].text


async def test_hapusdata_leaves_no_row_after_everything_the_bot_stores(bot):
    user = bot.user(1351, first_name="Dewi")
    await onboard(user, survey=True)
    await finish_module(user, right=False)  # review ladder and answers
    bot.clock.advance(timedelta(hours=10))
    await bot.sweep()  # a nudge
    admin = bot.user(ADMIN_ID)
    await admin.send("/siaran")
    await admin.send("Pengumuman.")
    await admin.tap("Lewati")
    await admin.tap("Semua warga")
    await admin.tap("Kirim sekarang")
    await bot.send_broadcasts()  # a delivery
    resident = await bot.resident(1351)
    async with bot.db.transaction() as session:  # and a certificate
        session.add(Certificate(resident_id=resident.id, issued_at=bot.clock.now(), modules=1))
    for model in (QuizAnswer, ReviewItem, Nudge, Delivery, ModuleProgress, Certificate):
        assert await bot.count(model, model.resident_id == resident.id) > 0, model.__name__
    await user.send("/hapusdata")
    await user.tap("Ya, hapus semua")
    async with bot.db.transaction() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                value = {
                    "resident_id": resident.id,
                    "telegram_id": 1351,
                    "chat_id": 1351,
                    "actor_telegram_id": 1351,
                    "created_by": 1351,
                    "status_chat_id": 1351,
                }.get(column.name)
                if value is None and not (table.name == "residents" and column.name == "id"):
                    continue
                value = resident.id if column.name == "id" else value
                rows = (await session.execute(select(table).where(column == value))).all()
                assert rows == [], f"{table.name}.{column.name}"


async def test_each_update_is_logged_as_one_line_without_the_message_text(bot, caplog):
    import json
    import logging

    caplog.set_level(logging.INFO, logger="bot.updates")
    user = bot.user(1361)
    await user.send("rahasia pribadi saya")
    await onboard(user)
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "bot.updates"]
    assert lines[0]["type"] == "message" and lines[0]["handler"] == "stray.on_stray"
    assert lines[0]["outcome"] == "ok" and lines[0]["ms"] >= 0
    assert {"onboarding.start", "onboarding.on_consent", "onboarding.on_language"} <= {
        line["handler"] for line in lines
    }
    assert all("rahasia" not in r.getMessage() for r in caplog.records)
    assert all("TEST-double-token" not in r.getMessage() for r in caplog.records)


def test_telegram_unreachable_at_start_is_retried_until_it_answers(database_url):
    import asyncio
    import threading
    import time

    from bot.app import build_application
    from bot.double import BOT_TOKEN, DoubleRequest

    harness = BotHarness(database_url)
    api = harness.api
    attempts = []

    class CountingRequest(DoubleRequest):
        async def do_request(self, url, method, request_data=None, **timeouts):
            attempts.append(url.rsplit("/", 1)[-1])
            return await super().do_request(url, method, request_data, **timeouts)

    api.unreachable = True
    app = build_application(harness.settings, request=CountingRequest(api), token=BOT_TOKEN)
    loops = []

    def run() -> None:  # what `python -m bot run` does, in a thread of its own
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        loops.append(loop)
        app.run_polling(stop_signals=None, bootstrap_retries=-1, poll_interval=0, timeout=0)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while len(attempts) < 2 and time.monotonic() < deadline:  # it keeps trying
        time.sleep(0.05)
    assert len(attempts) >= 2 and not api.commands
    reachable_from = len(attempts)
    api.unreachable = False

    # it starts once Telegram answers: commands are set in post_init, before the application
    # runs, and a stop sent then is lost (stop_running does nothing until `running`), so wait
    # for polling to have begun
    def polling() -> bool:
        return app.running and "getUpdates" in attempts[reachable_from:]

    while not polling() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert app.running
    assert api.commands["default::en"]
    # `running` turns true inside `app.start()`, which PTB runs with run_until_complete before
    # run_forever: a stop landing in that call's last loop turn is lost with it. Hopping once
    # more through the loop lands it in run_forever.
    loop = loops[0]
    loop.call_soon_threadsafe(loop.call_soon, app.stop_running)
    thread.join(timeout=60)
    assert not thread.is_alive()
