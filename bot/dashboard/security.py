"""The dashboard's protections that are not about who you are: headers and rate limits."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

# No inline script or style anywhere, nothing from another origin; data: images only for the
# charts' "download PNG" and the empty favicon.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    # The sign-in link carries its token in the address: never send it on as a referrer.
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """ASGI middleware: the headers above on every response of the dashboard."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SlidingWindow:
    """At most `limit` attempts per key in any `seconds`; memory bounded by `max_keys`."""

    def __init__(
        self,
        limit: int,
        seconds: float,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.seconds = seconds
        self.max_keys = max_keys
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        """Count an attempt for `key`; False when it is one too many."""
        now = self.clock()
        if len(self._hits) >= self.max_keys:
            self._forget(now)
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.seconds:
            hits.popleft()
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        return True

    def _forget(self, now: float) -> None:
        stale = [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - self.seconds]
        for key in stale:
            del self._hits[key]
        if len(self._hits) >= self.max_keys:  # a flood of fresh keys: start over
            self._hits.clear()
