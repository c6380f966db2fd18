"""A loop that depends on the database or Telegram logs an outage once, backs off, and says
when it is back, instead of a traceback every second."""

from __future__ import annotations

import logging
import time

FIRST_WAIT = 1.0
LONGEST_WAIT = 60.0


class Outage:
    """Tracks one dependency of one loop: `failed(exc)` gives the wait, `recovered()` resets."""

    def __init__(self, logger: logging.Logger, what: str) -> None:
        self.logger = logger
        self.what = what
        self.down_since: float | None = None
        self.failures = 0

    def failed(self, exc: BaseException) -> float:
        """Note one failed round; log only the first. Returns the seconds to wait (doubling)."""
        self.failures += 1
        if self.down_since is None:
            self.down_since = time.monotonic()
            self.logger.error(
                "%s failed, retrying with back-off until it works: %s: %s",
                self.what,
                type(exc).__name__,
                exc,
                exc_info=exc,
            )
        else:
            self.logger.debug("%s still failing (%d): %s", self.what, self.failures, exc)
        return min(FIRST_WAIT * 2 ** (self.failures - 1), LONGEST_WAIT)

    def recovered(self) -> None:
        """A round worked: if it was down, say it is back."""
        if self.down_since is not None:
            self.logger.warning(
                "%s is back after %d failed attempts in %.0f s",
                self.what,
                self.failures,
                time.monotonic() - self.down_since,
            )
        self.down_since, self.failures = None, 0
