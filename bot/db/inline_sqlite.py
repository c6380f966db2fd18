"""SQLite statements run in the event loop's own thread, for the write engine.

aiosqlite runs every call (cursor, execute, fetch, close, commit) on a thread of its own and
hands the answer back through the event loop: twelve trips per tap, each waiting for the loop's
next turn and for the GIL. SQLite has one writer, so under many chats at once the write lock was
held through those waits (3.5-4.5 ms a transaction at 80-210 taps/s) and taps queued behind it
(25-33 ms on average at 160-210 taps/s). Here a write transaction costs SQLite's own work (about
1 ms), no statement yields to the loop, so one transaction runs in one go, and a tap costs about a
fifth less CPU.

That blocks the loop while SQLite works: right for the bot's short transactions, wrong for a
long read, so reports use the read engine, on aiosqlite's thread (`Database.reader`). It also
blocks while another process holds the write lock (up to the busy timeout): SQLite serves one bot
process, and the CLIs that write beside it (migrate, demo data) are short.

The classes mimic the part of aiosqlite's API that SQLAlchemy's aiosqlite dialect uses; the
engine gets them through `async_creator`.
"""

from __future__ import annotations

import sqlite3
from typing import Any


class InlineCursor:
    """An aiosqlite-like cursor whose coroutines finish without suspending."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Any = None) -> InlineCursor:
        self._cursor.execute(sql, () if parameters is None else parameters)
        return self

    async def executemany(self, sql: str, parameters: Any) -> InlineCursor:
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class InlineConnection:
    """An aiosqlite-like connection over a plain sqlite3 connection (autocommit: SQLAlchemy's
    begin event issues BEGIN IMMEDIATE)."""

    def __init__(self, path: str) -> None:
        self._connection: sqlite3.Connection | None = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False
        )

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._live().cursor())

    def _live(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("Connection closed")
        return self._connection

    @property
    def isolation_level(self) -> str | None:
        return self._live().isolation_level

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._live().create_function(*args, **kwargs)

    async def commit(self) -> None:
        self._live().commit()

    async def rollback(self) -> None:
        self._live().rollback()

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        """Close at once (SQLAlchemy's terminate)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def sqlite_path(url: str) -> str:
    """The file of a sqlite+aiosqlite:///path URL (":memory:" when it names none)."""
    return url.split(":///", 1)[-1] or ":memory:"


def creator(url: str):
    """The `async_creator` for `url` (sqlite+aiosqlite:///path)."""
    path = sqlite_path(url)

    async def connect() -> InlineConnection:
        return InlineConnection(path)

    return connect
