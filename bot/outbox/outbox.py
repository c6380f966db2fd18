"""The outbox: sends one bulk message through the deployment's send budget and says how it went.

Every bulk message (broadcasts, nudges, action follow-ups) takes an evenly paced slot of the
one `SendBudget` (replies to residents keep priority), and only the deployment's bulk sender
sends. A 429 pauses bulk traffic in every process (the rate limiter does that); the message then
waits for its next slot, a bounded number of times. A batch is sent with several messages in
flight, since each costs a network round trip, and handed to its kind's bookkeeping.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import RetryAfter, TelegramError

from bot.outage import Outage
from bot.outbox.answers import RATE_LIMITED, SENT, Outcome, classify
from bot.ratelimit import SendBudget

logger = logging.getLogger(__name__)

MAX_RETRY_AFTER = 5  # 429 answers tolerated for one message before it is retried later

Item = TypeVar("Item")


@dataclass(frozen=True)
class Message:
    """One bulk message as Telegram gets it; `paid`: it may go as a paid broadcast."""

    chat_id: int
    text: str | None
    photo: str | None = None
    keyboard: InlineKeyboardMarkup | None = None
    paid: bool = False


class Kind(Protocol[Item]):
    """One kind of bulk message: how an item reads, and where its outcomes are recorded."""

    def message(self, item: Item) -> Message:
        """The message that carries `item`."""
        ...

    async def record(self, sent: list[tuple[Item, Outcome]]) -> None:
        """Store how sending each item went."""
        ...


class Outbox:
    """This process's bulk sending."""

    def __init__(self, bot: Bot, budget: SendBudget) -> None:
        self.bot = bot
        self.budget = budget
        self._telegram = Outage(logger, "bulk sending (Telegram)")

    @property
    def may_send(self) -> bool:
        """Whether this process is the deployment's bulk sender."""
        return self.budget.may_send_bulk

    async def send_batch(self, kind: Kind[Item], items: list[Item]) -> list[Outcome]:
        """Send the items (each its own task), record the outcomes, and return them."""
        outcomes = await asyncio.gather(*(self.send(kind.message(item)) for item in items))
        await kind.record(list(zip(items, outcomes, strict=True)))
        return outcomes

    async def send(self, message: Message) -> Outcome:
        """Wait for a slot, send, classify the answer."""
        for _ in range(MAX_RETRY_AFTER):
            paid = await self.budget.bulk(message.chat_id, paid=message.paid)
            options: dict[str, Any] = {
                "parse_mode": ParseMode.HTML,
                "rate_limit_args": {"paced": True},
                "allow_paid_broadcast": True if paid else None,
                "reply_markup": message.keyboard,
            }
            try:
                if message.photo:
                    await self.bot.send_photo(
                        message.chat_id, message.photo, caption=message.text, **options
                    )
                else:
                    await self.bot.send_message(message.chat_id, message.text or "", **options)
            except RetryAfter:
                continue  # bulk traffic is paused everywhere; the next slot comes after it
            except TelegramError as exc:
                outcome = classify(exc)
                if outcome.unreachable:
                    self._telegram.failed(exc)
                return outcome
            self._telegram.recovered()
            return SENT
        return RATE_LIMITED
