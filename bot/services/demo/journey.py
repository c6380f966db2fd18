"""One simulated resident's way through onboarding, the surveys and the modules, with drop-off
along the way, quiz answers by question difficulty and ability, and a modest attitude shift."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.curriculum import Instrument, Module, SurveyItem
from bot.services.demo import outreach
from bot.services.journey_plan import survey_items
from bot.services.stage import ONBOARDING, Stage

if TYPE_CHECKING:
    from bot.services.demo.simulate import Rows, Simulator

# Chance of going on to module k+1 after completing module k: steep at first, then loyal.
CONTINUE = (0.76, 0.82, 0.86, 0.89, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97)
SUBSCALE_SHIFT = {"peluang": 0.55, "keberdayaan": 0.35, "kebersamaan": 0.25, "usaha": 0.4}
SUBSCALE_BIAS = {"peluang": -0.5, "keberdayaan": -0.1, "kebersamaan": 0.3, "usaha": -0.3}
CHECKLIST_PRE = (0.2, 0.5, 0.25, 0.12)


class ResidentJourney:
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
            t = t if index == 0 else self.sim.later(t, 30)
            finished = self._module(module, t)
            if finished is None:
                return self._finish()
            t = finished
            if index < len(CONTINUE) and rng.random() > CONTINUE[index]:
                return self._finish()
        self.r["stage"] = Stage.SURVEY_POST
        t, done = self._survey("post", self.sim.later(t, 0.2), complete=0.82, partial=0.04)
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
        """Activity days, a stop or block, the nudges gaps would have drawn, broadcasts."""
        rng, sim = self.rng, self.sim
        days = sorted({sim.jakarta_day(t) for t in self.events})
        self.rows.activity_days.extend({"resident_id": self.r["id"], "day": d} for d in days)
        events = sorted(self.events)
        gone = outreach.stop_or_block(rng, self.r, events, sim.now)
        self.rows.nudges += outreach.nudges(rng, self.r, events, gone, sim.now)
        self.rows.broadcast_deliveries += outreach.deliveries(rng, self.r, sim.broadcasts)
