"""The pass mark: a completed module is passed when enough of its questions were answered right.

A question counts as right when its first answer was right, or when the resident later answered
it right in review (/ulang or a review nudge). The certificate needs every module passed.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.curriculum import Course, Module, Question
from bot.db.engine import rowcount
from bot.db.models import ModuleProgress, QuizAnswer

PASS_SHARE = 0.75  # 3 of 3, 3 of 4, 4 of 5


def pass_mark(questions: int) -> int:
    """Right answers a module of `questions` questions needs."""
    return math.ceil(PASS_SHARE * questions)


@dataclass(frozen=True)
class ModuleStanding:
    """How a resident stands in one module.

    `asked` counts the module's current questions the resident answered: if a writer replaces
    questions after the resident finished, only the ones they saw are held against them.
    """

    module: Module
    completed: bool
    right: int
    asked: int

    @property
    def needed(self) -> int:
        """Right answers needed to pass."""
        return pass_mark(self.asked)

    @property
    def passed(self) -> bool:
        """Completed, with at least the pass mark right."""
        return self.completed and self.right >= self.needed


# A question counts as right when its first answer was right or a review answered it right.
ANSWERED_RIGHT = or_(QuizAnswer.correct, QuizAnswer.corrected_at.is_not(None))


async def right_answers(
    session: AsyncSession, resident_id: int, module_id: str | None = None
) -> dict[str, bool]:
    """question id -> right (first answer right, or answered right later in review)."""
    query = select(QuizAnswer.question_id, ANSWERED_RIGHT).where(
        QuizAnswer.resident_id == resident_id
    )
    if module_id is not None:
        query = query.where(QuizAnswer.module_id == module_id)
    rows = await session.execute(query)
    return {qid: bool(right) for qid, right in rows.all()}


async def standings(
    session: AsyncSession, course: Course, resident_id: int, only: Module | None = None
) -> list[ModuleStanding]:
    """The resident's standing in every module of the course (or only in `only`)."""
    modules = [only] if only is not None else list(course.modules)
    query = select(ModuleProgress.module_id).where(
        ModuleProgress.resident_id == resident_id, ModuleProgress.completed_at.is_not(None)
    )
    if only is not None:
        query = query.where(ModuleProgress.module_id == only.id)
    completed = set((await session.execute(query)).scalars())
    answers = await right_answers(session, resident_id, only.id if only else None)
    return module_standings(modules, completed, answers)


def module_standings(
    modules: Iterable[Module], completed: Collection[str], answers: Mapping[str, bool]
) -> list[ModuleStanding]:
    """The standing in each module, from the completed module ids and question id -> right."""
    result = []
    for module in modules:
        mine = [answers[q.id] for q in module.questions if q.id in answers]
        result.append(ModuleStanding(module, module.id in completed, sum(mine), len(mine)))
    return result


@dataclass(frozen=True)
class Retry:
    """What a review answer did to its module: passed before it, or passed because of it."""

    was_passed: bool
    newly_passed: Module | None


async def retry(
    session: AsyncSession,
    course: Course,
    resident_id: int,
    question: Question,
    correct: bool,
    now: datetime,
) -> Retry:
    """Count a review answer: a right one marks the first (wrong) answer as corrected."""
    module = course.module(question.module_id)
    if module is None:
        return Retry(True, None)
    [before] = await standings(session, course, resident_id, only=module)
    if not correct or before.passed:
        if correct:
            await _mark_corrected(session, resident_id, question.id, now)
        return Retry(before.passed, None)
    gained = await _mark_corrected(session, resident_id, question.id, now)
    after = ModuleStanding(module, before.completed, before.right + gained, before.asked)
    return Retry(False, module if after.passed else None)


async def _mark_corrected(
    session: AsyncSession, resident_id: int, question_id: str, now: datetime
) -> int:
    """Mark a wrong first answer as answered right later; 1 when it was not marked before."""
    result = await session.execute(
        update(QuizAnswer)
        .where(
            QuizAnswer.resident_id == resident_id,
            QuizAnswer.question_id == question_id,
            QuizAnswer.correct.is_(False),
            QuizAnswer.corrected_at.is_(None),
        )
        .values(corrected_at=now)
    )
    return rowcount(result)
