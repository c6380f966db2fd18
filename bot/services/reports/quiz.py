"""The quiz section, protected as one hierarchy: questions add up to their module and modules
to the total, in answers and in right answers (one first answer per resident and question)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.curriculum import Course
from bot.services.reports.model import (
    Count,
    Hidden,
    ModuleQuizRow,
    QuestionRow,
    QuizSection,
    Value,
)
from bot.services.reports.privacy import Suppressor, mark_of

if TYPE_CHECKING:
    from bot.services.reports.assemble import Figures

HARDEST = 5
HARDEST_MIN_ANSWERS = 10  # a question answered fewer times is not ranked (nor below k)


def _shown(*cells: Count | Value) -> bool:
    return not any(isinstance(c, Hidden) for c in cells)


def section(s: Suppressor, f: Figures, course: Course) -> QuizSection:
    """Quiz answers overall, per module and per question; the hardest questions."""
    people = f.quiz_residents
    counts = {m.id: [f.quiz.get(q.id, (0, 0)) for q in m.questions] for m in course.modules}
    # Each row: right answers, wrong answers (their sum, the answers, is shown beside them).
    split = [
        [sum(r for _, r in counts[m.id]), sum(n - r for n, r in counts[m.id])]
        for m in course.modules
    ]
    module_marks, total_marks = s.with_totals(split)
    answers = s.column([sum(row) for row in split])
    modules, questions, ranked = [], [], []
    for m, row, marks, shown_n in zip(
        course.modules, split, module_marks, answers.cells, strict=True
    ):
        rows = [[r, n - r] for n, r in counts[m.id]]
        question_marks, marks = s.with_totals(rows, marks) if rows else ([], marks)
        shown_r = s.cells(row, marks)[0]
        share = s.share(
            row[0], sum(row), residents=people.get(m.id, 0), withheld=not _shown(shown_n, shown_r)
        )
        modules.append(ModuleQuizRow(m.number, m.id, m.title, shown_n, share))
        question_n = s.cells(
            [n for n, _ in counts[m.id]], s.parts([n for n, _ in counts[m.id]], mark_of(shown_n))
        )
        for q, (n, r), qn, qmarks in zip(
            m.questions, counts[m.id], question_n, question_marks, strict=True
        ):
            qr = s.cells([r, n - r], qmarks)[0]
            share = s.share(r, n, withheld=not _shown(qn, qr))
            questions.append(QuestionRow(m.number, q.id, q.text, qn, qr, share))
            if n >= max(s.threshold, HARDEST_MIN_ANSWERS) and _shown(share):
                ranked.append((r / n, len(questions) - 1))
    total, correct = sum(sum(row) for row in split), sum(row[0] for row in split)
    shown_total = s.count(total, withheld=answers.total_withheld)
    shown_correct = s.cells([correct, total - correct], total_marks)[0]
    hardest = tuple(questions[i] for _, i in sorted(ranked)[:HARDEST])
    return QuizSection(
        shown_total,
        shown_correct,
        s.share(
            correct,
            total,
            residents=people.get(None, 0),
            withheld=not _shown(shown_total, shown_correct),
        ),
        tuple(modules),
        tuple(questions),
        hardest,
    )
