"""Simulated residents: one plausible journey each, as plain rows ready for bulk insert.

Realistic on purpose, so that a demo report looks like a real one: areas weighted by population,
drop-off through onboarding and the modules, quiz questions of varying difficulty, a modest
positive shift between the surveys, gaps in activity that draw nudges, and broadcasts.
"""

from __future__ import annotations

import hashlib
import itertools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.curriculum import Course
from bot.services.demo.journey import ResidentJourney
from bot.services.stage import Stage

# Population of each area in millions (BPS DKI Jakarta, rounded); "None" is a skipped question.
REGION_WEIGHTS = {
    "jaktim": 3.1,
    "jakbar": 2.5,
    "jaksel": 2.3,
    "jakut": 1.8,
    "jakpus": 1.1,
    "kepseribu": 0.03,
}
AGE_WEIGHTS = {"u18": 5, "18-24": 22, "25-34": 28, "35-44": 21, "45-54": 13, "55-59": 4, "60p": 3}
SOURCES = {"": 45, "rw05": 10, "puskesmas": 12, "ig-bpbd": 18, "kelurahan": 10, "sekolah": 5}
DEMO_ACTOR = 0  # `broadcasts.created_by` of demo broadcasts: no Telegram user has id 0


@dataclass
class Rows:
    """Rows for each table, as dicts for SQLAlchemy Core executemany."""

    residents: list[dict[str, Any]] = field(default_factory=list)
    module_progress: list[dict[str, Any]] = field(default_factory=list)
    quiz_answers: list[dict[str, Any]] = field(default_factory=list)
    survey_answers: list[dict[str, Any]] = field(default_factory=list)
    activity_days: list[dict[str, Any]] = field(default_factory=list)
    nudges: list[dict[str, Any]] = field(default_factory=list)
    broadcast_deliveries: list[dict[str, Any]] = field(default_factory=list)


def _stable(text: str) -> float:
    """A number in [0, 1) fixed by `text`, so question difficulty is the same in every run."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) / 2**32


class Simulator:
    """Makes residents' journeys between `start` and `now` (UTC) with one random generator."""

    def __init__(
        self,
        course: Course,
        now: datetime,
        days: int,
        seed: int,
        jakarta_offset: timedelta,
        broadcasts: list[tuple[int, datetime]],
    ) -> None:
        self.course = course
        self.now = now
        self.start = now - timedelta(days=days)
        self.days = days
        self.rng = random.Random(seed)
        self.offset = jakarta_offset
        self.broadcasts = broadcasts
        regions = [r for r in course.regions if r.id in REGION_WEIGHTS]
        self.regions = regions
        self.region_weights = [REGION_WEIGHTS[r.id] for r in regions]
        # Sign-ups grow over the programme, with two campaign weeks.
        weights = []
        for d in range(days):
            w = 1.0 + 2.0 * d / days
            if days // 3 <= d < days // 3 + 7 or 2 * days // 3 <= d < 2 * days // 3 + 7:
                w *= 2.5
            weights.append(w)
        self.day_weights = list(itertools.accumulate(weights))
        self.difficulty = {
            q.id: -1.3 + 3.3 * _stable(q.id) for m in course.modules for q in m.questions
        }

    def jakarta_day(self, moment: datetime) -> date:
        """The Jakarta date of `moment`."""
        return (moment + self.offset).date()

    def later(self, moment: datetime, mean_hours: float) -> datetime:
        """A random moment after `moment`, `mean_hours` later on average."""
        return moment + timedelta(hours=self.rng.expovariate(1.0 / mean_hours))

    def resident(self, resident_id: int, rows: Rows) -> None:
        """Simulate one resident and append their rows."""
        rng = self.rng
        day = rng.choices(range(self.days), cum_weights=self.day_weights)[0]
        # Evening peak in Jakarta: 19:00–22:00 local is 12:00–15:00 UTC.
        hour = rng.choice((1, 2, 3, 5, 6, 10, 11, 12, 12, 13, 13, 14, 14, 15))
        t = self.start + timedelta(days=day, hours=hour, minutes=rng.random() * 60)
        if t >= self.now:
            t = self.now - timedelta(minutes=rng.random() * 600)
        region = rng.choices(self.regions, self.region_weights)[0] if rng.random() > 0.08 else None
        district = None
        if region is not None and region.districts and rng.random() > 0.1:
            district = rng.choice(region.districts)[0]
        age = (
            rng.choices(list(AGE_WEIGHTS), list(AGE_WEIGHTS.values()))[0]
            if rng.random() > 0.15
            else None
        )
        source = rng.choices(list(SOURCES), list(SOURCES.values()))[0] or None
        resident = {
            "id": resident_id,
            "telegram_id": -resident_id,
            "chat_id": -resident_id,
            "first_name": "Demo",
            "locale": "en" if rng.random() < 0.07 else "id",
            "source": source,
            "region": region.id if region else None,
            "district": district,
            "age_band": age,
            "stage": Stage.LANGUAGE,
            "consented_at": t,
            "last_active_at": t,
            "finished_at": None,
            "stopped_at": None,
            "blocked_at": None,
            "is_demo": True,
        }
        rows.residents.append(resident)
        ResidentJourney(self, resident, rows).run(t)
