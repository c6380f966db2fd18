"""The review ladder: a question answered wrong comes back after 1, 3 and 7 days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.curriculum import Question
from bot.db.models import Resident, ReviewItem
from bot.services.journey import find_resident
from bot.services.passmark import retry
from bot.services.resident_service import ResidentService
from bot.services.stage import Stage
from bot.services.steps import Outcome, QuizFeedback

# Wait before each review; a question still answered wrong after the last one leaves the ladder,
# unless its module is not yet passed: then it stays at the last wait, so it can still be retried.
REVIEW_STEPS = (timedelta(days=1), timedelta(days=3), timedelta(days=7))


@dataclass(frozen=True)
class ReviewStep:
    """A question to review, and how many questions are in the ladder with it."""

    question: Question
    remaining: int


@dataclass(frozen=True)
class NothingToReview:
    """Nothing due now: `waiting` questions come back later (the first at `next_due`), and
    whether the resident has finished the course (then there is nothing to continue)."""

    waiting: int = 0
    next_due: datetime | None = None
    finished: bool = False


Review = ReviewStep | NothingToReview


class ReviewService(ResidentService):
    """/ulang and the answers to review questions."""

    async def _next(
        self, session: AsyncSession, resident: Resident, due_by: datetime | None = None
    ) -> Review:
        """The earliest question in the ladder (only those due by `due_by` when given)."""
        rows = (
            await session.execute(
                select(ReviewItem.question_id, ReviewItem.due_at)
                .where(ReviewItem.resident_id == resident.id)
                .order_by(ReviewItem.due_at, ReviewItem.question_id)
            )
        ).all()
        course = self.journey.course
        known = [(q, due) for qid, due in rows if (q := course.question(qid)) is not None]
        due = [q for q, at in known if due_by is None or at <= due_by]
        if not due:
            return NothingToReview(
                len(known), known[0][1] if known else None, resident.stage == Stage.FINISHED
            )
        return ReviewStep(due[0], len(known))

    async def start(
        self, telegram_id: int, language_code: str | None = None
    ) -> Outcome[None, Review]:
        """The question due first (or, with none due, the next one early), or NothingToReview."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id, lock=True)
            if resident is None:
                return Outcome(self.default_locale, stale="consent")
            await self.journey.activity.record_activity(session, resident)
            return Outcome(resident.locale, await self._next(session, resident))

    async def answer(
        self, telegram_id: int, question_id: str, option: int
    ) -> Outcome[QuizFeedback, Review]:
        """Right: the question leaves the ladder. Wrong: it climbs to the next, longer wait."""
        question = self.journey.course.question(question_id)
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id, lock=True)
            if resident is None:
                return Outcome(self.default_locale, stale="consent")
            if question is None:
                return Outcome(resident.locale, stale="changed")
            if not 0 <= option < len(question.options):
                return Outcome(resident.locale, stale="forged")
            item = await session.get(ReviewItem, (resident.id, question_id), with_for_update=True)
            if item is None:
                return Outcome(resident.locale, stale="answered")
            now = await self.journey.activity.record_activity(session, resident, learned=True)
            correct = option == question.correct
            counted = await retry(session, self.journey.course, resident.id, question, correct, now)
            if correct or (item.step + 1 >= len(REVIEW_STEPS) and counted.was_passed):
                await session.execute(
                    delete(ReviewItem).where(
                        ReviewItem.resident_id == resident.id, ReviewItem.question_id == question_id
                    )
                )
            else:
                item.step = min(item.step + 1, len(REVIEW_STEPS) - 1)
                item.due_at = now + REVIEW_STEPS[item.step]
            await session.flush()
            await self.journey.activity.reschedule(session, resident, now)
            step = await self._next(session, resident, due_by=now)
            return Outcome(
                resident.locale, step, QuizFeedback(question, option, correct, counted.newly_passed)
            )
