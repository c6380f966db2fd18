"""The course in numbers: module completions of the period's cohort, and quiz answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.models import ModuleProgress, QuizAnswer, Resident
from bot.services.reports.window import Window, count_if


@dataclass
class Funnel:
    """The residents who registered in the period, and how far they got by its end."""

    started: int = 0
    modules: dict[str, int] = field(default_factory=dict)  # module id -> completed


async def completions(conn: AsyncConnection, w: Window) -> dict[str, int]:
    """Per module id: residents of the period's cohort who completed it by the period's end."""
    query = (
        select(ModuleProgress.module_id, count_if(ModuleProgress.completed_at < w.end))
        .join(Resident, Resident.id == ModuleProgress.resident_id)
        .where(w.during(Resident.consented_at), *w.scope())
        .group_by(ModuleProgress.module_id)
    )
    return {module_id: n for module_id, n in await conn.execute(query)}


async def quiz(conn: AsyncConnection, w: Window) -> dict[str, tuple[int, int]]:
    """Per question id: (first answers given in the period, of which right)."""
    query = w.residents_of(
        select(QuizAnswer.question_id, func.count(), count_if(QuizAnswer.correct)).where(
            w.during(QuizAnswer.answered_at)
        ),
        QuizAnswer.resident_id,
    )
    query = query.group_by(QuizAnswer.question_id)
    return {qid: (n, right) for qid, n, right in await conn.execute(query)}


async def quiz_residents(conn: AsyncConnection, w: Window) -> dict[str | None, int]:
    """Per module id: residents behind the period's quiz answers (each counted once)."""
    answered = w.residents_of(
        select(QuizAnswer.module_id, QuizAnswer.resident_id).where(
            w.during(QuizAnswer.answered_at)
        ),
        QuizAnswer.resident_id,
    )
    pairs = answered.distinct().subquery()
    query = select(pairs.c.module_id, func.count()).group_by(pairs.c.module_id)
    return {module: n for module, n in await conn.execute(query)}


async def quizzed(conn: AsyncConnection, w: Window) -> int:
    """Residents in scope who answered any quiz question in the period."""
    answered = select(QuizAnswer.resident_id).where(w.during(QuizAnswer.answered_at))
    query = select(func.count()).where(Resident.id.in_(answered.distinct()), *w.scope())
    return await conn.scalar(query) or 0
