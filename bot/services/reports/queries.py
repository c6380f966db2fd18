"""The report's SQL: GROUP BY aggregates in SQLAlchemy Core, the same on SQLite and PostgreSQL.

Every function takes one connection and a `Window` (period, area, demo or real residents) and
returns small aggregated rows, never one row per resident. Timestamps are compared as UTC
instants; activity days are Jakarta dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    case,
    distinct,
    false,
    func,
    null,
    or_,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.curriculum import Instrument
from bot.db.models import (
    ActivityDay,
    Broadcast,
    Delivery,
    ModuleProgress,
    Nudge,
    QuizAnswer,
    Resident,
    SurveyAnswer,
)


@dataclass(frozen=True)
class Window:
    """Which residents and which moments a query counts."""

    start: datetime | None       # UTC, inclusive; None: from the beginning
    end: datetime                # UTC, exclusive
    first_day: date | None       # Jakarta dates, inclusive
    last_day: date
    demo: bool | None = None     # only demo (True) or only real (False) residents; None: all
    region: str | None = None
    district: str | None = None

    def scope(self) -> list[ColumnElement[bool]]:
        """Conditions on `residents` for the area and the kind of resident."""
        conditions: list[ColumnElement[bool]] = []
        if self.demo is not None:
            conditions.append(Resident.is_demo.is_(true() if self.demo else false()))
        if self.region is not None:
            conditions.append(Resident.region == self.region)
        if self.district is not None:
            conditions.append(Resident.district == self.district)
        return conditions

    def area(self) -> ColumnElement[Any]:
        """The column a breakdown groups by: kota, the kota's kecamatan, or nothing."""
        if self.district is not None:
            return null().label("area")
        if self.region is not None:
            return Resident.district.label("area")
        return Resident.region.label("area")

    def during(self, column: SQLColumnExpression[datetime | None]) -> ColumnElement[bool]:
        """`column` (a timestamp) falls in the period."""
        if self.start is None:
            return column < self.end
        return and_(column >= self.start, column < self.end)

    def on_days(self, column: SQLColumnExpression[date | None]) -> ColumnElement[bool]:
        """`column` (a Jakarta date) falls in the period."""
        if self.first_day is None:
            return column <= self.last_day
        return and_(column >= self.first_day, column <= self.last_day)


def _count_if(condition: SQLColumnExpression[bool]) -> ColumnElement[int]:
    return func.count().filter(condition)


async def resident_kinds(conn: AsyncConnection) -> tuple[bool, bool]:
    """(any real residents, any demo residents)."""
    rows = await conn.execute(select(Resident.is_demo).distinct())
    kinds = {bool(kind) for (kind,) in rows}
    return False in kinds, True in kinds


@dataclass
class AreaCounts:
    """Per-area resident counts."""

    total: int = 0
    registered: int = 0
    finished: int = 0
    stopped: int = 0
    blocked: int = 0
    cohort_finished: int = 0
    active: int = 0
    started: int = 0


async def residents(conn: AsyncConnection, w: Window) -> dict[str | None, AreaCounts]:
    """Residents per area: in total, registered, finished, stopped and blocked in the period."""
    registered = w.during(Resident.consented_at)
    query = (
        select(w.area(), _count_if(Resident.consented_at < w.end), _count_if(registered),
               _count_if(w.during(Resident.finished_at)), _count_if(w.during(Resident.stopped_at)),
               _count_if(w.during(Resident.blocked_at)),
               _count_if(and_(registered, Resident.finished_at < w.end)))
        .where(*w.scope()).group_by(*_group(w))
    )
    counts: dict[str | None, AreaCounts] = {}
    for area, *values in await conn.execute(query):
        counts[area] = AreaCounts(*values)
    for area, n in await conn.execute(_active_query(w)):
        counts.setdefault(area, AreaCounts()).active = n
    for area, n in await conn.execute(_started_query(w)):
        counts.setdefault(area, AreaCounts()).started = n
    return counts


def _group(w: Window) -> tuple[SQLColumnExpression[Any], ...]:
    if w.district is not None:
        return ()
    return (Resident.district,) if w.region is not None else (Resident.region,)


def _active_query(w: Window) -> Select[Any]:
    return (select(w.area(), func.count(distinct(ActivityDay.resident_id)))
            .join(Resident, Resident.id == ActivityDay.resident_id)
            .where(w.on_days(ActivityDay.day), *w.scope()).group_by(*_group(w)))


