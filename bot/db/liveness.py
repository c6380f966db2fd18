"""Dead PostgreSQL connections are replaced before use, without a ping on a busy pool.

SQLAlchemy's `pool_pre_ping` pings on every checkout, and with asyncpg a ping is three round
trips (BEGIN, an empty query, ROLLBACK): a third of a quiz tap's database round trips, each one
a wait for the event loop's turn when the bot is busy. A connection that came back to the pool
less than `IDLE_PING` seconds ago was working then; only one idle for longer (a restarted
server, a firewall that drops idle connections) is pinged first, and one that fails the ping is
replaced before anyone uses it. A connection that breaks within those seconds fails its
statement as a disconnect: SQLAlchemy then invalidates every connection of the pool, the update
gets the usual "try again" answer and the next one connects afresh.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import AsyncEngine

IDLE_PING = 10.0  # seconds a pooled connection may rest before it is pinged at checkout
_RESTED = "wt_idle_since"


def ping_when_idle(engine: AsyncEngine) -> None:
    """Ping a connection at checkout only when it has rested in the pool `IDLE_PING` seconds."""
    pool, dialect = engine.sync_engine.pool, engine.sync_engine.dialect

    @event.listens_for(pool, "connect")
    def _fresh(_dbapi_connection: Any, record: Any) -> None:
        record.info.pop(_RESTED, None)  # a new connection needs no ping

    @event.listens_for(pool, "checkin")
    def _rests(_dbapi_connection: Any, record: Any) -> None:
        record.info[_RESTED] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _check(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_RESTED)
        if since is None or time.monotonic() - since < IDLE_PING:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:  # the pool retries with a new connection
            raise exc.DisconnectionError(f"pooled connection failed its ping: {error}") from error
