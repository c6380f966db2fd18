"""The broadcast sender: one task per bot process that drains pending deliveries.

Only the deployment's bulk sender (see `bot.shared_budget`) drains; the others wait to take over.
It takes evenly paced slots from the SendBudget (replies to residents keep priority) and keeps
several sends in flight, since each costs a network round trip; it honours 429 pauses, marks 403s
as blocked, retries other errors a bounded number of times, keeps the moderator's progress
message up to date and reports when a broadcast is done. An outage is logged once, with back-off.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.background import cancelled
from bot.db.values import SendResult
from bot.handlers.broadcast_status import progress_text, summary_text
from bot.outage import Outage
from bot.ratelimit import SendBudget
from bot.services import Services
from bot.services.deliveries import DeliveryResult, DeliveryToSend

logger = logging.getLogger(__name__)

BATCH = 50
PROGRESS_EVERY = 3.0  # seconds between edits of a progress message
MAX_RETRY_AFTER = 5  # 429 answers tolerated for one message before it counts as an attempt
IDLE_POLL = 1.0  # seconds between two looks for work (or for the bulk sender's lock)


class BroadcastSender:
    """Drains deliveries; `drain()` once (tests), or `start()` a task that keeps draining."""

    def __init__(self, bot: Bot, services: Services, budget: SendBudget, rate: float) -> None:
        self.bot = bot
        self.services = services
        self.budget = budget
        self.rate = rate
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._last_progress: dict[int, float] = {}
        self.sleep = asyncio.sleep
        self._database = Outage(logger, "broadcast sender (database)")
        self._telegram = Outage(logger, "broadcast sender (Telegram)")

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
        if not self.budget.may_send_bulk:
            return 0
        deliveries = self.services.deliveries
        for broadcast_id in await deliveries.start_due():
            await self._post_status(broadcast_id)
        batches: list[asyncio.Task[int]] = []
        try:
            while self.budget.may_send_bulk and (batch := await deliveries.claim(BATCH)):
                batches.append(asyncio.create_task(self._send_batch(batch)))
                await self.budget.backlog_below(BATCH // 2)
        finally:
            sent = sum(await asyncio.gather(*batches))
        for broadcast_id in await deliveries.sending():
            if await deliveries.finish_if_done(broadcast_id):
                await self._finished(broadcast_id)
        return sent

    async def _send_batch(self, batch: list[DeliveryToSend]) -> int:
        """Send one claimed batch (each message its own task), record it; return how many went."""
        results = await asyncio.gather(*(self._send(d) for d in batch))
        await self.services.deliveries.record(list(results))
        for broadcast_id in {d.broadcast_id for d in batch}:
            await self._progress(broadcast_id)
        return sum(r.status == SendResult.SENT for r in results)

    async def _send(self, delivery: DeliveryToSend) -> DeliveryResult:
        for _ in range(MAX_RETRY_AFTER):
            paid = await self.budget.bulk(delivery.chat_id, paid=True)
            options: dict[str, Any] = {"parse_mode": ParseMode.HTML,
                                       "rate_limit_args": {"paced": True},
                                       "allow_paid_broadcast": True if paid else None}
            try:
                if delivery.photo_file_id:
                    await self.bot.send_photo(delivery.chat_id, delivery.photo_file_id,
                                              caption=delivery.text, **options)
                else:
                    await self.bot.send_message(delivery.chat_id, delivery.text or "", **options)
                self._telegram.recovered()
                return DeliveryResult(delivery, SendResult.SENT)
            except RetryAfter:
                continue  # the rate limiter paused bulk traffic everywhere; wait for a slot
            except Forbidden as exc:
                return DeliveryResult(delivery, SendResult.BLOCKED, str(exc))
            except BadRequest as exc:
                return DeliveryResult(delivery, SendResult.FAILED, str(exc))
            except (TimedOut, NetworkError) as exc:
                offline = isinstance(exc, TimedOut) or exc.__cause__ is not None
                if offline:
                    self._telegram.failed(exc)
                return DeliveryResult(delivery, SendResult.OFFLINE if offline else SendResult.RETRY,
                                      str(exc))
            except TelegramError as exc:
                return DeliveryResult(delivery, SendResult.RETRY, str(exc))
        return DeliveryResult(delivery, SendResult.RETRY, "rate limited repeatedly")

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
        await self.services.broadcasts.remember_status_message(broadcast_id, owner,
                                                               message.message_id)

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
            await self.bot.edit_message_text(progress_text(summary, self.rate),
                                             chat_id=summary.status_chat_id,
                                             message_id=summary.status_message_id)
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
