"""What the processes of one deployment share of the send budget, through PostgreSQL.

The bulk sender (broadcasts, nudges, follow-ups) runs in exactly one process at a time: the one
holding a session-level advisory lock on a dedicated connection. The others try the lock again
every second, so when the sender's process dies (its connection closes) another takes over.
Every process adds its replies per second to `send_window`; the bulk sender subtracts the other
processes' replies from its budget. A 429 seen by any process is written to `send_pause` and
every process honours it. SQLite means one process: `LocalShare` shares nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.background import cancelled
from bot.db.engine import Database
from bot.db.models import SendPause, SendWindow
from bot.outage import Outage
from bot.pacing import Timer

logger = logging.getLogger(__name__)

LEADER_LOCK = 724_002  # pg_try_advisory_lock key of the bulk sender (migrations use 724_001)
TICK = 0.2  # seconds between two rounds of reporting and reading
TAKEOVER_EVERY = 1.0  # seconds between two tries for the lock, and two checks that it is held
KEEP_SECONDS = 60  # send_window rows older than this are deleted


class LocalShare:
    """One process: it is always the bulk sender and has no one to share with."""

    is_leader = True
    paused_until = 0.0

    async def start(self) -> None:
        """Nothing to open."""

    async def stop(self) -> None:
        """Nothing to close."""

    def count_reply(self, now: float) -> None:
        """Replies are counted by the local budget alone."""

    def others(self, now: float) -> int:
        """No other process sends replies."""
        return 0

    def pause(self, until: float) -> None:
        """The local budget holds the pause."""


class PostgresShare:
    """Leadership by advisory lock, replies and the 429 pause through two small tables."""

    def __init__(
        self,
        engine: AsyncEngine,
        timer: Timer,
        tick: float = TICK,
        takeover_every: float = TAKEOVER_EVERY,
        contend: bool = True,
    ) -> None:
        self.engine = engine
        self.contend = contend
        self.timer = timer
        self.tick = tick
        self.takeover_every = takeover_every
        self.process = uuid.uuid4().hex
        self.is_leader = False
        self.paused_until = 0.0
        self._lock_connection: AsyncConnection | None = None
        self._next_lock_check = 0.0
        self._replies: Counter[int] = Counter()  # second -> replies not yet written
        self._pause_to_write = 0.0
        self._others: dict[int, int] = {}
        self._next_cleanup = 0.0
        self._task: asyncio.Task | None = None
        self._outage = Outage(logger, "shared send budget (PostgreSQL)")

    async def start(self) -> None:
        """Try for the lock at once (a lone process sends from the start), then keep ticking."""
        with contextlib.suppress(Exception):  # the loop retries and logs it
            await self._round()
        self._task = asyncio.create_task(self._run(), name="shared-send-budget")

    async def stop(self) -> None:
        """Stop ticking, write what is left and let another process take over at once."""
        if self._task is not None:
            await cancelled(self._task)
            self._task = None
            with contextlib.suppress(Exception):
                async with self.engine.begin() as connection:
                    await self._write(connection)
        if self._lock_connection is not None:
            with contextlib.suppress(Exception):
                await self._lock_connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": LEADER_LOCK}
                )
                await self._lock_connection.close()
        self._lock_connection, self.is_leader = None, False

    def count_reply(self, now: float) -> None:
        """This process sent a reply at `now`; written at the next tick."""
        self._replies[int(now)] += 1

    def others(self, now: float) -> int:
        """Replies per second of the other processes lately (the busier of the last two)."""
        second = int(now)
        return max(self._others.get(second - 1, 0), self._others.get(second, 0))

    def pause(self, until: float) -> None:
        """Telegram answered 429: every process holds bulk traffic until `until`."""
        self.paused_until = max(self.paused_until, until)
        self._pause_to_write = max(self._pause_to_write, until)

    async def _run(self) -> None:
        while True:
            try:
                await self._round()
                self._outage.recovered()
                wait = self.tick
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database is away: stop sending bulk, retry later
                await self._lose_lock()
                wait = self._outage.failed(exc)
            await asyncio.sleep(wait)

    async def _round(self) -> None:
        await self._hold_or_take_lock()
        async with self.engine.begin() as connection:
            await self._write(connection)
            await self._read(connection)

    async def _hold_or_take_lock(self) -> None:
        if not self.contend or time.monotonic() < self._next_lock_check:
            return
        self._next_lock_check = time.monotonic() + self.takeover_every
        if self._lock_connection is not None:
            await self._lock_connection.execute(text("SELECT 1"))  # raises if the lock is gone
            return
        connection = await self.engine.connect()
        try:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            taken = await connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": LEADER_LOCK}
            )
        except Exception:
            await connection.close()
            raise
        if taken:
            self._lock_connection, self.is_leader = connection, True
            logger.info("this process is now the deployment's bulk sender")
        else:
            await connection.close()

    async def _lose_lock(self) -> None:
        if self._lock_connection is None:
            return
        logger.warning("this process lost the bulk sender's lock; another one may take over")
        with contextlib.suppress(Exception):  # the connection is likely broken: drop it
            await self._lock_connection.invalidate()
            await self._lock_connection.close()
        self._lock_connection, self.is_leader = None, False

    async def _write(self, connection: AsyncConnection) -> None:
        replies, self._replies = self._replies, Counter()
        if replies:
            stmt = insert(SendWindow).values(
                [
                    {"process": self.process, "second": second, "replies": count}
                    for second, count in replies.items()
                ]
            )
            await connection.execute(
                stmt.on_conflict_do_update(
                    index_elements=[SendWindow.process, SendWindow.second],
                    set_={"replies": SendWindow.replies + stmt.excluded.replies},
                )
            )
        if self._pause_to_write:
            until = datetime.fromtimestamp(self._pause_to_write, UTC)
            stmt = insert(SendPause).values(id=1, paused_until=until)
            await connection.execute(
                stmt.on_conflict_do_update(
                    index_elements=[SendPause.id],
                    set_={
                        "paused_until": func.greatest(
                            SendPause.paused_until, stmt.excluded.paused_until
                        )
                    },
                )
            )
            self._pause_to_write = 0.0

    async def _read(self, connection: AsyncConnection) -> None:
        now = self.timer.now()
        until = await connection.scalar(select(SendPause.paused_until).where(SendPause.id == 1))
        if until is not None:
            self.paused_until = max(self.paused_until, until.timestamp())
        if not self.is_leader:
            return
        rows = await connection.execute(
            select(SendWindow.second, func.sum(SendWindow.replies))
            .where(SendWindow.process != self.process, SendWindow.second >= int(now) - 1)
            .group_by(SendWindow.second)
        )
        self._others = {second: int(count) for second, count in rows.all()}
        if now >= self._next_cleanup:
            self._next_cleanup = now + KEEP_SECONDS
            await connection.execute(
                delete(SendWindow).where(SendWindow.second < int(now) - KEEP_SECONDS)
            )


def for_database(
    db: Database, timer: Timer, bulk_sender: bool = True
) -> LocalShare | PostgresShare:
    """PostgreSQL shares the budget between processes; SQLite runs one process.

    `bulk_sender=False` (BROADCAST_WORKER=false): this process never takes the lock, so bulk
    traffic stays with a process that sends it."""
    if db.engine.dialect.name == "postgresql":
        return PostgresShare(db.engine, timer, contend=bulk_sender)
    share = LocalShare()
    share.is_leader = bulk_sender
    return share
