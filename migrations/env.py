"""Alembic environment: async engine, URL from the bot's Settings (or a shared connection)."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from bot.db.engine import create_engine
from bot.db.models import Base, Timestamp

config = context.config
target_metadata = Base.metadata


def _render_item(kind: str, obj: object, autogen_context) -> str | bool:
    """Write the Timestamp type as the plain column type it stands for."""
    if kind == "type" and isinstance(obj, Timestamp):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


def _url() -> str:
    url = config.attributes.get("database_url")
    if url:
        return url
    from bot.config import get_settings

    return get_settings().database_url


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif (shared := config.attributes.get("connection")) is not None:
    _run(shared)
else:
    asyncio.run(_run_async(_url()))
