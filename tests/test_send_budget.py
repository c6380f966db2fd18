"""The send budget as Telegram sees it: even pacing, one budget for every process of a
deployment, a 429 honoured by all, paid broadcasts only when switched on, outages logged once.

Times are a manual timer's (sleeping moves it), so the one-second windows counted at the Bot API
double are exact and no test depends on how fast the machine is.
"""

from __future__ import annotations

import asyncio
import logging

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from bench.residents import FIRST_ID, add_residents
from bot.db.models import AuditEntry, Delivery
from bot.double import busiest_second
from tests.conftest import PG_URL
from tests.deployment import Deployment
from tests.harness import BotHarness
from tests.timer import eventually

TEXT = "Latihan evakuasi banjir besok pukul 08.00."
RATES = {"telegram_rate": 30, "broadcast_rate": 25}
postgres_only = pytest.mark.skipif(
    not PG_URL, reason="scale-out is PostgreSQL's; SQLite is single-process"
)


async def broadcast(bot: BotHarness, text: str = TEXT) -> int:
    """A moderator's broadcast to every resident, started now; its id."""
    service = bot.app.bot_data.services.broadcasts
    draft = await service.open_draft(1, "id")
    await service.set_message(draft.id, 1, text, None)
    await service.set_english(draft.id, 1, None)
    await service.set_audience(draft.id, 1, {"kind": "all"})
    await service.send_now(draft.id, 1)
    return draft.id


def bulk(api, text: str = TEXT) -> list:
    """The broadcast's copies the double accepted (not the moderator's preview)."""
    return [
        c
        for c in api.calls
        if c.method == "sendMessage" and c.text == text and c.chat_id >= FIRST_ID
    ]


async def test_one_process_paces_evenly_within_the_rate(database_url):
    async with Deployment(database_url, **RATES) as deployment:
        bot, timer = await deployment.start("a"), deployment.timer
        await add_residents(bot.db, 120)
        await broadcast(bot)
        started = timer.now()
        assert await bot.send_broadcasts() == 120
        times = [c.at for c in bulk(bot.api)]
        assert len({c.chat_id for c in bulk(bot.api)}) == 120
        assert busiest_second(times) <= 25 + 2
        assert max(times) - started >= (120 - 2) / 25  # no faster than 25 a second overall


async def test_paid_broadcast_only_when_switched_on_and_the_preview_shows_its_cost(database_url):
    async with Deployment(database_url, **RATES) as deployment:
        paid = await deployment.start("a", paid_broadcast_rate=100)
        await add_residents(paid.db, 200)
        mod = paid.user(900001)  # the admin composes through the real conversation
        await mod.send("/siaran")
        await mod.send(TEXT)
        await mod.tap("Lewati")
        preview = await mod.tap("Semua warga")
        # 200 at 100 a second take 2 s, of which 25 a second (50) are free: 150 paid at 0.1.
        assert "Pengiriman memakan waktu sekitar 2 detik." in preview[-1].text
        assert "Siaran berbayar: sekitar 15,0 Stars untuk 150 pesan" in preview[-1].text
        await mod.tap("Kirim sekarang")
        await paid.send_broadcasts()
        copies = bulk(paid.api)
        assert len(copies) == 200
        marked = [c for c in copies if c.params.get("allow_paid_broadcast")]
        free = [c.at for c in copies if not c.params.get("allow_paid_broadcast")]
        assert marked and free
        assert busiest_second(free) <= 25 + 2  # the free rate holds for the unpaid ones
        async with paid.db.transaction() as session:
            details = await session.scalar(
                select(AuditEntry.details).where(AuditEntry.action == "broadcast_sent")
            )
        assert details["expected_stars"] == 15.0 and details["expected_paid_messages"] == 150


async def test_without_the_setting_no_message_is_sent_as_paid(database_url):
    async with Deployment(database_url, **RATES) as deployment:
        bot = await deployment.start("a")
        await add_residents(bot.db, 60)
        await broadcast(bot)
        await bot.send_broadcasts()
        assert len(bulk(bot.api)) == 60
        assert not any("allow_paid_broadcast" in c.params for c in bot.api.calls)


async def test_an_outage_is_logged_once_with_back_off_and_its_end_too(bot, caplog):
    sender = bot.app.bot_data.sender
    deliveries = bot.app.bot_data.services.deliveries
    real_claim, waits = deliveries.claim, []

    async def claim_while_down(limit):
        if len(waits) < 4:
            raise OperationalError("SELECT", {}, ConnectionRefusedError("database is down"))
        return await real_claim(limit)

    async def record_wait(seconds):
        waits.append(seconds)
        await asyncio.sleep(0)

    deliveries.claim, sender.sleep = claim_while_down, record_wait
    caplog.set_level(logging.INFO, logger="bot.outbox.broadcasts")
    sender.start()
    try:
        await eventually(lambda: any("is back" in r.message for r in caplog.records))
    finally:
        await sender.stop()
    records = [
        r for r in caplog.records if r.name == "bot.outbox.broadcasts" and r.levelno >= logging.INFO
    ]
    assert [r.levelname for r in records] == ["ERROR", "WARNING"]
    assert "database is down" in records[0].message and "4 failed attempts" in records[1].message
    assert waits == [1, 2, 4, 8]


