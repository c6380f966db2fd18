"""PostgreSQL restarted under a running bot: its pooled connections die, residents go on.

A restart is simulated by ending every server process of the test's database
(`pg_terminate_backend`), which is what a restart does to the bot's pooled connections.
"""

from __future__ import annotations

import asyncpg
import pytest

from bot.db import liveness
from tests.conftest import PG_URL
from tests.flows import onboard

pytestmark = pytest.mark.skipif(not PG_URL, reason="connection pooling is PostgreSQL's")

SORRY = "Maaf, ada gangguan di sistem kami"


async def _end_connections(database_url: str) -> int:
    """Terminate the bot's server processes of this database; how many there were."""
    server, _, name = database_url.replace("+asyncpg", "").rpartition("/")
    admin = await asyncpg.connect(f"{server}/postgres")
    try:
        return len(
            await admin.fetch(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
                name,
            )
        )
    finally:
        await admin.close()


async def test_a_rested_connection_is_checked_and_replaced_unseen(bot, database_url, monkeypatch):
    user = bot.user(1501)
    await onboard(user)
    monkeypatch.setattr(liveness, "IDLE_PING", 0.0)  # every pooled connection counts as rested
    assert await _end_connections(database_url) > 0
    replies = await user.send("/belajar")
    assert not any(SORRY in (r.text or "") for r in replies)
    assert replies[-1].labels == ["Lanjut ➡️"]  # the lesson card, with its button


async def test_a_connection_that_died_moments_ago_costs_one_try_again(
    bot, database_url, monkeypatch
):
    user = bot.user(1502)
    await onboard(user)
    monkeypatch.setattr(liveness, "IDLE_PING", float("inf"))  # nothing is pinged
    assert await _end_connections(database_url) > 0
    first = await user.send("/belajar")
    assert SORRY in first[-1].text  # the friendly answer, not silence
    again = await user.send("/belajar")
    assert not any(SORRY in (r.text or "") for r in again)
    assert again[-1].labels == ["Lanjut ➡️"]
    resident = await bot.resident(1502)
    assert resident is not None and resident.consented_at is not None  # nothing lost
