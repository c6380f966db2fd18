"""A content summary for writers: modules, cards, questions and reading time."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.curriculum.model import Course, Module
from bot.curriculum.quizstats import quiz_stats

WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class ModuleSummary:
    """Counts for one module; reading time in minutes at 200 words a minute (Indonesian)."""

    number: int
    id: str
    cards: int
    questions: int
    words: int
    sources: int

    @property
    def minutes(self) -> int:
        """Whole minutes to read the cards and the quiz, at least one."""
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))


def _words(module: Module, locale: str) -> int:
    texts = [c.text.get(locale) for c in module.cards]
    for q in module.questions:
        texts += [q.text.get(locale), q.explanation.get(locale)]
        texts += [o.get(locale) for o in q.options]
    return sum(len(t.split()) for t in texts)


def summarize(course: Course, locale: str = "id") -> list[ModuleSummary]:
    """One summary row per module, in course order."""
    return [
        ModuleSummary(
            m.number, m.id, len(m.cards), len(m.questions), _words(m, locale), len(m.sources)
        )
        for m in course.modules
    ]


def render(course: Course) -> str:
    """The plain-text summary printed by `python -m bot content check`."""
    rows = summarize(course)
    stats = quiz_stats(course)
    header = (
        f"{'#':>2}  {'module':<26} {'cards':>5} {'quiz':>4} {'words':>5} {'min':>3} "
        f"{'src':>3} {'long':>4} {'num':>3}"
    )
    lines = [header]
    lines += [
        f"{r.number:>2}  {r.id:<26} {r.cards:>5} {r.questions:>4} {r.words:>5} "
        f"{r.minutes:>3} {r.sources:>3} {len(q.longest):>4} {len(q.numeric):>3}"
        for r, q in zip(rows, stats.modules, strict=True)
    ]
    lines.append(
        f"{len(rows)} modules, {sum(r.cards for r in rows)} cards (each module's action "
        f"included), {sum(r.questions for r in rows)} questions, "
        f"{sum(r.minutes for r in rows)} minutes of reading; survey v{course.attitude.version} "
        f"{len(course.attitude.items)} items, checklist v{course.checklist.version} "
        f"{len(course.checklist.items)} items, {len(course.regions)} areas with "
        f"{sum(len(r.districts) for r in course.regions)} kecamatan."
    )
    lines.append(
        f"Quiz: the right option is the longest in {stats.share('longest'):.0%} of the questions "
        f"and holds a number in {stats.share('numeric'):.0%} (long / num: per module at most 1, "
        f"over the course at most 25% each)."
    )
    return "\n".join(lines)
