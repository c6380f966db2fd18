"""The audit log: who did what, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AuditEntry


async def record(
    session: AsyncSession,
    at: datetime,
    actor: int | None,
    action: str,
    subject: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Add an audit entry inside the caller's transaction."""
    session.add(
        AuditEntry(at=at, actor_telegram_id=actor, action=action, subject=subject, details=details)
    )
