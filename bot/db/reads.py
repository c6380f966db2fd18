"""One consistent read whose statements run side by side (PostgreSQL) or in turn (SQLite).

A report is a dozen independent aggregates. On PostgreSQL they run on a few connections at once,
all seeing the same snapshot: the first connection's REPEATABLE READ READ ONLY transaction exports
it (`pg_export_snapshot()`), the others adopt it (`SET TRANSACTION SNAPSHOT`) before their first
statement, so the figures add up as if read in one transaction. SQLite keeps its one reader.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any, TypeVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.engine import Database, for_long_reads

T = TypeVar("T")
CONNECTIONS = 3  # a report's biggest aggregates are about this many; more only queue for CPU


class Reads:
    """Runs read work on whichever connection of the read is free."""

    def __init__(self, connections: list[AsyncConnection]) -> None:
        self._free: asyncio.Queue[AsyncConnection] = asyncio.Queue()
        for conn in connections:
            self._free.put_nowait(conn)

    async def run(self, work: Callable[..., Awaitable[T]], *args: Any) -> T:
        """`await work(conn, *args)` on a free connection."""
        conn = await self._free.get()
        try:
            return await work(conn, *args)
        finally:
            self._free.put_nowait(conn)


@asynccontextmanager
async def consistent_reads(db: Database, connections: int = CONNECTIONS) -> AsyncIterator[Reads]:
    """A consistent, read-only view of `db` over `connections` connections (one on SQLite)."""
    async with db.reader() as first:
        if db.sqlite or connections < 2:
            yield Reads([first])
            return
        snapshot = await first.scalar(text("SELECT pg_export_snapshot()"))
        if not re.fullmatch(r"[0-9A-Fa-f-]+", snapshot):
            raise ValueError(f"unexpected snapshot id {snapshot!r}")
        async with AsyncExitStack() as stack:
            others = [
                await stack.enter_async_context(_adopting(db, snapshot))
                for _ in range(connections - 1)
            ]
            yield Reads([first, *others])


@asynccontextmanager
async def _adopting(db: Database, snapshot: str) -> AsyncIterator[AsyncConnection]:
    """A read-only transaction that sees exactly the exported `snapshot`."""
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
        async with conn.begin():
            await conn.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            await for_long_reads(conn)
            yield conn
