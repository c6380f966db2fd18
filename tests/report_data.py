"""Hand-made report data: residents and what they did, written with plain Core inserts."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from bot.config import PROJECT_ROOT
from bot.curriculum import load_course
from bot.db.engine import Database
from bot.db.models import Base

COURSE = load_course(PROJECT_ROOT / "content")
TABLES = Base.metadata.tables


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A UTC instant."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


class Town:
    """Adds rows for a test; every helper is one small insert."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._ids = itertools.count(1)

    async def _insert(self, table: str, rows: list[dict]) -> None:
        async with self.db.engine.begin() as conn:
            await conn.execute(insert(TABLES[table]), rows)

    async def resident(
        self,
        *,
        at: datetime,
        region: str | None = "jakut",
        district: str | None = None,
        stage: str = "course",
        name: str = "Warga",
        demo: bool = False,
        **extra,
    ) -> int:
        """A consented resident; returns the row id."""
        rid = next(self._ids)
        row = {
            "id": rid,
            "telegram_id": 7_000_000 + rid,
            "chat_id": 7_000_000 + rid,
            "first_name": name,
            "locale": "id",
            "source": None,
            "region": region,
            "district": district,
            "age_band": None,
            "stage": stage,
            "consented_at": at,
            "last_active_at": at,
            "finished_at": None,
            "stopped_at": None,
            "blocked_at": None,
            "is_demo": demo,
        }
        row.update(extra)
        await self._insert("residents", [row])
        return rid

    async def attitude(
        self, rid: int, phase: str, positive: int, reverse: int, at: datetime
    ) -> None:
        """Every attitude item: `positive` for normal items, `reverse` for reverse-worded ones."""
        await self._insert(
            "survey_answers",
            [
                {
                    "resident_id": rid,
                    "instrument": COURSE.attitude.id,
                    "version": COURSE.attitude.version,
                    "phase": phase,
                    "item_id": item.id,
                    "value": reverse if item.reverse else positive,
                    "answered_at": at,
                }
                for item in COURSE.attitude.items
            ],
        )

    async def answers(
        self,
        rid: int,
        phase: str,
        values: dict[str, int],
        at: datetime,
        instrument: str | None = None,
        version: int | None = None,
    ) -> None:
        """Given items only (the attitude survey, stored as instrument "survey", by default),
        answered to `version` (the current one by default)."""
        instrument = instrument or COURSE.attitude.id
        version = version or COURSE.instrument(instrument).version
        await self._insert(
            "survey_answers",
            [
                {
                    "resident_id": rid,
                    "instrument": instrument,
                    "version": version,
                    "phase": phase,
                    "item_id": item,
                    "value": value,
                    "answered_at": at,
                }
                for item, value in values.items()
            ],
        )

    async def checklist(self, rid: int, phase: str, yes: tuple[int, ...], at: datetime) -> None:
        """Every checklist item, 1 = yes."""
        await self.answers(
            rid,
            phase,
            {item.id: value for item, value in zip(COURSE.checklist.items, yes, strict=True)},
            at,
            instrument=COURSE.checklist.id,
        )

    async def module(
        self, rid: int, number: int, started: datetime, completed: datetime | None = None
    ) -> None:
        """Progress in module `number` (1-based)."""
        module = COURSE.modules[number - 1]
        await self._insert(
            "module_progress",
            [
                {
                    "resident_id": rid,
                    "module_id": module.id,
                    "card_index": 0,
                    "started_at": started,
                    "completed_at": completed,
                    "score": None if completed is None else 0,
                }
            ],
        )

    async def quiz(self, rid: int, question_id: str, correct: bool, at: datetime) -> None:
        """A first quiz answer."""
        question = COURSE.question(question_id)
        option = question.correct if correct else (question.correct + 1) % len(question.options)
        await self._insert(
            "quiz_answers",
            [
                {
                    "resident_id": rid,
                    "module_id": question.module_id,
                    "question_id": question_id,
                    "option": option,
                    "correct": correct,
                    "answered_at": at,
                }
            ],
        )

    async def followup(
        self,
        rid: int,
        number: int,
        asked: datetime,
        answer: str | None = None,
        answered: datetime | None = None,
    ) -> None:
        """The action follow-up of module `number` (1-based), asked at `asked`."""
        await self._insert(
            "action_followups",
            [
                {
                    "resident_id": rid,
                    "module_id": COURSE.modules[number - 1].id,
                    "due_at": asked,
                    "asked_at": asked,
                    "answer": answer,
                    "answered_at": answered or (asked if answer else None),
                }
            ],
        )

    async def active(self, rid: int, *days: date) -> None:
        """Jakarta days with learning activity."""
        await self._insert("activity_days", [{"resident_id": rid, "day": d} for d in days])

    async def nudge(
        self, rid: int, status: str, at: datetime, responded: datetime | None = None
    ) -> None:
        """A nudge claimed (and for status sent, sent) at `at`."""
        await self._insert(
            "nudges",
            [
                {
                    "resident_id": rid,
                    "kind": "lesson",
                    "due_at": at,
                    "claimed_at": at,
                    "sent_at": at if status == "sent" else None,
                    "status": status,
                    "responded_at": responded,
                }
            ],
        )

    async def broadcast(self, started: datetime | None, deliveries: dict[int, str]) -> int:
        """A broadcast with one delivery per resident id and status."""
        async with self.db.engine.begin() as conn:
            result = await conn.execute(
                insert(TABLES["broadcasts"])
                .values(
                    created_by=1,
                    moderator_locale="id",
                    created_at=started or utc(2026, 1, 1),
                    status="done",
                    text_id="Halo",
                    text_en="Hello",
                    audience={"all": True},
                    started_at=started,
                )
                .returning(TABLES["broadcasts"].c.id)
            )
            bid = result.scalar_one()
            if deliveries:
                await conn.execute(
                    insert(TABLES["broadcast_deliveries"]),
                    [
                        {
                            "broadcast_id": bid,
                            "resident_id": rid,
                            "chat_id": rid,
                            "locale": "id",
                            "status": status,
                            "attempts": 1,
                            "claimed_at": started,
                            "sent_at": started + timedelta(seconds=1) if status == "sent" else None,
                        }
                        for rid, status in deliveries.items()
                    ],
                )
        return bid
