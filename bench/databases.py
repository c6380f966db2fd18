"""Fresh, migrated databases for benchmarks: a SQLite file and a PostgreSQL database."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from bot.db import migrate
from bot.db.engine import Database

PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")


@asynccontextmanager
async def fresh_database(kind: str) -> AsyncIterator[Database]:
    """A migrated, empty database of `kind` ("sqlite" or "postgresql"), removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            db = Database(f"sqlite+aiosqlite:///{folder}/bench.db")
            await migrate.upgrade(db)
            try:
                yield db
            finally:
                await db.close()
        return
    name = f"wt_bench_{os.getpid()}"
    admin = await asyncpg.connect(f"{PG_SERVER}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    db = Database(f"{PG_SERVER.replace('postgresql://', 'postgresql+asyncpg://')}/{name}")
    try:
        await migrate.upgrade(db)
        yield db
    finally:
        await db.close()
        admin = await asyncpg.connect(f"{PG_SERVER}/postgres")
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
