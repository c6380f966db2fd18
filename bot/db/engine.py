"""Engine and session factory; one transaction per user action.

SQLite has one writer. Every transaction takes the write lock up front (BEGIN IMMEDIATE), and
inside one process the transactions queue on an asyncio lock (one per file) instead of on
SQLite's busy handler, which polls with sleeps and, under many chats at once, ends in "database
is locked"; while another process holds the lock, the bot waits for it in the loop
(`sqlite_busy`), never in the busy handler. The write transactions run in the loop's thread
(`inline_sqlite`), so the lock is held for SQLite's work only, and their commits leave the
WAL's checkpoints to a worker thread (`checkpoints`). Reads that take long (reports) use
`reader()`: a deferred read transaction on its own connection, on aiosqlite's thread, that WAL
lets run beside the writers, holding no lock.
PostgreSQL needs neither: its pool is sized for the number of updates handled at once.
"""

from __future__ import annotations

import asyncio
import math
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import CursorResult, Result, event
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.db import checkpoints, inline_sqlite, liveness, sqlite_busy


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE matched (SQLAlchemy types its answer as a plain Result)."""
    assert isinstance(result, CursorResult)
    return result.rowcount


READ_WORK_MEM = "64MB"  # per sort or hash of one report query; one report runs at a time


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=15000")  # first: the pragmas below may need to wait
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _no_autocheckpoint(dbapi_connection, _record) -> None:
    # Writes run in the loop's thread: their commits must not copy and sync the WAL
    # (`checkpoints` does that on a worker thread).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA wal_autocheckpoint=0")
    cursor.close()


def _no_busy_wait(dbapi_connection, _record) -> None:
    # The bot's transactions wait for another process's write lock in the loop
    # (`sqlite_busy`): SQLite's busy handler would sleep in the loop's thread.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=0")
    cursor.close()


READ_ONLY = "warga_read_only"  # an execution option: this transaction only reads


def _sqlite_begin(connection) -> None:
    # Take the write lock up front: two writers (two processes) then queue for it instead of
    # failing when a read transaction tries to become a write transaction. A read-only one
    # takes no lock (WAL lets it read beside the writer).
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_begin_deferred(connection) -> None:
    connection.exec_driver_sql("BEGIN")


_WRITE_LOCKS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


def pool_size_for(concurrent_updates: int) -> int:
    """PostgreSQL connections kept open for this many updates at once.

    An update holds a connection only for its transactions, a few milliseconds between Bot API
    round trips of 50-250 ms, but on a busy CPU each of its statements waits for the event loop's
    turn, so at 240 taps/s more than 32 were in use at peaks and taps queued for the pool (the
    quiz's median wait before its first call rose from 7 to 85 ms with 16 + 16). An eighth of the
    running updates, at least 5 and at most 24, and as many again under a burst: 24 + 24 from 192
    updates at once up, so two processes fit PostgreSQL's default of 100 connections (fewer
    updates at once, `MAX_CONCURRENT_UPDATES`, means a smaller pool).
    """
    return max(5, min(24, math.ceil(concurrent_updates / 8)))


def create_engine(
    url: str, pool_size: int = 10, reads: bool = False, busy_wait: bool = True
) -> AsyncEngine:
    """An async engine for SQLite or PostgreSQL (asyncpg). SQLite writes run in the loop's
    thread (`inline_sqlite`); `reads` for SQLite read transactions that take no write lock,
    on aiosqlite's thread; without `busy_wait` SQLite answers at once that the file is locked
    (the bot's transactions, which wait in the loop: `sqlite_busy`)."""
    if url.startswith("sqlite"):
        _ensure_sqlite_dir(url)
        engine = (
            create_async_engine(url, connect_args={"isolation_level": None})
            if reads
            else create_async_engine(url, async_creator=inline_sqlite.creator(url))
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        if not reads:
            event.listen(engine.sync_engine, "connect", _no_autocheckpoint)
        if not busy_wait:
            event.listen(engine.sync_engine, "connect", _no_busy_wait)
        event.listen(
            engine.sync_engine, "begin", _sqlite_begin_deferred if reads else _sqlite_begin
        )
        return engine
    engine = create_async_engine(url, pool_size=pool_size, max_overflow=pool_size)
    liveness.ping_when_idle(engine)
    return engine


def _ensure_sqlite_dir(url: str) -> None:
    path = inline_sqlite.sqlite_path(url)
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


async def for_long_reads(conn: AsyncConnection) -> None:
    """PostgreSQL settings for this transaction only: enough memory that a report's GROUP BYs
    hash in memory instead of sorting on disk, and no JIT (compiling costs more than it saves
    on queries of a second or less)."""
    await conn.exec_driver_sql(f"SET LOCAL work_mem = '{READ_WORK_MEM}'")
    await conn.exec_driver_sql("SET LOCAL jit = off")


@asynccontextmanager
async def _unit(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session in one transaction, committed or rolled back, then closed, in the caller's task.

    SQLAlchemy's own `sessions.begin()` ends in two tasks of its own (commit, then close, each
    shielded from cancellation): three to six extra turns of the event loop per transaction,
    which on a busy loop are milliseconds each and, on SQLite, are spent holding the write lock
    (every writer then queued behind them: a median 110-470 ms at 355 taps/s). Here the commit
    and the close are awaited directly. A cancellation can then land in a PostgreSQL commit's
    round trip; the transaction is then committed or not as a whole, and the pool drops that
    connection.
    """
    async with _closing(sessions) as session, session.begin():
        yield session


@asynccontextmanager
async def _closing(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session closed at the end, in the caller's task (see `_unit`)."""
    session = sessions()
    try:
        yield session
    finally:
        await session.close()


class Database:
    """Owns the engines; hands out sessions that commit on success and roll back on error.

    `engine` is for migrations, CLIs and tests (on SQLite it waits in SQLite's busy handler);
    the sessions of `transaction()` and `snapshot()` use `session_engine`, on SQLite one of its
    own that waits for another process's lock in the loop instead."""

    def __init__(self, url: str, concurrent_updates: int = 64) -> None:
        self.url = url
        self.sqlite = url.startswith("sqlite")
        self.engine = create_engine(url, pool_size_for(concurrent_updates))
        self.session_engine = create_engine(url, busy_wait=False) if self.sqlite else self.engine
        self.sessions = async_sessionmaker(self.session_engine, expire_on_commit=False)
        self._read_engine = create_engine(url, reads=True) if self.sqlite else self.engine
        path = inline_sqlite.sqlite_path(url) if self.sqlite else ":memory:"
        self.checkpoints = checkpoints.Checkpointer(path) if path != ":memory:" else None

    def _write_lock(self) -> asyncio.Lock:
        """The one-writer lock of this file in this event loop, shared by every Database on the
        file (tests run two bots on one; tests and CLIs may run several loops). A writer
        waiting here never blocks the loop, as one waiting in SQLite's busy handler would."""
        locks = _WRITE_LOCKS.setdefault(asyncio.get_running_loop(), {})
        return locks.setdefault(self.url, asyncio.Lock())

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commit at the end, roll back if anything raises."""
        if not self.sqlite:
            async with _unit(self.sessions) as session:
                yield session
            return
        async with (
            self._write_lock(),
            sqlite_busy.locked_unit(lambda: _closing(self.sessions)) as session,
        ):
            yield session
        if self.checkpoints is not None:
            self.checkpoints.committed()

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[AsyncSession]:
        """A session for reads only (short reads; reports use reader): on SQLite it takes no
        lock, so it never waits for a writer."""
        async with _closing(self.sessions) as session:
            if self.sqlite:
                await session.connection(execution_options={READ_ONLY: True})
            yield session

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[AsyncConnection]:
        """One consistent, read-only view of the database for a long read (a report): it
        never waits for writers and writers never wait for it."""
        async with self._read_engine.connect() as conn:
            if not self.sqlite:
                conn = await conn.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            async with conn.begin():
                if not self.sqlite:
                    await for_long_reads(conn)
                yield conn

    async def close(self) -> None:
        """Release every pooled connection (after the running checkpoint)."""
        if self.checkpoints is not None:
            await self.checkpoints.close()
        await self.engine.dispose()
        for other in {self.session_engine, self._read_engine} - {self.engine}:
            await other.dispose()
