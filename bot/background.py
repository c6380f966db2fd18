"""Long work an update starts (a report: SQL, workbook, charts) runs beside the updates, so the
chat's next update and everyone else's are handled meanwhile.

Each piece of work opens its own sessions; what it raises goes to the one error handler, which
answers the resident, as for any update. `idle()` waits until nothing is running (tests, the
console chat, shutdown).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from typing import Any

from telegram.ext import Application


class Background:
    """The running pieces of long work of one Application."""

    def __init__(self, app: Application) -> None:
        self.app = app
        self._tasks: set[asyncio.Task] = set()

    def start(self, work: Coroutine[Any, Any, Any], update: object) -> asyncio.Task:
        """Run `work` for `update` without holding the update's chat."""
        task = self.app.create_task(work, update=update, name="background-work")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @property
    def running(self) -> int:
        """Pieces of work not finished yet."""
        return len(self._tasks)

    async def idle(self) -> None:
        """Wait until every piece of work (including any they started) has finished."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


async def cancelled(task: asyncio.Task | None) -> None:
    """Cancel a looping task (if any) and wait until it has stopped."""
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
