"""The update ledger: in webhook mode several bot processes share one database, and Telegram
may deliver an update again (after a timeout, an error answer, or a process that died).

A process claims an update with a lease before handling it and marks it done after. A delivery
of an update that is done is skipped; one whose claim is still live (handled right now, here or
elsewhere) is refused for now, so Telegram retries it; one whose claim lapsed (the process died
mid-update) is claimed again and handled. So each update is handled once, and none is lost.
"""

from __future__ import annotations

from datetime import timedelta
from enum import Enum

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.clock import Clock
from bot.db.engine import Database, rowcount
from bot.db.models import ProcessedUpdate, table_of

KEEP = timedelta(days=2)  # Telegram gives up redelivering long before this


class Claim(Enum):
    """What a delivery of an update found in the ledger."""

    MINE = "mine"  # claimed now: handle it, then `done`
    BUSY = "busy"  # another delivery holds a live claim on it
    DONE = "done"  # handled already


class UpdateLedger:
    """Claims update ids atomically (INSERT … ON CONFLICT DO UPDATE … WHERE lapsed)."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        dialect = postgresql if db.url.startswith("postgresql") else sqlite
        self._insert = dialect.insert

    async def claim(self, update_id: int, lease: timedelta) -> Claim:
        """Claim an update for `lease`: MINE for the one delivery that may handle it now."""
        now = self.clock.now()
        table = table_of(ProcessedUpdate)
        statement = self._insert(table).values(
            update_id=update_id, received_at=now, claimed_until=now + lease
        )
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.update_id],
            set_={"claimed_until": statement.excluded.claimed_until},
            where=table.c.done_at.is_(None) & (table.c.claimed_until < now),
        ).returning(table.c.update_id)
        async with self.db.transaction() as session:
            if (await session.execute(statement)).first() is not None:
                return Claim.MINE
            done_at = await session.scalar(
                select(ProcessedUpdate.done_at).where(ProcessedUpdate.update_id == update_id)
            )
            return Claim.BUSY if done_at is None else Claim.DONE

    async def done(self, update_id: int) -> None:
        """The update was handled: every later delivery of it is skipped."""
        async with self.db.transaction() as session:
            await session.execute(
                update(ProcessedUpdate)
                .where(ProcessedUpdate.update_id == update_id)
                .values(done_at=self.clock.now())
            )

    async def release(self, update_id: int) -> None:
        """Give up a claim without handling (the bot is stopping): the next delivery takes it."""
        async with self.db.transaction() as session:
            await session.execute(
                delete(ProcessedUpdate).where(
                    ProcessedUpdate.update_id == update_id, ProcessedUpdate.done_at.is_(None)
                )
            )

    async def forget_old(self) -> int:
        """Drop ids older than two days; returns how many."""
        async with self.db.transaction() as session:
            result = await session.execute(
                delete(ProcessedUpdate).where(ProcessedUpdate.received_at < self.clock.now() - KEEP)
            )
            return rowcount(result)
