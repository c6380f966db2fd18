"""Who a broadcast reaches: everyone, or one segment; never stopped, blocked or demo residents."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Resident
from bot.services.stage import Stage

# The stage groups a broadcast can be sent to (the keys are stored in audience specs).
STAGES = {
    "not_started": Stage.before(Stage.COURSE),
    "in_progress": (Stage.COURSE, Stage.SURVEY_POST),
    "finished": (Stage.FINISHED,),
}


def conditions(spec: dict[str, Any]) -> list[ColumnElement[bool]]:
    """SQL conditions for an audience spec such as {"kind": "region", "region": "jakut"}."""
    where: list[ColumnElement[bool]] = [
        Resident.stopped_at.is_(None),
        Resident.blocked_at.is_(None),
        Resident.is_demo.is_(False),
    ]
    kind = spec.get("kind")
    if kind == "region":
        where.append(Resident.region == spec["region"])
        if spec.get("district"):
            where.append(Resident.district == spec["district"])
    elif kind == "stage":
        where.append(Resident.stage.in_(STAGES[spec["stage"]]))
    elif kind == "locale":
        where.append(Resident.locale == spec["locale"])
    elif kind == "source":
        where.append(Resident.source == spec["source"])
    elif kind != "all":
        raise ValueError(f"unknown audience kind {kind!r}")
    return where


def valid(spec: dict[str, Any]) -> bool:
    """Whether a spec is one this module understands."""
    try:
        conditions(spec)
    except (KeyError, ValueError):
        return False
    return True


async def count(session: AsyncSession, spec: dict[str, Any]) -> int:
    """How many residents the spec reaches right now."""
    return await session.scalar(select(func.count()).where(*conditions(spec))) or 0


async def top_sources(session: AsyncSession, limit: int = 8) -> list[str]:
    """The most common deep-link sources, for the audience buttons."""
    rows = await session.execute(
        select(Resident.source)
        .where(Resident.source.is_not(None), Resident.is_demo.is_(False))
        .group_by(Resident.source)
        .order_by(func.count().desc(), Resident.source)
        .limit(limit)
    )
    return [source for (source,) in rows.all() if source is not None]
