"""Before and after: residents who answered an instrument both times, summed per area and score.

One pass over `survey_answers` per instrument: a row per resident (in SQL), then per area and
pair of total scores, so only a few hundred rows leave the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.curriculum import Instrument
from bot.db.models import Resident, SurveyAnswer
from bot.services.reports.window import Window


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


async def pairs(
    conn: AsyncConnection, w: Window, instrument: Instrument, groups: Sequence[Sequence[str]]
) -> list[PairRow]:
    """Residents who answered every item of `instrument` (this version) before and after, the
    after-survey finished in the period, grouped by area and total scores (reverse items
    handled). Answers to other versions never pair."""
    sa = SurveyAnswer
    items = [item.id for item in instrument.items]
    reverse = [item.id for item in instrument.items if item.reverse]
    score = (
        case(
            (sa.item_id.in_(reverse), instrument.scale_min + instrument.scale_max - sa.value),
            else_=sa.value,
        )
        if reverse
        else sa.value
    )
    pre, post = sa.phase == "pre", sa.phase == "post"
    columns = [
        sa.resident_id,
        func.sum(case((pre, score), else_=0)).label("pre"),
        func.sum(case((post, score), else_=0)).label("post"),
    ]
    for i, ids in enumerate(groups):
        mine = sa.item_id.in_(list(ids))
        columns.append(func.sum(case((and_(pre, mine), score), else_=0)).label(f"pre{i}"))
        columns.append(func.sum(case((and_(post, mine), score), else_=0)).label(f"post{i}"))
    post_at = func.max(case((post, sa.answered_at)))
    per_resident = (
        select(*columns)
        .where(
            sa.instrument == instrument.id, sa.version == instrument.version, sa.item_id.in_(items)
        )
        .group_by(sa.resident_id)
        .having(
            func.count(case((pre, 1))) == len(items),
            func.count(case((post, 1))) == len(items),
            w.during(post_at),
        )
        .subquery()
    )
    pr = per_resident.c
    sums = []
    for i in range(len(groups)):
        change = pr[f"post{i}"] - pr[f"pre{i}"]
        sums += [func.sum(pr[f"pre{i}"]), func.sum(pr[f"post{i}"]), func.sum(change * change)]
    query = (
        select(w.area(), pr.pre, pr.post, func.count(), *sums)
        .join(Resident, Resident.id == pr.resident_id)
        .where(*w.scope())
        .group_by(*w.by_area(), pr.pre, pr.post)
    )
    rows = []
    for area, before, after, n, *group_sums in await conn.execute(query):
        triples = tuple(
            (int(group_sums[j]), int(group_sums[j + 1]), int(group_sums[j + 2]))
            for j in range(0, len(group_sums), 3)
        )
        rows.append(PairRow(area, int(before), int(after), n, triples))
    return rows
