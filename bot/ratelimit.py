"""One send budget for the whole bot: replies to residents first, bulk traffic in what is left.

Telegram allows a bot about 30 messages a second overall and about one a second per chat. Bulk
senders (broadcasts, nudges) ask for a slot with `bulk(chat_id)`: they get at most `bulk_rate` a
second, never more than the overall budget minus what replies used, and never two messages to one
chat within a second. Replies never queue behind bulk traffic; they are only noted.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.ext import BaseRateLimiter

WINDOW = 1.0
MESSAGE_METHODS = ("send", "edit", "copy", "forward")


class SendBudget:
    """Sliding one-second windows over every message the bot sends."""

    def __init__(self, total_per_second: float = 30, bulk_per_second: float = 25,
                 per_chat_seconds: float = 1.0, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep) -> None:
        self.total = total_per_second
        self.bulk_rate = bulk_per_second
        self.per_chat = per_chat_seconds
        self.clock = clock
        self.sleep = sleep
        self._all: deque[float] = deque()
        self._bulk: deque[float] = deque()
        self._last_by_chat: dict[int, float] = {}
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    def _trim(self, now: float) -> None:
        for window in (self._all, self._bulk):
            while window and now - window[0] >= WINDOW:
                window.popleft()
        if len(self._last_by_chat) > 10_000:
            self._last_by_chat = {c: t for c, t in self._last_by_chat.items()
                                  if now - t < self.per_chat}

    def note(self, chat_id: int | None) -> None:
        """A reply went out now: it counts against the budget but never waits."""
        now = self.clock()
        self._all.append(now)
        if chat_id is not None:
            self._last_by_chat[chat_id] = now

    def pause(self, seconds: float) -> None:
        """Telegram answered 429: no bulk message goes out for `seconds`."""
        self._paused_until = max(self._paused_until, self.clock() + seconds)

    def _wait_needed(self, chat_ready: float, now: float) -> float:
        waits = [self._paused_until - now, chat_ready - now]
        if len(self._bulk) >= self.bulk_rate:
            waits.append(self._bulk[0] + WINDOW - now)
        if len(self._all) >= self.total:
            waits.append(self._all[0] + WINDOW - now)
        return max(waits)

    async def bulk(self, chat_id: int | None) -> None:
        """Wait for a bulk slot, then take it.

        The chat's one-second gap is measured from the last message before the call: a resident
        who keeps chatting delays their copy by a second at most, never starves it.
        """
        last = self._last_by_chat.get(chat_id) if chat_id is not None else None
        chat_ready = last + self.per_chat if last is not None else 0.0
        while True:
            async with self._lock:
                now = self.clock()
                self._trim(now)
                wait = self._wait_needed(chat_ready, now)
                if wait <= 0:
                    self._bulk.append(now)
                    self._all.append(now)
                    if chat_id is not None:
                        self._last_by_chat[chat_id] = now
                    return
            await self.sleep(min(wait, WINDOW))


class PriorityRateLimiter(BaseRateLimiter[dict[str, Any]]):
    """PTB rate limiter over a SendBudget: `rate_limit_args={"bulk": True}` marks bulk sends."""

    def __init__(self, budget: SendBudget) -> None:
        self.budget = budget

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        """Replies are noted and go at once; bulk sends wait for their slot."""
        chat_id = data.get("chat_id") if isinstance(data, dict) else None
        chat = int(chat_id) if isinstance(chat_id, int | str) and str(chat_id).lstrip(
            "-").isdigit() else None
        if endpoint.startswith(MESSAGE_METHODS):
            if rate_limit_args and rate_limit_args.get("bulk"):
                await self.budget.bulk(chat)
            else:
                self.budget.note(chat)
        return await callback(*args, **kwargs)
