"""Quiz statistics that show test-wiseness: right answers that are the longest option or a number.

A question is "longest" when its right option is strictly the longest (in characters) in the
Indonesian or in the English text; it is "numeric" when its right option holds a digit. A course
where the right answer is usually the longest option, or usually a figure, can be passed without
understanding (content review, C3). The contract for the course: in each module at most
`MAX_PER_MODULE` of each, and over the course each share at most `MAX_COURSE_SHARE`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.curriculum.checker import LOCALES
from bot.curriculum.model import Course, Module, Question

MAX_PER_MODULE = 1
MAX_COURSE_SHARE = 0.25
_DIGIT = re.compile(r"\d")


def is_longest(question: Question) -> bool:
    """The right option is strictly longer than every other option, in either language."""
    for locale in LOCALES:
        lengths = [len(option.get(locale)) for option in question.options]
        right = lengths.pop(question.correct)
        if all(right > other for other in lengths):
            return True
    return False


def is_numeric(question: Question) -> bool:
    """The right option holds a digit, in either language."""
    right = question.options[question.correct]
    return any(_DIGIT.search(right.get(locale)) for locale in LOCALES)


@dataclass(frozen=True)
class ModuleQuizStats:
    """One module's quiz: how many questions, and the ids of the "longest" and "numeric" ones."""

    module: Module
    longest: tuple[str, ...]
    numeric: tuple[str, ...]

    @property
    def questions(self) -> int:
        """Questions in the module's quiz."""
        return len(self.module.questions)


@dataclass(frozen=True)
class QuizStats:
    """Every module's figures and the course's shares."""

    modules: tuple[ModuleQuizStats, ...]

    @property
    def questions(self) -> int:
        """Questions in the whole course."""
        return sum(m.questions for m in self.modules)

    def share(self, kind: str) -> float:
        """Share of the course's questions that are `kind` ("longest" or "numeric")."""
        total = self.questions
        return sum(len(getattr(m, kind)) for m in self.modules) / total if total else 0.0

    def warnings(self) -> list[str]:
        """One line per threshold crossed, naming the module and its questions."""
        lines = []
        for m in self.modules:
            for kind, ids in (("longest", m.longest), ("numeric", m.numeric)):
                if len(ids) > MAX_PER_MODULE:
                    lines.append(
                        f"{m.module.id}: {len(ids)} {kind} questions ({', '.join(ids)}), "
                        f"at most {MAX_PER_MODULE}"
                    )
        for kind in ("longest", "numeric"):
            if self.share(kind) > MAX_COURSE_SHARE:
                lines.append(
                    f"course: {self.share(kind):.0%} of the questions are {kind}, at "
                    f"most {MAX_COURSE_SHARE:.0%}"
                )
        return lines


def quiz_stats(course: Course) -> QuizStats:
    """The statistics of every module's quiz."""
    return QuizStats(
        tuple(
            ModuleQuizStats(
                module,
                tuple(q.id for q in module.questions if is_longest(q)),
                tuple(q.id for q in module.questions if is_numeric(q)),
            )
            for module in course.modules
        )
    )
