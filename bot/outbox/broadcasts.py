"""The broadcast sender: one task per bot process that drains pending deliveries.

Only the deployment's bulk sender (see `bot.shared_budget`) drains; the others wait to take over.
Deliveries go out through the outbox; their bookkeeping: blocked marks the resident, a retry
counts as an attempt (a bounded number of them), Telegram unreachable does not count. It keeps
the moderator's progress message up to date and reports when a broadcast is done. A database
outage is logged once, with back-off.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from telegram.error import TelegramError

from bot.background import cancelled
from bot.db.values import SendResult
from bot.outage import Outage
from bot.outbox.answers import Answer, Outcome
from bot.outbox.outbox import Message, Outbox
from bot.presentation.broadcast_status import progress_text, summary_text
from bot.ratelimit import SendBudget
from bot.services import Services
from bot.services.deliveries import DeliveryResult, DeliveryService, DeliveryToSend

logger = logging.getLogger(__name__)

BATCH = 50
AHEAD = 2  # claimed batches not yet sent, at most: the one sending and the next
PROGRESS_EVERY = 3.0  # seconds between edits of a progress message
IDLE_POLL = 1.0  # seconds between two looks for work (or for the bulk sender's lock)


class Deliveries:
    """Broadcast deliveries as a kind of bulk message."""

    def __init__(self, service: DeliveryService) -> None:
        self.service = service

    def message(self, delivery: DeliveryToSend) -> Message:
        """The broadcast's text (or photo and caption) in the resident's language."""
        return Message(delivery.chat_id, delivery.text, delivery.photo_file_id, paid=True)

    async def record(self, sent: list[tuple[DeliveryToSend, Outcome]]) -> None:
        """Store each delivery's status (see `DeliveryService.record`)."""
        await self.service.record([DeliveryResult(d, _status(o), o.error) for d, o in sent])


def _status(outcome: Outcome) -> SendResult:
    if outcome.answer is Answer.RETRY and outcome.unreachable:
        return SendResult.OFFLINE
    return SendResult(outcome.answer.value)


class BroadcastSender:
    """Drains deliveries; `drain()` once (tests), or `start()` a task that keeps draining."""

    def __init__(self, outbox: Outbox, services: Services, rate: float) -> None:
        self.outbox = outbox
        self.bot = outbox.bot
        self.services = services
        self.rate = rate
        self._deliveries = Deliveries(services.deliveries)
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._last_progress: dict[int, float] = {}
        self.sleep = asyncio.sleep
        self._database = Outage(logger, "broadcast sender (database)")

    @property
    def budget(self) -> SendBudget:
        """The send budget the outbox takes its slots from."""
        return self.outbox.budget

    def start(self) -> None:
        """Keep draining in the background until `stop()`."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="broadcast-sender")

    async def stop(self) -> None:
        """Stop after the batch in hand (its rows are recorded or reclaimed after the lease)."""
        await cancelled(self._task)
        self._task = None

    def wake(self) -> None:
        """Something new to send: do not wait for the next poll."""
        self._wake.set()

    async def _run(self) -> None:
        while True:
            try:
                await self.drain()
                self._database.recovered()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # keep the sender alive whatever one round hit
                await self.sleep(self._database.failed(exc))
                continue
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=IDLE_POLL)

    async def drain(self) -> int:
        """Start due scheduled broadcasts and send until nothing is pending; return the count.

        Does nothing unless this process is the deployment's bulk sender. The next batch is
        claimed while the last one is still sending, so the pace never waits for the database.
        """
        if not self.outbox.may_send:
            return 0
        deliveries = self.services.deliveries
        for broadcast_id in await deliveries.start_due():
            await self._post_status(broadcast_id)
        batches: list[asyncio.Task[int]] = []
        try:
            while self.outbox.may_send and (batch := await deliveries.claim(BATCH)):
                batches.append(asyncio.create_task(self._send_batch(batch)))
                await self._room_for_next(batches)
        finally:
            sent = sum(await asyncio.gather(*batches))
        for broadcast_id in await deliveries.sending():
            if await deliveries.finish_if_done(broadcast_id):
                await self._finished(broadcast_id)
        return sent

    async def _room_for_next(self, batches: list[asyncio.Task[int]]) -> None:
        """Return when the next batch may be claimed: at most one batch waits behind the one
        sending, and that one is half through the budget. So a claimed row goes out within
        seconds, well inside its lease, and claiming never runs ahead of the pace (a new task
        has not yet asked the budget for its slots, so the budget alone would let every
        pending row be claimed at once, in one turn of the loop)."""
        while len(unfinished := [t for t in batches if not t.done()]) >= AHEAD:
            await asyncio.wait(unfinished, return_when=asyncio.FIRST_COMPLETED)
        await self.budget.backlog_below(BATCH // 2)

    async def _send_batch(self, batch: list[DeliveryToSend]) -> int:
        """Send one claimed batch, record it, update progress; return how many went."""
        outcomes = await self.outbox.send_batch(self._deliveries, batch)
        for broadcast_id in {d.broadcast_id for d in batch}:
            await self._progress(broadcast_id)
        return sum(o.answer is Answer.SENT for o in outcomes)

    async def _post_status(self, broadcast_id: int) -> None:
        """A scheduled broadcast started: give its moderator a progress message."""
        summary = await self.services.broadcasts.summary(broadcast_id)
        if summary is None:
            return
        owner = await self.services.broadcasts.owner(broadcast_id)
        if owner is None:
            return
        try:
            message = await self.bot.send_message(owner, progress_text(summary, self.rate))
        except TelegramError as exc:
            logger.warning("could not post broadcast %s status: %s", broadcast_id, exc)
            return
        await self.services.broadcasts.remember_status_message(
            broadcast_id, owner, message.message_id
        )

    async def _progress(self, broadcast_id: int) -> None:
        now = time.monotonic()
        if now - self._last_progress.get(broadcast_id, 0.0) < PROGRESS_EVERY:
            return
        self._last_progress[broadcast_id] = now
        await self._edit_status(broadcast_id)

    async def _edit_status(self, broadcast_id: int) -> None:
        summary = await self.services.broadcasts.summary(broadcast_id)
        if summary is None or summary.status_message_id is None:
            return
        try:
            await self.bot.edit_message_text(
                progress_text(summary, self.rate),
                chat_id=summary.status_chat_id,
                message_id=summary.status_message_id,
            )
        except TelegramError as exc:  # "message is not modified" and the like
            logger.debug("progress edit skipped: %s", exc)

    async def _finished(self, broadcast_id: int) -> None:
        await self._edit_status(broadcast_id)
        summary = await self.services.broadcasts.summary(broadcast_id)
        owner = await self.services.broadcasts.owner(broadcast_id)
        if summary is None or owner is None:
            return
        try:
            await self.bot.send_message(owner, summary_text(summary))
        except TelegramError as exc:
            logger.warning("could not send broadcast %s summary: %s", broadcast_id, exc)
