"""Many chats at once, each chat in order: the update processor for polling and webhook mode.

Updates of different chats run concurrently, at most `max_concurrent_updates` at a time (the
base class's semaphore). Updates of one chat (or of one user, for updates without a chat) run
strictly in arrival order: the first update of a chat takes a slot and, when it is done, runs the
updates of that chat that arrived meanwhile, in the same slot. Waiting updates therefore hold no
slot, one chat never holds more than one, and a slow chat delays only itself.

At most `max_waiting_per_chat` updates wait behind a running one; a chat that sends more while
its first update is still running is flooding, and the surplus is dropped (and logged). The flood
guard, which runs in order inside the chain, has already told that resident to slow down by then
(its limit is the same size), so answering each dropped update would only add to the flood.

`watch(update)` gives a future that resolves once the update was handled (or dropped): webhook
requests put their update on `application.update_queue` like polling does, and wait on it.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Coroutine
from enum import Enum
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

logger = logging.getLogger(__name__)


class Handled(Enum):
    """How an update left the processor."""

    DONE = "done"  # its handlers ran (errors included: the error handler answered)
    DROPPED = "dropped"  # its chat had too many updates waiting
    CANCELLED = "cancelled"  # the bot stopped before its turn


def order_key(update: object) -> int | None:
    """The chat whose order the update keeps (else its user); None runs freely."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


Queued = tuple[object, Awaitable[Any]]


def _discard(work: Awaitable[Any]) -> None:
    """Close work that will never run (PTB hands the processor coroutines), without a warning."""
    if isinstance(work, Coroutine):
        work.close()


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Concurrent across chats, in arrival order within a chat, with bounded waiting."""

    def __init__(self, max_concurrent_updates: int, max_waiting_per_chat: int = 20) -> None:
        super().__init__(max_concurrent_updates)
        self.max_waiting_per_chat = max_waiting_per_chat
        self._chains: dict[int, deque[Queued]] = {}
        self._watchers: dict[int, asyncio.Future[Handled]] = {}
        self.dropped = 0

    @property
    def waiting(self) -> int:
        """Updates queued behind a running update of their chat (a snapshot)."""
        return sum(len(chain) for chain in self._chains.values())

    def watch(self, update: object) -> asyncio.Future[Handled]:
        """A future resolved when `update` (this very object) has been handled or dropped."""
        future = asyncio.get_running_loop().create_future()
        self._watchers[id(update)] = future
        return future

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run now, or queue behind the running update of the same chat."""
        key = order_key(update)
        if key is None:
            await self._run(update, coroutine)
            return
        chain = self._chains.get(key)
        if chain is not None:
            if len(chain) >= self.max_waiting_per_chat:
                self.dropped += 1
                logger.warning(
                    "chat has %d updates waiting; update %s dropped",
                    len(chain),
                    getattr(update, "update_id", "?"),
                )
                _discard(coroutine)
                self._finish(update, Handled.DROPPED)
                return
            chain.append((update, coroutine))
            return
        chain = self._chains[key] = deque()
        try:
            await self._run(update, coroutine)
            while chain:
                await self._run(*chain.popleft())
        finally:
            del self._chains[key]
            self._cancel(chain)

    async def _run(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Handle one update; whatever it raises, the chain goes on."""
        try:
            await coroutine
        except Exception:  # the Application's error handler has run; never stop the chain
            logger.exception(
                "update %s raised past the error handler", getattr(update, "update_id", "?")
            )
        finally:
            self._finish(update, Handled.DONE)

    def _finish(self, update: object, how: Handled) -> None:
        future = self._watchers.pop(id(update), None)
        if future is not None and not future.done():
            future.set_result(how)

    def _cancel(self, chain: deque[Queued]) -> None:
        """The bot stopped (the running task was cancelled): close what never got its turn."""
        while chain:
            update, coroutine = chain.popleft()
            _discard(coroutine)
            self._finish(update, Handled.CANCELLED)

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Release anyone still waiting for an update that will not run."""
        for chain in list(self._chains.values()):
            self._cancel(chain)
        for future in self._watchers.values():
            if not future.done():
                future.set_result(Handled.CANCELLED)
        self._watchers.clear()
