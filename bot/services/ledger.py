"""The update ledger: in webhook mode several bot processes share one PostgreSQL, and Telegram
may deliver an update again; the first process to record an update id handles it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import ProcessedUpdate

KEEP = timedelta(days=2)  # Telegram gives up redelivering long before this


class UpdateLedger:
    """Claims update ids atomically (INSERT … ON CONFLICT DO NOTHING)."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        dialect = postgresql if db.url.startswith("postgresql") else sqlite
        self._insert = dialect.insert

    async def first_time(self, update_id: int) -> bool:
        """True for the one caller that records this update id first."""
        statement = self._insert(ProcessedUpdate).values(
            update_id=update_id, received_at=self.clock.now()).on_conflict_do_nothing()
        async with self.db.transaction() as session:
            return (await session.execute(statement)).rowcount == 1

    async def forget_old(self) -> int:
        """Drop ids older than two days; returns how many."""
        async with self.db.transaction() as session:
            result = await session.execute(delete(ProcessedUpdate).where(
                ProcessedUpdate.received_at < self.clock.now() - KEEP))
            return result.rowcount
