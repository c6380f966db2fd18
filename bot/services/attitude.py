"""A resident's own attitude score before and after the course, within one survey version."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.curriculum import Course
from bot.db.models import SurveyAnswer


@dataclass(frozen=True)
class AttitudeScores:
    """Mean scores (reverse items handled) of complete surveys; None where there is none.

    `paired` says that `pre` and `post` come from the same version of the survey, the only case
    in which they may be compared.
    """

    pre: float | None
    post: float | None
    version: int | None
    paired: bool


async def attitude_scores(
    session: AsyncSession, course: Course, resident_id: int
) -> AttitudeScores:
    """The resident's scores: a survey counts only when every statement of its version was
    answered; the latest version answered both times wins, else the latest of each phase."""
    rows = await session.execute(
        select(
            SurveyAnswer.version, SurveyAnswer.phase, SurveyAnswer.item_id, SurveyAnswer.value
        ).where(
            SurveyAnswer.resident_id == resident_id, SurveyAnswer.instrument == course.attitude.id
        )
    )
    answers: dict[tuple[int, str], dict[str, int]] = {}
    for version, phase, item_id, value in rows.all():
        answers.setdefault((version, phase), {})[item_id] = value
    means: dict[tuple[int, str], float] = {}
    for (version, phase), given in answers.items():
        instrument = course.instrument(course.attitude.id, version)
        if instrument is None or any(item.id not in given for item in instrument.items):
            continue
        scores = [instrument.score(item, given[item.id]) for item in instrument.items]
        means[(version, phase)] = sum(scores) / len(scores)
    both = sorted(v for v, phase in means if phase == "pre" and (v, "post") in means)
    if both:
        version = both[-1]
        return AttitudeScores(means[(version, "pre")], means[(version, "post")], version, True)
    pre = max((v for v, phase in means if phase == "pre"), default=None)
    post = max((v for v, phase in means if phase == "post"), default=None)
    return AttitudeScores(
        None if pre is None else means.get((pre, "pre")),
        None if post is None else means.get((post, "post")),
        post or pre,
        False,
    )


@dataclass(frozen=True)
class ChecklistChange:
    """How many checklist actions the resident had in place before and after the course (the
    current version, both times answered in full)."""

    before: int
    after: int
    items: int


async def checklist_change(
    session: AsyncSession, course: Course, resident_id: int
) -> ChecklistChange | None:
    """The resident's own checklist before and after, or None when either was skipped."""
    checklist = course.checklist
    rows = await session.execute(
        select(SurveyAnswer.phase, SurveyAnswer.item_id, SurveyAnswer.value).where(
            SurveyAnswer.resident_id == resident_id,
            SurveyAnswer.instrument == checklist.id,
            SurveyAnswer.version == checklist.version,
        )
    )
    given: dict[str, dict[str, int]] = {"pre": {}, "post": {}}
    for phase, item_id, value in rows.all():
        given.setdefault(phase, {})[item_id] = value
    ids = [item.id for item in checklist.items]
    if any(item not in given[phase] for phase in ("pre", "post") for item in ids):
        return None
    return ChecklistChange(
        sum(given["pre"][i] == 1 for i in ids), sum(given["post"][i] == 1 for i in ids), len(ids)
    )