@postgres_only
async def test_two_processes_share_one_budget_and_replies_go_first(database_url):
    async with Deployment(database_url, **RATES) as deployment:
        first, second = await deployment.start("a"), await deployment.start("b")
        timer = deployment.timer
        assert first.budget.may_send_bulk and not second.budget.may_send_bulk
        await add_residents(first.db, 80)
        chatter = second.user(5550)
        for _ in range(14):  # a resident chatting with the second process meanwhile
            await chatter.send("/start")
        replies = len([c for c in first.api.calls if c.origin == "b" and c.chat_id == 5550])
        assert replies >= 12
        await eventually(lambda: first.budget.share.others(timer.now()) >= replies)
        await broadcast(first)
        started = timer.now()
        assert await second.send_broadcasts() == 0  # not the bulk sender: it sends nothing
        assert await first.send_broadcasts() == 80
        copies = bulk(first.api)
        assert {c.origin for c in copies} == {"a"}
        first_second = [c for c in copies if c.at < started + 1]
        assert len(first_second) <= 30 - replies + 2  # what the other's replies left
        everything = [c.at for c in first.api.calls if c.method == "sendMessage"]
        assert busiest_second(everything) <= 30 + 2
        assert busiest_second([c.at for c in copies]) <= 25 + 2


@postgres_only
async def test_a_process_without_the_broadcast_worker_never_takes_the_bulk_sending(database_url):
    async with Deployment(database_url, **RATES) as deployment:
        idle = await deployment.start("a", bulk_sender=False)
        assert not idle.budget.may_send_bulk  # alone on the database, it still leaves the lock
        worker = await deployment.start("b")
        assert worker.budget.may_send_bulk
        await add_residents(idle.db, 10)
        await broadcast(idle)
        assert await idle.send_broadcasts() == 0
        assert await worker.send_broadcasts() == 10


@postgres_only
async def test_the_other_process_takes_over_when_the_bulk_sender_stops_or_dies(database_url):
    async with Deployment(database_url, **RATES) as deployment:
        first, second = await deployment.start("a"), await deployment.start("b")
        await add_residents(first.db, 30)
        await first.stop()  # the bulk sender's process stops
        await eventually(lambda: second.budget.may_send_bulk)
        await broadcast(second)
        assert await second.send_broadcasts() == 30
        third = await deployment.start("c")
        assert not third.budget.may_send_bulk
        pid = await second.budget.share._lock_connection.scalar(select(func.pg_backend_pid()))
        async with third.db.transaction() as session:  # the sender's connection dies
            await session.execute(select(func.pg_terminate_backend(pid)))
        await eventually(lambda: third.budget.may_send_bulk and not second.budget.may_send_bulk)


@postgres_only
async def test_a_429_pauses_bulk_sending_in_every_process_and_loses_nothing(database_url):
    async with Deployment(database_url, **RATES) as deployment:
        first, second = await deployment.start("a"), await deployment.start("b")
        timer = deployment.timer
        await add_residents(first.db, 40)
        chatter = second.user(5551)
        await chatter.send("/start")
        first.api.fail(5551, 429, "Too Many Requests: retry after 30", retry_after=30)
        await chatter.send("/start")  # the second process's reply is answered 429
        seen_at = timer.now()
        await eventually(lambda: first.budget.paused_until() >= seen_at + 30)
        first.api.throttle(every=7, retry_after=3)  # and then a share of the broadcast
        await broadcast(first)
        assert await first.send_broadcasts() == 40
        copies = bulk(first.api)
        assert min(c.at for c in copies) >= seen_at + 30  # the bulk sender waited it out
        throttled = [c for c in first.api.throttled if c.params.get("text") == TEXT]
        assert throttled
        for refused in throttled:  # nothing went out during a pause (but what was in flight)
            assert not [c for c in copies if refused.at + 0.5 < c.at < refused.at + 3]
        last = max(c.at for c in throttled)
        await eventually(lambda: second.budget.paused_until() >= last + 3)
        assert sorted(c.chat_id for c in copies) == list(range(FIRST_ID, FIRST_ID + 40))
        assert await first.count(Delivery, Delivery.status == "sent") == 40
