"""What a running bot starts, in order, and stops in the reverse order: one list for polling,
webhook and the console chat.

A part that started is stopped once, whatever happens after it started: `stop()` may be called
more than once (PTB calls post_stop and post_shutdown), and after a start that failed half-way.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)

Step = Callable[[], Awaitable[None]]


async def _nothing() -> None:
    return None


@dataclass(frozen=True)
class Part:
    """One thing the bot starts and stops."""

    name: str
    start: Step = _nothing
    stop: Step = _nothing


class Lifecycle:
    """Starts the parts in order; stops the started ones in reverse order."""

    def __init__(self, parts: list[Part]) -> None:
        self.parts = parts
        self._started: list[Part] = []

    async def start(self) -> None:
        """Start every part not started yet, in order."""
        for part in self.parts:
            if part not in self._started:
                logger.debug("starting %s", part.name)
                await part.start()
                self._started.append(part)

    async def stop(self) -> None:
        """Stop what was started, last first; each part once."""
        while self._started:
            part = self._started.pop()
            logger.debug("stopping %s", part.name)
            try:
                await part.stop()
            except Exception:  # the parts before it must stop all the same
                logger.exception("could not stop %s", part.name)
