"""Waiting for SQLite's write lock while another process holds it, without blocking the loop.

The bot's writes run in the event loop's thread (`inline_sqlite`), so SQLite's busy handler, which
sleeps in the calling thread, would stop every chat for as long as another process (a CLI
seeding demo data, a migration) holds the write lock: up to the 15 s busy timeout. The bot's
write connections have no busy timeout instead: BEGIN IMMEDIATE fails at once with SQLITE_BUSY,
and `locked_unit` tries again after a pause in `asyncio.sleep`, doubling from 2 ms to 100 ms, for
as long as the busy timeout would have waited. Meanwhile the loop serves everything else.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

WAIT = 15.0  # seconds, as long as SQLite's busy timeout on the other connections
FIRST_PAUSE, LONGEST_PAUSE = 0.002, 0.1


def is_busy(error: OperationalError) -> bool:
    """Whether SQLite said another connection holds the lock (SQLITE_BUSY)."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    return code == sqlite3.SQLITE_BUSY or "database is locked" in str(error.orig)


@asynccontextmanager
async def locked_unit(
    sessions: Callable[[], AbstractAsyncContextManager[AsyncSession]],
) -> AsyncIterator[AsyncSession]:
    """A session holding the file's write lock (BEGIN IMMEDIATE), committed at the end or
    rolled back if anything raises; when another process holds the lock, the loop waits for it
    in pauses (see the module docstring), then gives up with SQLite's error."""
    loop = asyncio.get_running_loop()
    give_up, pause = loop.time() + WAIT, FIRST_PAUSE
    while True:
        async with sessions() as session:
            try:
                await session.connection()  # the begin event issues BEGIN IMMEDIATE
            except OperationalError as error:
                if not is_busy(error) or loop.time() >= give_up:
                    raise
            else:
                try:
                    yield session
                except BaseException:
                    await session.rollback()
                    raise
                await session.commit()
                return
        await asyncio.sleep(min(pause, max(give_up - loop.time(), 0.0)))
        pause = min(pause * 2, LONGEST_PAUSE)
