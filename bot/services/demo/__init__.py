"""`python -m bot demo-data`: fill a database with synthetic residents, clearly marked as demo.

Residents get `is_demo = true`, negative Telegram ids (no real user has one) and the first name
"Demo"; demo broadcasts are created by user 0 and say [DEMO]. The service refuses to touch a
database that holds real residents. Rows go in with Core executemany in chunks, never as ORM
objects one by one.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.curriculum import Course
from bot.db.engine import Database
from bot.db.models import (
    ActivityDay,
    Broadcast,
    Delivery,
    ModuleProgress,
    Nudge,
    QuizAnswer,
    Resident,
    SurveyAnswer,
    table_of,
)
from bot.db.values import BroadcastStatus
from bot.services.demo.simulate import DEMO_ACTOR, Rows, Simulator

logger = logging.getLogger(__name__)

TABLES = {
    "residents": Resident,
    "module_progress": ModuleProgress,
    "quiz_answers": QuizAnswer,
    "survey_answers": SurveyAnswer,
    "activity_days": ActivityDay,
    "nudges": Nudge,
    "broadcast_deliveries": Delivery,
}
BROADCAST_AT = (0.25, 0.55, 0.85)  # share of the programme's days at which each broadcast went


class RealResidentsPresent(RuntimeError):
    """The database holds real residents: demo data would mix with them."""


class DemoPresent(RuntimeError):
    """The database already holds demo residents (use replace=True to start over)."""


@dataclass
class DemoSummary:
    """How many rows went into each table."""

    residents: int = 0
    module_progress: int = 0
    quiz_answers: int = 0
    survey_answers: int = 0
    activity_days: int = 0
    nudges: int = 0
    broadcasts: int = 0
    broadcast_deliveries: int = 0
    seconds: float = 0.0


class DemoDataService:
    """Generates demo residents and everything they would have done."""

    def __init__(self, db: Database, course: Course, clock: Clock, tz: ZoneInfo) -> None:
        self.db = db
        self.course = course
        self.clock = clock
        self.tz = tz

    async def generate(
        self,
        residents: int,
        *,
        days: int = 120,
        seed: int = 1,
        replace: bool = False,
        chunk: int = 2000,
    ) -> DemoSummary:
        """Add `residents` demo residents who joined over the last `days` days."""
        started = time.perf_counter()
        now = self.clock.now()
        summary = DemoSummary()
        async with self.db.transaction() as session:
            real = await session.scalar(select(func.count()).where(Resident.is_demo.is_(False)))
            if real:
                noun = "resident" if real == 1 else "residents"
                raise RealResidentsPresent(f"the database holds {real} real {noun}")
            demo = await session.scalar(select(func.count()).where(Resident.is_demo.is_(True)))
            if demo and not replace:
                raise DemoPresent(f"the database already holds {demo} demo residents")
            if demo:
                await session.execute(delete(Resident).where(Resident.is_demo.is_(True)))
            await session.execute(delete(Broadcast).where(Broadcast.created_by == DEMO_ACTOR))
            first_id = (await session.scalar(select(func.max(Resident.id))) or 0) + 1
            broadcasts = await self._broadcasts(session, now, days)
            summary.broadcasts = len(broadcasts)
        offset = now.astimezone(self.tz).utcoffset() or timedelta(0)
        sim = Simulator(self.course, now, days, seed, offset, broadcasts)
        for low in range(0, residents, chunk):
            rows = Rows()
            for i in range(low, min(low + chunk, residents)):
                sim.resident(first_id + i, rows)
            async with self.db.engine.begin() as conn:
                for name, model in TABLES.items():
                    batch = getattr(rows, name)
                    if batch:  # Core executemany: no ORM objects, no per-row RETURNING
                        await conn.execute(insert(table_of(model)), batch)
                    setattr(summary, name, getattr(summary, name) + len(batch))
            logger.info("demo data: %d of %d residents", min(low + chunk, residents), residents)
        await self._fix_sequences()
        summary.seconds = time.perf_counter() - started
        return summary

    async def _broadcasts(
        self, session: AsyncSession, now: datetime, days: int
    ) -> list[tuple[int, datetime]]:
        made: list[tuple[int, datetime]] = []
        start = now - timedelta(days=days)
        for number, share in enumerate(BROADCAST_AT, start=1):
            at = start + timedelta(days=days * share, hours=3)
            broadcast = Broadcast(
                created_by=DEMO_ACTOR,
                moderator_locale="id",
                created_at=at - timedelta(hours=2),
                status=BroadcastStatus.DONE,
                text_id=f"[DEMO] Siaran contoh {number}",
                text_en=f"[DEMO] Sample broadcast {number}",
                audience={"demo": True},
                scheduled_at=at,
                started_at=at,
                finished_at=at + timedelta(minutes=20),
            )
            session.add(broadcast)
            await session.flush()
            made.append((broadcast.id, at))
        return made

    async def _fix_sequences(self) -> None:
        """PostgreSQL: move the id sequences past the explicit ids we inserted."""
        async with self.db.transaction() as session:
            if self.db.engine.dialect.name != "postgresql":
                return
            await session.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('residents', 'id'), "
                    "(SELECT COALESCE(MAX(id), 1) FROM residents))"
                )
            )


def summary_lines(summary: DemoSummary) -> list[str]:
    """`table: rows` lines for the CLI."""
    return [
        f"{f.name}: {getattr(summary, f.name):,}" for f in fields(summary) if f.name != "seconds"
    ]
