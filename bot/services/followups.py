"""Action follow-ups: "Sudah sempat …?" asked once, a few days after a module, in the nudge slot.

A follow-up is planned when a module is completed, due at the start of the Jakarta day
`DELAY_DAYS` later. The nudge sweep asks it instead of that day's nudge (so the nudge rules hold:
slot, quiet hours, once a day, nothing for paused, stopped or blocked residents). One not asked
within `WINDOW` of its due time (the resident was away) is never asked: it would come too late.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.curriculum import Course, Module
from bot.db.models import ActionFollowup, table_of
from bot.db.values import ActionAnswer

DELAY_DAYS = 3
WINDOW = timedelta(days=14)
ANSWERS = tuple(ActionAnswer)


def due_after(completed_at: datetime, tz: ZoneInfo) -> datetime:
    """The start of the Jakarta day `DELAY_DAYS` after the module was completed."""
    day = completed_at.astimezone(tz).date() + timedelta(days=DELAY_DAYS)
    return datetime.combine(day, time(0, 0), tzinfo=tz).astimezone(completed_at.tzinfo)


def plan(
    session: AsyncSession, resident_id: int, module: Module, completed_at: datetime, tz: ZoneInfo
) -> None:
    """Plan the follow-up of a module the resident just completed."""
    if module.action is not None and module.action.followup is not None:
        session.add(
            ActionFollowup(
                resident_id=resident_id, module_id=module.id, due_at=due_after(completed_at, tz)
            )
        )


def _pending(course: Course, now: datetime) -> tuple[ColumnElement[bool], ...]:
    f = ActionFollowup
    return (
        f.asked_at.is_(None),
        f.due_at > now - WINDOW,
        f.module_id.in_([m.id for m in course.modules]),
    )


async def due_now(
    session: AsyncSession, course: Course, resident_ids: list[int], now: datetime
) -> dict[int, str]:
    """For each resident with a follow-up due now, the module of the earliest one."""
    f = ActionFollowup
    rows = await session.execute(
        select(f.resident_id, f.module_id)
        .where(f.resident_id.in_(resident_ids), f.due_at <= now, *_pending(course, now))
        .order_by(f.resident_id, f.due_at, f.module_id)
    )
    due: dict[int, str] = {}
    for resident_id, module_id in rows.all():
        due.setdefault(resident_id, module_id)
    return due


async def next_due(
    session: AsyncSession, course: Course, resident_ids: list[int], now: datetime
) -> dict[int, datetime]:
    """For each resident with a follow-up still to ask, when the earliest one is due."""
    f = ActionFollowup
    rows = await session.execute(
        select(f.resident_id, func.min(f.due_at))
        .where(f.resident_id.in_(resident_ids), *_pending(course, now))
        .group_by(f.resident_id)
    )
    return dict(rows.all())


async def mark_asked(
    session: AsyncSession, asked: list[tuple[int, str]], at: datetime | None
) -> None:
    """Record that these (resident, module) follow-ups went out at `at` (None: not after all)."""
    if not asked:
        return
    table = table_of(ActionFollowup)
    await session.execute(
        table.update()
        .where(table.c.resident_id == bindparam("rid"), table.c.module_id == bindparam("mid"))
        .values(asked_at=at),
        [{"rid": rid, "mid": mid} for rid, mid in asked],
    )
