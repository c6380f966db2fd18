"""Start-up and shutdown: one ordered list of parts for polling, webhook and the console; the
stops come in reverse order and leave nothing running."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest

from bot import jobs
from bot.db.models import ProcessedUpdate
from bot.lifecycle import Lifecycle, Part
from tests.harness import BotHarness


def _names(caplog, verb: str) -> list[str]:
    return [
        r.getMessage().removeprefix(f"{verb} ")
        for r in caplog.records
        if r.name == "bot.lifecycle" and r.getMessage().startswith(f"{verb} ")
    ]


async def test_shutdown_stops_every_part_in_reverse_order_and_leaves_no_task(database_url, caplog):
    caplog.set_level(logging.DEBUG, logger="bot.lifecycle")
    bot = BotHarness(database_url, broadcast_worker=True, nudge_sweep_seconds=60)
    before = asyncio.all_tasks()
    await bot.start()
    started = _names(caplog, "starting")
    assert started[0] == "database" and started[-1] == "jobs"
    assert {"broadcast sender", "send budget (the bulk sender's lock)"} <= set(started)
    assert any(t.get_name() == "broadcast-sender" for t in asyncio.all_tasks())
    await bot.user(1501).send("/start")
    await bot.close()
    assert _names(caplog, "stopping") == started[::-1]
    left = [t for t in asyncio.all_tasks() - before if not t.done()]
    assert left == []
    assert not bot.app.running and not bot.app.job_queue.scheduler.running


async def test_the_update_ledger_is_cleaned_even_when_nudges_are_off(database_url):
    bot = BotHarness(database_url, nudge_sweep_seconds=0)
    await bot.start()
    try:
        assert {job.name for job in bot.app.job_queue.jobs()} == {
            jobs.LEDGER_CLEANUP,
            jobs.DASHBOARD_CLEANUP,
        }
        ledger = bot.app.bot_data.services.ledger
        await ledger.claim(77, timedelta(minutes=1))
        await ledger.done(77)
        bot.clock.advance(timedelta(days=3))
        await bot.app.job_queue.get_jobs_by_name(jobs.LEDGER_CLEANUP)[0].run(bot.app)
        assert await bot.count(ProcessedUpdate) == 0
    finally:
        await bot.close()


async def test_a_start_that_fails_half_way_stops_what_had_started_and_only_that():
    done: list[str] = []

    def step(what: str):
        async def run() -> None:
            done.append(what)

        return run

    async def broken() -> None:
        raise ConnectionRefusedError("database is down")

    lifecycle = Lifecycle(
        [
            Part("a", step("start a"), step("stop a")),
            Part("b", broken, step("stop b")),
            Part("c", step("start c"), step("stop c")),
        ]
    )
    with pytest.raises(ConnectionRefusedError):
        await lifecycle.start()
    await lifecycle.stop()
    await lifecycle.stop()  # PTB calls both post_stop and post_shutdown: each part stops once
    assert done == ["start a", "stop a"]
