"""Residents per area, and per day: who registered, was active, started, finished or left.

One scan of `residents` counts every per-resident figure; "has done X in the period" is an
`IN (subquery)` that the database evaluates once (a hashed subplan on PostgreSQL, an ephemeral
index on SQLite) instead of a COUNT(DISTINCT) that sorts every row of the bigger table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.models import ActivityDay, Broadcast, Delivery, ModuleProgress, Nudge
from bot.db.models import Resident as R
from bot.services.reports.window import Window, as_date, count_if


async def resident_kinds(conn: AsyncConnection) -> tuple[bool, bool]:
    """(any real residents, any demo residents)."""
    rows = await conn.execute(select(R.is_demo).distinct())
    kinds = {bool(kind) for (kind,) in rows}
    return False in kinds, True in kinds


@dataclass
class AreaCounts:
    """Residents of one area (those in scope of the window)."""

    total: int = 0  # registered by the period's end
    registered: int = 0  # registered in the period (the cohort)
    finished: int = 0  # ... in the period; stopped and blocked likewise
    stopped: int = 0
    blocked: int = 0
    cohort_finished: int = 0  # of the cohort, finished by the period's end
    active: int = 0  # with an activity day in the period
    started: int = 0  # whose first module started in the period
    cohort_started: int = 0  # of the cohort, started a module by the period's end
    reached: int = 0  # were sent any of the broadcasts that started in the period
    nudged: int = 0  # were sent a nudge in the period


def _figures(
    w: Window, first_start: SQLColumnExpression[datetime | None]
) -> list[ColumnElement[int]]:
    """The columns of `AreaCounts`, in its order; `first_start`: when the resident started
    their first module (NULL: never)."""
    registered = w.during(R.consented_at)
    reached = (
        select(Delivery.resident_id)
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .where(w.during(Broadcast.started_at))
    )
    return [
        count_if(R.consented_at < w.end),
        count_if(registered),
        count_if(w.during(R.finished_at)),
        count_if(w.during(R.stopped_at)),
        count_if(w.during(R.blocked_at)),
        count_if(and_(registered, R.finished_at < w.end)),
        count_if(R.id.in_(_ids(ActivityDay, w.on_days(ActivityDay.day)))),
        count_if(w.during(first_start)),
        count_if(and_(registered, first_start < w.end)),
        count_if(R.id.in_(reached.distinct())),
        count_if(R.id.in_(_ids(Nudge, and_(Nudge.status == "sent", w.during(Nudge.sent_at))))),
    ]


def _ids(model: type[ActivityDay] | type[Nudge], condition: ColumnElement[bool]) -> Select[Any]:
    """The distinct residents with a row of `model` meeting `condition`."""
    return select(model.resident_id).where(condition).distinct()


async def residents(conn: AsyncConnection, w: Window) -> dict[str | None, AreaCounts]:
    """Residents per area: in total, registered, active, started, finished, stopped and
    blocked in the period, and those reached by broadcasts and nudges."""
    first = (
        select(ModuleProgress.resident_id, func.min(ModuleProgress.started_at).label("at"))
        .group_by(ModuleProgress.resident_id)
        .subquery()
    )
    query = (
        select(w.area(), *_figures(w, first.c.at))
        .outerjoin_from(R, first, first.c.resident_id == R.id)
        .where(*w.scope())
        .group_by(*w.by_area())
    )
    return {area: AreaCounts(*values) for area, *values in await conn.execute(query)}


async def daily_active(conn: AsyncConnection, w: Window) -> list[tuple[date, int]]:
    """Residents active on each day of the period (days with nobody are left out)."""
    query = w.residents_of(
        select(ActivityDay.day, func.count()).where(w.on_days(ActivityDay.day)),
        ActivityDay.resident_id,
    )
    query = query.group_by(ActivityDay.day).order_by(ActivityDay.day)
    return [(as_date(day), n) for day, n in await conn.execute(query)]
