"""Alembic migrations build the schema the models describe, up and down, on both databases."""

from __future__ import annotations

import asyncio

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from bot.db import migrate
from bot.db.engine import Database
from bot.db.models import Base
from tests.conftest import PG_URL


def _diff(connection):
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


def _tables(connection):
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


async def test_migrations_go_up_and_down_and_match_the_models(empty_database_url):
    db = Database(empty_database_url)
    try:
        await migrate.upgrade(db)
        async with db.engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
            assert await connection.run_sync(_tables) == set(Base.metadata.tables)
        await migrate.downgrade(db, "base")
        async with db.engine.connect() as connection:
            assert await connection.run_sync(_tables) == set()
        await migrate.upgrade(db)
        assert await migrate.current_revision(db) is not None
    finally:
        await db.close()


async def test_start_applies_migrations_to_an_empty_database(empty_database_url):
    from tests.harness import BotHarness

    harness = BotHarness(empty_database_url)
    await harness.start()
    try:
        user = harness.user(601)
        await user.send("/start")
        await user.tap("Ya, mari mulai")
        assert (await harness.resident(601)).stage == "language"
    finally:
        await harness.close()


@pytest.mark.skipif(not PG_URL, reason="scale-out is PostgreSQL's; SQLite is single-process")
async def test_processes_starting_together_migrate_once(empty_database_url):
    databases = [Database(empty_database_url) for _ in range(3)]
    try:
        await asyncio.gather(*(migrate.upgrade(db) for db in databases))
        revisions = {await migrate.current_revision(db) for db in databases}
        assert len(revisions) == 1 and None not in revisions
    finally:
        for db in databases:
            await db.close()
