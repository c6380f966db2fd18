"""The two ceilings the bot's update rate is measured against (see bench/updates.py).

E: a bare python-telegram-bot Application echoing text through the Bot API double.
D: the bare database unit of work: read a resident, update their progress, insert an answer.
"""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import insert, select, update
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench.residents import FIRST_ID, NOW
from bench.taps import Tappers
from bot.db.engine import Database
from bot.db.models import ModuleProgress, QuizAnswer, Resident
from bot.double import BOT_TOKEN, DoubleRequest, FakeTelegram


async def handle(app: Application, raw: dict) -> float:
    """Handle one raw update as PTB's update fetcher would; return the seconds it took."""
    started = time.perf_counter()
    await app.process_update(Update.de_json(raw, app.bot))
    return time.perf_counter() - started


class EchoRun:
    """E: a bare PTB Application that echoes every text message through the same double."""

    def __init__(self) -> None:
        self.api = FakeTelegram()
        self.app = (
            ApplicationBuilder()
            .token(BOT_TOKEN)
            .request(DoubleRequest(self.api))
            .get_updates_request(DoubleRequest(self.api))
            .build()
        )
        self.app.add_handler(MessageHandler(filters.TEXT, self.echo))
        self.crowd = Tappers(self.api, 1, 500)
        self.done = 0
        self.busy = 0.0

    @staticmethod
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Reply with the message's text."""
        await update.message.reply_text(update.message.text)

    async def run(self, updates: int) -> None:
        """Echo `updates` more messages."""
        for _ in range(updates):
            tapper = self.crowd.order[self.done % len(self.crowd.order)]
            self.busy += await handle(self.app, tapper.message(f"Halo, apa kabar? {self.done}"))
            self.done += 1
        self.api.calls.clear()
        self.api.messages.clear()


class UnitRun:
    """D: one transaction that reads a resident, updates their progress, inserts an answer."""

    MODULE = "m01-risiko-jakarta"

    def __init__(self, db: Database) -> None:
        self.db = db
        self.ids: list[int] = []
        self.done = 0
        self.busy = 0.0

    async def prepare(self) -> None:
        """Module progress rows for the first 1,000 background residents."""
        async with self.db.transaction() as session:
            self.ids = list(
                (
                    await session.scalars(
                        select(Resident.id)
                        .where(Resident.telegram_id >= FIRST_ID)
                        .order_by(Resident.id)
                        .limit(1000)
                    )
                ).all()
            )
            await session.execute(
                insert(ModuleProgress),
                [
                    {
                        "resident_id": rid,
                        "module_id": self.MODULE,
                        "card_index": 0,
                        "started_at": NOW,
                    }
                    for rid in self.ids
                ],
            )

    async def run(self, units: int) -> None:
        """`units` more units of work, one transaction each."""
        started = time.perf_counter()
        for _ in range(units):
            n = self.done
            async with self.db.transaction() as session:
                resident = await session.scalar(
                    select(Resident)
                    .where(Resident.telegram_id == FIRST_ID + n % len(self.ids))
                    .with_for_update()
                )
                await session.execute(
                    update(ModuleProgress)
                    .where(
                        ModuleProgress.resident_id == resident.id,
                        ModuleProgress.module_id == self.MODULE,
                    )
                    .values(card_index=ModuleProgress.card_index + 1)
                )
                session.add(
                    QuizAnswer(
                        resident_id=resident.id,
                        module_id=self.MODULE,
                        question_id=f"bench-q{n}",
                        option=n % 4,
                        correct=n % 4 == 0,
                        answered_at=NOW + timedelta(seconds=n),
                    )
                )
            self.done += 1
        self.busy += time.perf_counter() - started
