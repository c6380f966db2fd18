"""One send budget for the whole deployment: replies to residents first, bulk traffic evenly
paced in what is left.

Telegram allows a bot about 30 messages a second overall and about one a second per chat. Bulk
senders (broadcasts, nudges, follow-ups) ask for a slot with `bulk(chat_id)`: slots come one every
1/rate seconds (GCRA, `bot.pacing`), at `bulk_rate` at most and never more than the overall
budget minus the replies of every process of the deployment (`bot.shared_budget`), and never two
to one chat within a second. Replies never queue behind bulk traffic; they are only counted. With
paid broadcasts on, broadcast slots come at the paid rate and those above the free rate are
marked paid. A 429 answered to any call pauses bulk traffic in every process.
"""

from __future__ import annotations

import asyncio
from collections import deque
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.pacing import Pacer, SystemTimer, Timer
from bot.shared_budget import LocalShare, PostgresShare

WINDOW = 1.0
RECHECK = 0.25  # longest sleep before looking again: replies and pauses change the budget
MESSAGE_METHODS = ("send", "edit", "copy", "forward")


def seconds(value: float | timedelta) -> float:
    """RetryAfter.retry_after as seconds (PTB gives int or timedelta)."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class SendBudget:
    """This process's view of the deployment's budget; `share` holds what processes share."""

    def __init__(
        self,
        total_per_second: float = 30,
        bulk_per_second: float = 25,
        paid_per_second: float = 0.0,
        per_chat_seconds: float = 1.0,
        burst: float = 1.5,
        timer: Timer | None = None,
        share: LocalShare | PostgresShare | None = None,
    ) -> None:
        self.total = total_per_second
        self.bulk_rate = bulk_per_second
        self.paid_rate = paid_per_second
        self.per_chat = per_chat_seconds
        self.timer = timer or SystemTimer()
        self.share = share or LocalShare()
        self.waiting = 0  # bulk sends waiting for a slot
        self.slot_taken = asyncio.Event()  # set whenever a waiting bulk send leaves the queue
        self._sent: deque[float] = deque()  # free messages of this process, last second
        self._replies: deque[float] = deque()  # replies of this process, last second
        self._last_by_chat: dict[int, float] = {}
        self._paused_until = 0.0
        self._free = Pacer(burst)
        self._paid = Pacer(burst)
        self._lock = asyncio.Lock()

    @property
    def may_send_bulk(self) -> bool:
        """Whether this process is the deployment's bulk sender."""
        return self.share.is_leader

    def note(self, chat_id: int | None) -> None:
        """A reply went out now: it counts against the budget but never waits."""
        now = self.timer.now()
        self._sent.append(now)
        self._replies.append(now)
        self.share.count_reply(now)
        if chat_id is not None:
            self._last_by_chat[chat_id] = now

    def pause(self, seconds: float) -> None:
        """Telegram answered 429: no bulk message goes out anywhere for `seconds`."""
        until = self.timer.now() + seconds
        self._paused_until = max(self._paused_until, until)
        self.share.pause(until)

    def paused_until(self) -> float:
        """When bulk sending may resume (this process's and the deployment's pause)."""
        return max(self._paused_until, self.share.paused_until)

    def free_rate(self, now: float) -> float:
        """Bulk messages a second that replies of all processes leave, up to `bulk_rate`."""
        self._trim(now)
        replies = len(self._replies) + self.share.others(now)
        return max(min(self.bulk_rate, self.total - replies), 0.0)

    def _trim(self, now: float) -> None:
        for window in (self._sent, self._replies):
            while window and now - window[0] >= WINDOW:
                window.popleft()
        if len(self._last_by_chat) > 10_000:
            self._last_by_chat = {
                c: t for c, t in self._last_by_chat.items() if now - t < self.per_chat
            }

    def _free_wait(self, now: float) -> float:
        rate = self.free_rate(now)
        if rate <= 0:
            return RECHECK
        wait = self._free.wait(now, rate)
        if len(self._sent) + self.share.others(now) >= self.total:  # replies came in a burst
            wait = max(wait, self._sent[0] + WINDOW - now if self._sent else RECHECK)
        return wait

    def _wait(self, now: float, paid: bool) -> float:
        pause = self.paused_until() - now
        if paid:
            return max(pause, self._paid.wait(now, self.paid_rate))
        return max(pause, self._free_wait(now))

    def _take(self, now: float, paid: bool) -> bool:
        """Take the slot; True when it is above the free rate (to be sent as paid)."""
        if paid:
            self._paid.take(now, self.paid_rate)
            if self._free_wait(now) > 0:
                return True
        self._free.take(now, self.free_rate(now))
        self._sent.append(now)
        return False

    async def bulk(self, chat_id: int | None, paid: bool = False) -> bool:
        """Wait for a bulk slot, then take it. True: send it as a paid broadcast.

        `paid` asks for the paid rate (broadcasts when PAID_BROADCAST_RATE is set). The chat's
        one-second gap is measured from the last message before the call: a resident who keeps
        chatting delays their copy by a second at most, never starves it.
        """
        paid = paid and self.paid_rate > self.bulk_rate
        last = self._last_by_chat.get(chat_id) if chat_id is not None else None
        self.waiting += 1
        try:
            if last is not None:
                while (gap := last + self.per_chat - self.timer.now()) > 0:
                    await self.timer.sleep(gap)
            async with self._lock:  # first come, first served
                while (wait := self._wait(now := self.timer.now(), paid)) > 0:
                    await self.timer.sleep(min(wait, RECHECK))
                # the same `now` the wait was computed for: the free rate seen there is > 0
                if chat_id is not None:
                    self._last_by_chat[chat_id] = now
                return self._take(now, paid)
        finally:
            self.waiting -= 1
            self.slot_taken.set()

    async def backlog_below(self, count: int) -> None:
        """Return once fewer than `count` bulk sends wait for a slot."""
        while self.waiting >= count:
            self.slot_taken.clear()
            await self.slot_taken.wait()


def _chat(data: Any) -> int | None:
    chat_id = data.get("chat_id") if isinstance(data, dict) else None
    if isinstance(chat_id, int | str) and str(chat_id).lstrip("-").isdigit():
        return int(chat_id)
    return None


class PriorityRateLimiter(BaseRateLimiter[dict[str, Any]]):
    """PTB rate limiter over a SendBudget.

    `rate_limit_args={"bulk": True}` waits for a bulk slot here; `{"paced": True}` means the
    caller already took one; anything else is a reply. Every 429 pauses bulk traffic.
    """

    def __init__(self, budget: SendBudget) -> None:
        self.budget = budget

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        """Replies are counted and go at once; bulk sends wait for their slot."""
        options = rate_limit_args or {}
        if endpoint.startswith(MESSAGE_METHODS):
            if options.get("bulk"):
                await self.budget.bulk(_chat(data))
            elif not options.get("paced"):
                self.budget.note(_chat(data))
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as exc:
            self.budget.pause(seconds(exc.retry_after))
            raise
