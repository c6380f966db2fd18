"""The behaviour measure beside the checklist: each module's action, followed up days later.

Counted over the follow-ups asked in the period to residents of the area: how many were
answered by the period's end, and how. The share who did it is "Sudah" over "Sudah" + "Belum":
"Tidak relevan" (no business to plan for, no family to show the MCB) is left out of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func
from sqlalchemy import select as sql_select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.curriculum import Course, Text
from bot.db.models import ActionFollowup, Resident
from bot.services.reports.model import Count, Hidden, Value
from bot.services.reports.privacy import Suppressor
from bot.services.reports.window import Window


@dataclass(frozen=True)
class ActionCounts:
    """Follow-ups of one module asked in the period, and their answers by its end."""

    asked: int = 0
    done: int = 0
    not_yet: int = 0
    not_relevant: int = 0

    @property
    def answered(self) -> int:
        """Answered by the end of the period."""
        return self.done + self.not_yet + self.not_relevant


async def action_counts(conn: AsyncConnection, w: Window) -> dict[str, ActionCounts]:
    """Per module id: follow-ups asked in the period and their answers."""
    f = ActionFollowup
    answered = f.answered_at < w.end

    def answer(value: str) -> ColumnElement[int]:
        return func.count().filter(and_(answered, f.answer == value))

    query = (
        sql_select(
            f.module_id, func.count(), answer("done"), answer("not_yet"), answer("not_relevant")
        )
        .join(Resident, Resident.id == f.resident_id)
        .where(w.during(f.asked_at), *w.scope())
        .group_by(f.module_id)
    )
    return {mid: ActionCounts(*values) for mid, *values in await conn.execute(query)}


@dataclass(frozen=True)
class ActionRow:
    """One module's action: asked, answered, the three answers, and the share who did it."""

    module_number: int
    module_id: str
    followup: Text
    asked: Count
    answered: Count
    done: Count
    not_yet: Count
    not_relevant: Count
    share_done: Value


@dataclass(frozen=True)
class ActionSection:
    """Every module's action follow-up, in course order."""

    rows: tuple[ActionRow, ...]

    @property
    def asked(self) -> bool:
        """Whether any follow-up was asked in the period."""
        return any(row.asked != 0 for row in self.rows)


def actions(s: Suppressor, counts: dict[str, ActionCounts], course: Course) -> ActionSection:
    """The section, suppressed per module: a module asked of too few residents shows nothing
    but "<k"; within a module, the answers and the unanswered rest add up to those asked, so
    one small part withholds another (and the number asked, when nothing else can)."""
    rows = []
    for module in course.modules:
        followup = module.action.followup if module.action else None
        if followup is None:  # the module asks no follow-up
            continue
        c = counts.get(module.id, ActionCounts())
        parts = s.column([c.done, c.not_yet, c.not_relevant, c.asked - c.answered])
        done, not_yet, not_relevant, open_ = parts.cells
        answered = (
            s.hidden
            if s.small(c.asked)
            else s.count(c.answered, withheld=isinstance(open_, Hidden))
        )
        rows.append(
            ActionRow(
                module.number,
                module.id,
                followup,
                s.count(c.asked, withheld=parts.total_withheld),
                answered,
                done,
                not_yet,
                not_relevant,
                s.share(
                    c.done,
                    c.done + c.not_yet,
                    withheld=isinstance(done, Hidden) or isinstance(not_yet, Hidden),
                ),
            )
        )
    return ActionSection(tuple(rows))
