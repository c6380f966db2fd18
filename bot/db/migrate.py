"""Apply Alembic migrations from inside the running event loop (shared connection)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.config import PROJECT_ROOT
from bot.db.engine import Database


def alembic_config(url: str | None = None) -> Config:
    """The project's Alembic config; `url` overrides the Settings URL."""
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    if url:
        cfg.attributes["database_url"] = url
    return cfg


def _apply(connection: Connection, revision: str, down: bool) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    if down:
        command.downgrade(cfg, revision)
    else:
        command.upgrade(cfg, revision)


MIGRATION_LOCK = 724_001  # pg_advisory_xact_lock key: one migrating process at a time


async def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the schema up to `revision` (head by default).

    On PostgreSQL several bot processes may start at once: a transaction-scoped advisory lock
    lets one migrate while the others wait, then find nothing left to do.
    """
    async with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
            )
        await connection.run_sync(_apply, revision, False)


async def downgrade(db: Database, revision: str) -> None:
    """Take the schema down to `revision` ("base" removes every table)."""
    async with db.engine.begin() as connection:
        await connection.run_sync(_apply, revision, True)


async def current_revision(db: Database) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    def _read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with db.engine.connect() as connection:
        return await connection.run_sync(_read)
