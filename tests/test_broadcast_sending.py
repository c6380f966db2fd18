"""Broadcasts are sent: Telegram's 429 and 403 answers, a crash mid-broadcast, a big audience
claimed at the pace it is sent, and two senders on one database."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bench.residents import FIRST_ID, add_residents
from bot.db.models import Delivery
from bot.outbox.broadcasts import AHEAD, BATCH
from tests.broadcasting import MODERATOR, compose, moderator, received
from tests.deployment import Deployment
from tests.residents import resident_in


async def test_429_pauses_sending_and_403_marks_the_resident_blocked(database_url):
    async with Deployment(database_url) as deployment:
        bot = await deployment.start()
        users = [await resident_in(bot, 1040 + n) for n in range(6)]
        bot.api.fail(1041, 429, "Too Many Requests: retry after 3", retry_after=3)
        bot.api.fail(1042, 403, "Forbidden: bot was blocked by the user")
        bot.api.fail(1043, 502, "Bad Gateway", times=1)  # retried, then delivered
        bot.api.fail(1044, 502, "Bad Gateway", times=5)  # gives up after 3 attempts
        mod = await moderator(bot)
        await compose(mod)
        await mod.tap("Semua warga")
        await mod.tap("Kirim sekarang")
        for _ in range(4):  # failed sends wait 30 s before they are tried again
            await bot.send_broadcasts()
            bot.clock.advance(timedelta(minutes=1))
        assert sum(deployment.timer.slept) >= 3  # the sender waited as long as Telegram asked
        async with bot.db.transaction() as session:
            rows = dict(
                (
                    await session.execute(
                        Delivery.__table__.select().with_only_columns(
                            Delivery.chat_id, Delivery.status
                        )
                    )
                ).all()
            )
        assert rows == {
            1040: "sent",
            1041: "sent",
            1042: "blocked",
            1043: "sent",
            1044: "failed",
            1045: "sent",
        }
        assert (await bot.resident(1042)).blocked_at is not None
        assert [len(received(bot, u.chat_id)) for u in users] == [1, 1, 0, 1, 0, 1]


async def test_a_crash_mid_broadcast_resumes_and_loses_no_one(bot):
    users = [await resident_in(bot, 1100 + n) for n in range(30)]
    mod = await moderator(bot)
    await compose(mod)
    await mod.tap("Semua warga")
    await mod.tap("Kirim sekarang")
    sender = bot.app.bot_data.sender
    original = bot.api._sendMessage
    sends = [0]
    crash = asyncio.Event()

    def counting(params):
        sends[0] += 1
        if sends[0] == 12:
            crash.set()
        return original(params)

    bot.api._sendMessage = counting
    task = asyncio.create_task(sender.drain())
    await crash.wait()
    task.cancel()  # the process dies mid-batch
    await asyncio.gather(task, return_exceptions=True)
    bot.api._sendMessage = original
    await bot.restart()
    bot.clock.advance(timedelta(minutes=5))  # past the lease of rows left in flight
    await bot.send_broadcasts()
    async with bot.db.transaction() as session:
        rows = (await session.execute(Delivery.__table__.select())).all()
    assert {r.chat_id for r in rows} == {u.chat_id for u in users}
    assert all(r.status == "sent" for r in rows)
    twice = {u.chat_id for u in users if len(received(bot, u.chat_id)) == 2}
    flagged = {r.chat_id for r in rows if r.error and "twice" in r.error}
    assert twice <= flagged  # any double send is one the rows report
    assert all(len(received(bot, u.chat_id)) >= 1 for u in users)
    summary = [c.text for c in bot.api.sent_to(MODERATOR) if c.method == "sendMessage"][-1]
    assert "Terkirim: 30" in summary


async def test_two_senders_on_one_database_deliver_each_message_once(database_url):
    async with Deployment(database_url) as deployment:
        first, second = await deployment.start(), await deployment.start()
        users = [await resident_in(first, 1200 + n) for n in range(40)]
        mod = await moderator(first)
        await compose(mod)
        await mod.tap("Semua warga")
        await mod.tap("Kirim sekarang")
        await asyncio.gather(first.send_broadcasts(), second.send_broadcasts())
        for user in users:
            assert len(received(first, user.chat_id)) == 1
        assert await first.count(Delivery, Delivery.status == "sent") == 40


async def test_a_big_broadcast_is_claimed_a_batch_ahead_of_what_it_sends(bot, monkeypatch):
    """Rows are claimed as the pace needs them, never the whole audience at once (which held
    the loop for every claim in one go and left every row in flight for a crash to strand)."""
    residents = 4 * BATCH + 10
    await add_residents(bot.db, residents)
    service = bot.app.bot_data.services.deliveries
    original, claimed, ahead = service.claim, [0], []

    def copies() -> int:
        return sum(c.method == "sendMessage" and c.chat_id >= FIRST_ID for c in bot.api.calls)

    async def claim(limit):
        rows = await original(limit)
        claimed[0] += len(rows)
        ahead.append(claimed[0] - copies())
        return rows

    monkeypatch.setattr(service, "claim", claim)
    mod = await moderator(bot)
    await compose(mod)
    await mod.tap("Semua warga")
    await mod.tap("Kirim sekarang")
    await bot.send_broadcasts()
    assert claimed[0] == residents
    assert max(ahead) <= AHEAD * BATCH
    assert all(len(received(bot, FIRST_ID + n)) == 1 for n in range(residents))
    assert await bot.count(Delivery, Delivery.status == "sent") == residents
