"""Roles: admins (from ADMIN_IDS) grant and revoke `moderator` and `staff`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sqlalchemy import delete, select

from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import RoleGrant
from bot.services.audit import record

ROLES = ("moderator", "staff")


class RoleChange(Enum):
    """What a grant or revoke did."""

    GRANTED = "granted"
    REVOKED = "revoked"
    UNCHANGED = "unchanged"
    NOT_ADMIN = "not_admin"
    UNKNOWN_ROLE = "unknown_role"


@dataclass(frozen=True)
class Holder:
    """One user holding one role."""

    telegram_id: int
    role: str


class RoleService:
    """Role checks and changes; every change goes to the audit log."""

    def __init__(self, db: Database, clock: Clock, admin_ids: frozenset[int]) -> None:
        self.db = db
        self.clock = clock
        self.admin_ids = admin_ids

    def is_admin(self, telegram_id: int) -> bool:
        """Admins are configured, not stored."""
        return telegram_id in self.admin_ids

    async def has_role(self, telegram_id: int, role: str) -> bool:
        """Whether the user holds `role` (admins hold every role)."""
        if self.is_admin(telegram_id):
            return True
        async with self.db.transaction() as session:
            return await session.get(RoleGrant, (telegram_id, role)) is not None

    async def holders(self, actor: int) -> list[Holder] | None:
        """Everyone holding a role, or None when the actor is not an admin."""
        if not self.is_admin(actor):
            return None
        async with self.db.transaction() as session:
            rows = await session.execute(
                select(RoleGrant.telegram_id, RoleGrant.role).order_by(
                    RoleGrant.role, RoleGrant.telegram_id)
            )
            return [Holder(tid, role) for tid, role in rows.all()]

    async def grant(self, actor: int, target: int, role: str) -> RoleChange:
        """Give `target` the role."""
        return await self._change(actor, target, role, grant=True)

    async def revoke(self, actor: int, target: int, role: str) -> RoleChange:
        """Take the role from `target`."""
        return await self._change(actor, target, role, grant=False)

    async def _change(self, actor: int, target: int, role: str, *, grant: bool) -> RoleChange:
        if not self.is_admin(actor):
            return RoleChange.NOT_ADMIN
        if role not in ROLES:
            return RoleChange.UNKNOWN_ROLE
        async with self.db.transaction() as session:
            existing = await session.get(RoleGrant, (target, role), with_for_update=True)
            now = self.clock.now()
            if grant and existing is None:
                session.add(RoleGrant(telegram_id=target, role=role, granted_by=actor,
                                      granted_at=now))
            elif not grant and existing is not None:
                await session.execute(delete(RoleGrant).where(
                    RoleGrant.telegram_id == target, RoleGrant.role == role))
            else:
                return RoleChange.UNCHANGED
            action = "role_granted" if grant else "role_revoked"
            await record(session, now, actor, action, str(target), {"role": role})
            return RoleChange.GRANTED if grant else RoleChange.REVOKED
