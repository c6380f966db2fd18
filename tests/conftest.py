"""Fixtures: a migrated database per test (SQLite file, or PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

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


def _fresh_copy(template: str, path: Path) -> Iterator[str]:
    """The URL of a new database copied from `template` (a SQLite file, or a PostgreSQL URL),
    dropped when the generator is resumed."""
    if PG_URL:
        base, _, source = template.rpartition("/")
        name = f"{_pg_admin_dsn(PG_URL)[1]}_t{os.getpid()}_{next(_counter)}"
        asyncio.run(_pg_exec(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
        yield f"{base}/{name}"
        asyncio.run(_pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        return
    shutil.copy(template, path)
    yield f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def database_url(migrated_template, tmp_path) -> str:
    """A fresh, migrated database for one test."""
    yield from _fresh_copy(migrated_template, tmp_path / "bot.db")


async def _generate_demo(url: str) -> None:
    from bot.clock import ManualClock
    from bot.services.demo import DemoDataService
    from tests.harness import START
    from tests.report_data import COURSE

    db = Database(url)
    try:
        await DemoDataService(db, COURSE, ManualClock(START), ZoneInfo("Asia/Jakarta")).generate(
            600, days=90, seed=11, chunk=250
        )
    finally:
        await db.close()


@pytest.fixture(scope="session")
def demo_template(migrated_template, tmp_path_factory) -> str:
    """A migrated database holding a demo town (600 residents over 90 days, seed 11), made
    once by the real demo-data service for the tests that only read it."""
    copies = _fresh_copy(migrated_template, tmp_path_factory.mktemp("demo") / "demo.db")
    url = next(copies)
    asyncio.run(_generate_demo(url))
    yield url if PG_URL else url.removeprefix("sqlite+aiosqlite:///")
    next(copies, None)


@pytest.fixture
def demo_database_url(demo_template, tmp_path) -> str:
    """A fresh copy of the demo town for one test."""
    yield from _fresh_copy(demo_template, tmp_path / "demo.db")


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
