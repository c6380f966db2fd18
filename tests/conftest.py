"""Fixtures: a migrated database per test (SQLite file, or PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
from pathlib import Path

import pytest

from bot.db import migrate
from bot.db.engine import Database
from tests.harness import BotHarness

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
_counter = itertools.count()


def _pg_admin_dsn(url: str) -> tuple[str, str]:
    """(asyncpg DSN of the server's `postgres` database, name of the template database)."""
    base, _, name = url.replace("postgresql+asyncpg://", "postgresql://").rpartition("/")
    return f"{base}/postgres", name


async def _pg_exec(sql: str) -> None:
    import asyncpg

    dsn, _ = _pg_admin_dsn(PG_URL)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _migrate(url: str) -> None:
    db = Database(url)
    try:
        await migrate.upgrade(db)
    finally:
        await db.close()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> str:
    """A database at head, built once by the real Alembic migrations, to copy per test."""
    if PG_URL:
        asyncio.run(_migrate(PG_URL))
        return PG_URL
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return str(path)


@pytest.fixture
def database_url(migrated_template, tmp_path) -> str:
    """A fresh, migrated database for one test."""
    if PG_URL:
        _, template = _pg_admin_dsn(PG_URL)
        name = f"{template}_t{os.getpid()}_{next(_counter)}"
        asyncio.run(_pg_exec(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        base = PG_URL.rpartition("/")[0]
        yield f"{base}/{name}"
        asyncio.run(_pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        return
    path = tmp_path / "bot.db"
    shutil.copy(migrated_template, path)
    yield f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def empty_database_url(tmp_path) -> str:
    """A database with no tables at all (for migration tests)."""
    if PG_URL:
        name = f"wt_empty_{os.getpid()}_{next(_counter)}"
        asyncio.run(_pg_exec(f'CREATE DATABASE "{name}"'))
        yield f"{PG_URL.rpartition('/')[0]}/{name}"
        asyncio.run(_pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        return
    yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"


@pytest.fixture
async def bot(database_url) -> BotHarness:
    """The running bot on a fresh database."""
    harness = BotHarness(database_url)
    await harness.start()
    yield harness
    await harness.close()


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of content/ for tests that break it on purpose."""
    target = tmp_path / "content"
    shutil.copytree(Path(__file__).parent.parent / "content", target)
    return target


_FIGURES = pytest.StashKey[list[str]]()


@pytest.fixture
def figure(request):
    """Record a figure (a measured rate, say) to print at the end of the test run."""
    lines = request.config.stash.setdefault(_FIGURES, [])
    return lines.append


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Print the figures tests recorded, so they show without `-s`."""
    for line in config.stash.get(_FIGURES, []):
        terminalreporter.write_line(line)
