"""Simulated residents: one plausible journey each, as plain rows ready for bulk insert.

Realistic on purpose, so that a demo report looks like a real one: areas weighted by population,
drop-off through onboarding and the modules, quiz questions of varying difficulty, a modest
positive shift between the surveys, gaps in activity that draw nudges, and broadcasts.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.curriculum import Course, Instrument, Module, SurveyItem
from bot.services.journey_plan import survey_items
from bot.services.stage import ONBOARDING, Stage

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
# Chance of going on to module k+1 after completing module k: steep at first, then loyal.
CONTINUE = (0.76, 0.82, 0.86, 0.89, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97)
SUBSCALE_SHIFT = {"peluang": 0.55, "keberdayaan": 0.35, "kebersamaan": 0.25, "usaha": 0.4}
SUBSCALE_BIAS = {"peluang": -0.5, "keberdayaan": -0.1, "kebersamaan": 0.3, "usaha": -0.3}
CHECKLIST_PRE = (0.2, 0.5, 0.25, 0.12)
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

    def _day(self, moment: datetime) -> date:
        return (moment + self.offset).date()

    def _later(self, moment: datetime, mean_hours: float) -> datetime:
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
        journey = _Journey(self, resident, rows)
        journey.run(t)


class _Journey:
    """One resident's way through onboarding, surveys and modules."""

    def __init__(self, sim: Simulator, resident: dict[str, Any], rows: Rows) -> None:
        self.sim = sim
        self.rng = sim.rng
        self.r = resident
        self.rows = rows
        self.events: list[datetime] = []
        self.attitude = self.rng.gauss(3.0, 0.55)
        self.ability = self.rng.gauss(0.0, 0.8)
        self.checklist_pre: dict[str, int] = {}

    def _at(self, t: datetime, activity: bool = True) -> bool:
        """A tap at `t` (an activity day when it finishes a card, a quiz or a survey item);
        False when `t` is in the future, where the journey stops."""
        if t >= self.sim.now:
            return False
        if activity:
            self.events.append(t)
        self.r["last_active_at"] = t
        return True

    def run(self, t: datetime) -> None:
        rng = self.rng
        t = t + timedelta(minutes=1 + rng.random() * 3)
        for stage in ONBOARDING:
            self.r["stage"] = stage
            if rng.random() < 0.02 or not self._at(t, activity=False):
                return self._finish()
            self.r["stage"] = stage.following
            t += timedelta(seconds=20 + rng.random() * 40)
        t, done = self._survey("pre", t, complete=0.72, partial=0.06)
        if done is None:
            return self._finish()
        self.r["stage"] = Stage.COURSE
        if rng.random() > 0.86:
            return self._finish()
        for index, module in enumerate(self.sim.course.modules):
            t = t if index == 0 else self.sim._later(t, 30)
            finished = self._module(module, t)
            if finished is None:
                return self._finish()
            t = finished
            if index < len(CONTINUE) and rng.random() > CONTINUE[index]:
                return self._finish()
        self.r["stage"] = Stage.SURVEY_POST
        t, done = self._survey("post", self.sim._later(t, 0.2), complete=0.82, partial=0.04)
        if done:
            self.r["stage"] = Stage.FINISHED
            self.r["finished_at"] = t
        self._finish()

    def _survey(
        self, phase: str, t: datetime, complete: float, partial: float
    ) -> tuple[datetime, bool | None]:
        """Answer, half-answer or skip a survey; (time, finished?) or None when stopped there."""
        rng = self.rng
        roll = rng.random()
        items = survey_items(self.sim.course)
        if roll >= complete + partial:  # skipped: straight to what follows
            return t, (True if self._at(t, activity=False) else None)
        answered = len(items) if roll < complete else rng.randrange(1, len(items))
        for instrument, item in items[:answered]:
            t += timedelta(seconds=8 + rng.random() * 20)
            if not self._at(t):
                return t, None
            value = self._value(instrument, item, phase)
            self.rows.survey_answers.append(
                {
                    "resident_id": self.r["id"],
                    "instrument": instrument.id,
                    "version": instrument.version,
                    "phase": phase,
                    "item_id": item.id,
                    "value": value,
                    "answered_at": t,
                }
            )
        return t, (True if answered == len(items) else None)

    def _value(self, instrument: Instrument, item: SurveyItem, phase: str) -> int:
        rng = self.rng
        if instrument.kind != "likert":
            index = [i.id for i in instrument.items].index(item.id)
            chance = CHECKLIST_PRE[index % len(CHECKLIST_PRE)] + 0.08 * (self.attitude - 3.0)
            if phase == "pre":
                self.checklist_pre[item.id] = int(rng.random() < chance)
                return self.checklist_pre[item.id]
            was = self.checklist_pre.get(item.id, int(rng.random() < chance))
            return 1 if (was and rng.random() < 0.95) or rng.random() < 0.3 else 0
        view = self.attitude + SUBSCALE_BIAS.get(item.subscale or "", 0.0)
        if phase == "post":
            view += rng.gauss(SUBSCALE_SHIFT.get(item.subscale or "", 0.3), 0.35)
        agree = min(
            instrument.scale_max, max(instrument.scale_min, round(view + rng.gauss(0, 0.75)))
        )
        return instrument.scale_min + instrument.scale_max - agree if item.reverse else agree

    def _module(self, module: Module, t: datetime) -> datetime | None:
        """Cards then quiz; the time of completion, or None when the resident stops inside."""
        rng = self.rng
        progress = {
            "resident_id": self.r["id"],
            "module_id": module.id,
            "card_index": 0,
            "started_at": t,
            "completed_at": None,
            "score": None,
        }
        if not self._at(t, activity=False):
            return None
        self.rows.module_progress.append(progress)
        quits_at = (
            rng.randrange(len(module.cards) + len(module.questions))
            if rng.random() < 0.06
            else None
        )
        for step in range(len(module.cards)):
            t += timedelta(seconds=25 + rng.random() * 60)
            if step == quits_at or not self._at(t):
                return None
            progress["card_index"] = step + 1
        score = 0
        for number, question in enumerate(module.questions):
            t += timedelta(seconds=15 + rng.random() * 40)
            if len(module.cards) + number == quits_at or not self._at(t):
                return None
            logit = self.sim.difficulty[question.id] + self.ability + 0.03 * module.number
            correct = rng.random() < 1.0 / (1.0 + math.exp(-logit))
            option = (
                question.correct
                if correct
                else rng.choice([i for i in range(len(question.options)) if i != question.correct])
            )
            score += correct
            self.rows.quiz_answers.append(
                {
                    "resident_id": self.r["id"],
                    "module_id": module.id,
                    "question_id": question.id,
                    "option": option,
                    "correct": correct,
                    "answered_at": t,
                }
            )
        progress["completed_at"], progress["score"] = t, score
        return t

    def _finish(self) -> None:
        """Activity days, the nudges gaps would have drawn, a stop or block, broadcasts."""
        rng, sim = self.rng, self.sim
        days = sorted({sim._day(t) for t in self.events})
        self.rows.activity_days.extend({"resident_id": self.r["id"], "day": d} for d in days)
        events = sorted(self.events)
        gone = None
        if self.r["stage"] != Stage.FINISHED and events:
            roll = rng.random()
            when = events[-1] + timedelta(days=rng.uniform(1, 12))
            if when < sim.now and roll < 0.06:
                self.r["stopped_at"] = gone = when
            elif when < sim.now and roll < 0.15:
                self.r["blocked_at"] = gone = when
        self._nudges(events, gone)
        self._deliveries()

    def _nudges(self, events: list[datetime], gone: datetime | None) -> None:
        """A nudge a day after activity stops; it "worked" if activity came within 24 hours."""
        rng, sim = self.rng, self.sim
        if self.r["stage"] in ONBOARDING or not events:
            return
        for before, after in [*itertools.pairwise(events), (events[-1], None)]:
            if after is not None and after - before < timedelta(hours=30):
                continue
            sent = before + timedelta(hours=24 + rng.random() * 4)
            tries = 3 if after is None else 1
            for _ in range(tries):
                if sent >= sim.now or (after is not None and sent >= after):
                    break
                blocked = self.r["blocked_at"] is not None and sent >= self.r["blocked_at"]
                if gone is not None and sent >= gone and not blocked:
                    break
                status = "blocked" if blocked else ("failed" if rng.random() < 0.01 else "sent")
                followed = (
                    status == "sent" and after is not None and after - sent <= timedelta(hours=24)
                )
                self.rows.nudges.append(
                    {
                        "resident_id": self.r["id"],
                        "kind": "lesson",
                        "due_at": sent,
                        "claimed_at": sent,
                        "sent_at": sent if status == "sent" else None,
                        "status": status,
                        "responded_at": after if followed else None,
                    }
                )
                if blocked:
                    break
                sent += timedelta(days=3)

    def _deliveries(self) -> None:
        for broadcast_id, started in self.sim.broadcasts:
            r = self.r
            if r["consented_at"] >= started or (r["stopped_at"] and r["stopped_at"] < started):
                continue
            blocked = r["blocked_at"] is not None and r["blocked_at"] < started
            status = "blocked" if blocked else ("failed" if self.rng.random() < 0.01 else "sent")
            self.rows.broadcast_deliveries.append(
                {
                    "broadcast_id": broadcast_id,
                    "resident_id": r["id"],
                    "chat_id": r["chat_id"],
                    "locale": r["locale"],
                    "status": status,
                    "attempts": 1,
                    "claimed_at": started,
                    "sent_at": started + timedelta(seconds=1) if status == "sent" else None,
                }
            )