def _started_query(w: Window) -> Select[Any]:
    first = (select(ModuleProgress.resident_id,
                    func.min(ModuleProgress.started_at).label("first"))
             .group_by(ModuleProgress.resident_id).subquery())
    return (select(w.area(), func.count())
            .join_from(first, Resident, Resident.id == first.c.resident_id)
            .where(w.during(first.c.first), *w.scope()).group_by(*_group(w)))


async def daily_active(conn: AsyncConnection, w: Window) -> list[tuple[date, int]]:
    """Residents active on each day of the period (days with nobody are left out)."""
    query = (select(ActivityDay.day, func.count())
             .join(Resident, Resident.id == ActivityDay.resident_id)
             .where(w.on_days(ActivityDay.day), *w.scope())
             .group_by(ActivityDay.day).order_by(ActivityDay.day))
    return [(_as_date(day), n) for day, n in await conn.execute(query)]


def _as_date(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


@dataclass
class Funnel:
    """The residents who registered in the period, and how far they got by its end."""

    started: int = 0
    modules: dict[str, int] = field(default_factory=dict)  # module id -> completed


async def funnel(conn: AsyncConnection, w: Window) -> Funnel:
    """Residents of the period's cohort who started the course and completed each module."""
    cohort = [w.during(Resident.consented_at), *w.scope()]
    per_module = (select(ModuleProgress.module_id, _count_if(ModuleProgress.completed_at < w.end))
                  .join(Resident, Resident.id == ModuleProgress.resident_id)
                  .where(*cohort).group_by(ModuleProgress.module_id))
    started = (select(func.count(distinct(ModuleProgress.resident_id)))
               .join(Resident, Resident.id == ModuleProgress.resident_id)
               .where(ModuleProgress.started_at < w.end, *cohort))
    result = Funnel(started=await conn.scalar(started) or 0)
    result.modules = {module_id: n for module_id, n in await conn.execute(per_module)}
    return result


async def quiz(conn: AsyncConnection, w: Window) -> dict[str, tuple[int, int]]:
    """Per question id: (first answers given in the period, of which right)."""
    query = (select(QuizAnswer.question_id, func.count(), _count_if(QuizAnswer.correct))
             .where(w.during(QuizAnswer.answered_at)).group_by(QuizAnswer.question_id))
    if w.demo is not None or w.region or w.district:
        query = query.join(Resident, Resident.id == QuizAnswer.resident_id).where(*w.scope())
    return {qid: (n, right) for qid, n, right in await conn.execute(query)}


async def quiz_residents(conn: AsyncConnection, w: Window) -> dict[str | None, int]:
    """Residents behind the period's quiz answers: per module id, and overall (key None)."""
    def residents(*group: SQLColumnExpression[Any]) -> Select[Any]:
        query = (select(*group, func.count(distinct(QuizAnswer.resident_id)))
                 .join(Resident, Resident.id == QuizAnswer.resident_id)
                 .where(w.during(QuizAnswer.answered_at), *w.scope()))
        return query.group_by(*group) if group else query
    result: dict[str | None, int] = {
        module: n for module, n in await conn.execute(residents(QuizAnswer.module_id))}
    result[None] = await conn.scalar(residents()) or 0
    return result


@dataclass
class NudgeCounts:
    """Nudges sent in the period."""

    sent: int = 0
    residents: int = 0
    followed: int = 0
    blocked: int = 0
    failed: int = 0


async def nudges(conn: AsyncConnection, w: Window) -> NudgeCounts:
    """Nudges sent in the period (and those that failed or met a block while being sent)."""
    sent = and_(Nudge.status == "sent", w.during(Nudge.sent_at))
    tried = w.during(Nudge.claimed_at)
    query = (select(_count_if(sent), func.count(distinct(case((sent, Nudge.resident_id)))),
                    _count_if(and_(sent, Nudge.responded_at.is_not(None))),
                    _count_if(and_(tried, Nudge.status == "blocked")),
                    _count_if(and_(tried, Nudge.status == "failed")))
             .join(Resident, Resident.id == Nudge.resident_id)
             .where(or_(tried, w.during(Nudge.sent_at)), *w.scope()))
    return NudgeCounts(*(await conn.execute(query)).one())


@dataclass
class BroadcastCounts:
    """One broadcast's deliveries to the residents in scope."""

    broadcast_id: int
    started_at: datetime
    recipients: int
    delivered: int
    blocked: int
    failed: int
    pending: int


async def broadcasts(conn: AsyncConnection, w: Window) -> list[BroadcastCounts]:
    """Broadcasts that started in the period, with their deliveries by status."""
    status = Delivery.status
    query = (select(Broadcast.id, Broadcast.started_at, func.count(), _count_if(status == "sent"),
                    _count_if(status == "blocked"), _count_if(status == "failed"),
                    _count_if(status == "pending"))
             .join(Delivery, Delivery.broadcast_id == Broadcast.id)
             .join(Resident, Resident.id == Delivery.resident_id)
             .where(w.during(Broadcast.started_at), *w.scope())
             .group_by(Broadcast.id, Broadcast.started_at).order_by(Broadcast.started_at))
    return [BroadcastCounts(bid, _utc(started), *counts)
            for bid, started, *counts in await conn.execute(query)]


async def broadcast_residents(conn: AsyncConnection, w: Window) -> int:
    """Residents in scope who were sent any of the period's broadcasts."""
    query = (select(func.count(distinct(Delivery.resident_id)))
             .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
             .join(Resident, Resident.id == Delivery.resident_id)
             .where(w.during(Broadcast.started_at), *w.scope()))
    return await conn.scalar(query) or 0


def _utc(moment: datetime | None) -> datetime:
    """SQLite hands timestamps back without a zone; the bot always stores UTC."""
    assert moment is not None  # the queries using this select only timestamps that are set
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@dataclass(frozen=True)
class PairRow:
    """Residents with the same area and the same total score before and after.

    `groups` holds, per item group (sub-scale or checklist item), the sums over these residents
    of the group's score before, after, and the squared change.
    """

    area: str | None
    before: int
    after: int
    residents: int
    groups: tuple[tuple[int, int, int], ...]


async def pairs(conn: AsyncConnection, w: Window, instrument: Instrument,
                groups: Sequence[Sequence[str]]) -> list[PairRow]:
    """Residents who answered every item of `instrument` (this version) before and after, the
    after-survey finished in the period, grouped by area and total scores (reverse items
    handled). Answers to other versions never pair."""
    sa = SurveyAnswer
    items = [item.id for item in instrument.items]
    reverse = [item.id for item in instrument.items if item.reverse]
    score = (case((sa.item_id.in_(reverse), instrument.scale_min + instrument.scale_max - sa.value),
                  else_=sa.value) if reverse else sa.value)
    pre, post = sa.phase == "pre", sa.phase == "post"
    columns = [sa.resident_id,
               func.sum(case((pre, score), else_=0)).label("pre"),
               func.sum(case((post, score), else_=0)).label("post")]
    for i, ids in enumerate(groups):
        mine = sa.item_id.in_(list(ids))
        columns.append(func.sum(case((and_(pre, mine), score), else_=0)).label(f"pre{i}"))
        columns.append(func.sum(case((and_(post, mine), score), else_=0)).label(f"post{i}"))
    post_at = func.max(case((post, sa.answered_at)))
    per_resident = (
        select(*columns).where(sa.instrument == instrument.id, sa.version == instrument.version,
                               sa.item_id.in_(items))
        .group_by(sa.resident_id)
        .having(func.count(case((pre, 1))) == len(items),
                func.count(case((post, 1))) == len(items), w.during(post_at))
        .subquery()
    )
    pr = per_resident.c
    sums = []
    for i in range(len(groups)):
        change = pr[f"post{i}"] - pr[f"pre{i}"]
        sums += [func.sum(pr[f"pre{i}"]), func.sum(pr[f"post{i}"]), func.sum(change * change)]
    query = (select(w.area(), pr.pre, pr.post, func.count(), *sums)
             .join(Resident, Resident.id == pr.resident_id).where(*w.scope())
             .group_by(*_group(w), pr.pre, pr.post))
    rows = []
    for area, before, after, n, *group_sums in await conn.execute(query):
        triples = tuple((int(group_sums[j]), int(group_sums[j + 1]), int(group_sums[j + 2]))
                        for j in range(0, len(group_sums), 3))
        rows.append(PairRow(area, int(before), int(after), n, triples))
    return rows
