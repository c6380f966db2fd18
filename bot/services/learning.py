"""Lessons and quizzes: resume, move to the next card, answer a question (once)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bot.db.models import ModuleProgress, QuizAnswer, ReviewItem
from bot.services.journey import find_resident
from bot.services.locale import locale_for
from bot.services.resident_service import ResidentService
from bot.services.review import REVIEW_STEPS
from bot.services.steps import (
    AskConsent,
    CardStep,
    Outcome,
    QuestionStep,
    QuizFeedback,
    Step,
)


class LearningService(ResidentService):
    """The rules of moving through a module: cards in order, then its quiz."""

    async def resume(self, telegram_id: int, language_code: str | None = None) -> Outcome:
        """/belajar: exactly where the resident left off (consent first for a newcomer)."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id, lock=True)
            if resident is None:
                return Outcome(locale_for(None, language_code, self.default_locale), AskConsent())
            await self.journey.activity.record_activity(session, resident)
            return Outcome(resident.locale, await self.journey.apply_transitions(session, resident))

    async def current_step(self, telegram_id: int, language_code: str | None = None) -> Outcome:
        """What the resident is at now, to show it again; reads only (nothing is saved)."""
        async with self.db.snapshot() as session:
            resident = await find_resident(session, telegram_id)
            if resident is None:
                return Outcome(locale_for(None, language_code, self.default_locale), AskConsent())
            return Outcome(resident.locale, await self.journey.next_step(session, resident))

    async def next_card(self, telegram_id: int, module_id: str, index: int) -> Outcome:
        """ "Lanjut" on card `index`: only the card on screen moves the resident on."""
        async with self.db.transaction() as session:
            resident = await find_resident(session, telegram_id, lock=True)
            if resident is None:
                return Outcome(self.default_locale, stale="consent")
            if self.journey.course.module(module_id) is None:
                return Outcome(resident.locale, stale="changed")
            planned = await self.journey.settle(session, resident)
            current = planned.step
            if not (
                isinstance(current, CardStep)
                and current.module.id == module_id
                and current.index == index
            ):
                return Outcome(resident.locale, stale="old")
            await session.execute(
                update(ModuleProgress)
                .where(
                    ModuleProgress.resident_id == resident.id,
                    ModuleProgress.module_id == module_id,
                )
                .values(card_index=index + 1)
            )
            await self.journey.activity.record_activity(session, resident, learned=True)
            module = current.module
            if index + 1 < len(module.cards):  # the next card needs no second look at the DB
                step: Step = CardStep(
                    module, current.module_count, module.cards[index + 1], index + 1
                )
            else:
                moved = planned.state.at_card(module_id, index + 1)
                step = await self.journey.apply_transitions(session, resident, moved)
            return Outcome(resident.locale, step)

    async def answer(
        self, telegram_id: int, question_id: str, option: int
    ) -> Outcome[QuizFeedback]:
        """Record the first answer to the question on screen and say what comes next."""
        question = self.journey.course.question(question_id)
        locale = self.default_locale
        try:
            async with self.db.transaction() as session:
                resident = await find_resident(session, telegram_id, lock=True)
                if resident is None:
                    return Outcome(locale, stale="consent")
                locale = resident.locale
                if question is None:
                    return Outcome(locale, stale="changed")
                if not 0 <= option < len(question.options):
                    return Outcome(locale, stale="forged")
                planned = await self.journey.settle(session, resident)
                current = planned.step
                if not (isinstance(current, QuestionStep) and current.question.id == question_id):
                    already = await session.scalar(
                        select(QuizAnswer.id).where(
                            QuizAnswer.resident_id == resident.id,
                            QuizAnswer.question_id == question_id,
                        )
                    )
                    return Outcome(locale, stale="answered" if already else "old")
                correct = option == question.correct
                now = await self.journey.activity.record_activity(session, resident, learned=True)
                session.add(
                    QuizAnswer(
                        resident_id=resident.id,
                        module_id=question.module_id,
                        question_id=question_id,
                        option=option,
                        correct=correct,
                        answered_at=now,
                    )
                )
                if not correct:
                    session.add(
                        ReviewItem(
                            resident_id=resident.id,
                            question_id=question_id,
                            step=0,
                            due_at=now + REVIEW_STEPS[0],
                        )
                    )
                await session.flush()
                module, following = current.module, current.index + 1
                # Questions are answered in order, so the next one is known without a query,
                # and after the last one the journey plans from what it read plus this answer.
                step = (
                    QuestionStep(module, module.questions[following], following)
                    if following < len(module.questions)
                    else await self.journey.apply_transitions(
                        session, resident, planned.state.answered(question_id, correct)
                    )
                )
                return Outcome(locale, step, QuizFeedback(question, option, correct))
        except IntegrityError:
            return Outcome(locale, stale="answered")
