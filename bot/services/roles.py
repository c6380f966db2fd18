"""Roles: admins (from ADMIN_IDS) grant and revoke `moderator` and `staff`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import AuditEntry, Resident, RoleGrant
from bot.db.values import Role
from bot.services.audit import record

ROLES = tuple(Role)
ID_SHOWN = "id_shown"  # audit action: someone sent /id (so the bot has seen them)


class RoleChange(Enum):
    """What a grant or revoke did."""

    GRANTED = "granted"
    REVOKED = "revoked"
    UNCHANGED = "unchanged"
    NOT_ADMIN = "not_admin"
    UNKNOWN_ROLE = "unknown_role"
    UNKNOWN_USER = "unknown_user"  # the bot has never seen this id: likely a typo


@dataclass(frozen=True)
class Holder:
    """One user holding one role."""

    telegram_id: int
    role: str
    name: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What a grant or revoke did, and the target's name when the bot knows it."""

    change: RoleChange
    name: str | None = None


class RoleService:
    """Role checks and changes; every change goes to the audit log."""

    def __init__(self, db: Database, clock: Clock, admin_ids: frozenset[int]) -> None:
        self.db = db
        self.clock = clock
        self.admin_ids = admin_ids

    def is_admin(self, telegram_id: int) -> bool:
        """Admins are configured, not stored."""
        return telegram_id in self.admin_ids

    async def has_role(self, telegram_id: int, role: Role) -> bool:
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
                    RoleGrant.role, RoleGrant.telegram_id
                )
            )
            return [Holder(tid, role, (await _seen(session, tid))[1]) for tid, role in rows.all()]

    async def record_id_request(self, telegram_id: int, name: str | None) -> None:
        """Someone asked for their id (/id): the bot has now seen them, under this name."""
        async with self.db.transaction() as session:
            await record(
                session,
                self.clock.now(),
                telegram_id,
                ID_SHOWN,
                str(telegram_id),
                {"name": (name or "")[:64]},
            )

    async def grant(self, actor: int, target: int, role: str) -> Outcome:
        """Give `target` the role; only to someone the bot has seen (a resident, a role holder,
        or someone who sent /id), so a mistyped id is refused instead of granted."""
        return await self._change(actor, target, role, grant=True)

    async def revoke(self, actor: int, target: int, role: str) -> Outcome:
        """Take the role from `target`."""
        return await self._change(actor, target, role, grant=False)

    async def _change(self, actor: int, target: int, role: str, *, grant: bool) -> Outcome:
        if not self.is_admin(actor):
            return Outcome(RoleChange.NOT_ADMIN)
        if role not in ROLES:
            return Outcome(RoleChange.UNKNOWN_ROLE)
        async with self.db.transaction() as session:
            seen, name = await _seen(session, target)
            if not seen and not self.is_admin(target):
                return Outcome(RoleChange.UNKNOWN_USER)
            existing = await session.get(RoleGrant, (target, role), with_for_update=True)
            now = self.clock.now()
            if grant and existing is None:
                session.add(
                    RoleGrant(telegram_id=target, role=role, granted_by=actor, granted_at=now)
                )
            elif not grant and existing is not None:
                await session.execute(
                    delete(RoleGrant).where(RoleGrant.telegram_id == target, RoleGrant.role == role)
                )
            else:
                return Outcome(RoleChange.UNCHANGED, name)
            action = "role_granted" if grant else "role_revoked"
            await record(session, now, actor, action, str(target), {"role": role})
            return Outcome(RoleChange.GRANTED if grant else RoleChange.REVOKED, name)


async def _seen(session: AsyncSession, telegram_id: int) -> tuple[bool, str | None]:
    """Whether the bot has seen this id, and the first name it knows them by."""
    name = await session.scalar(
        select(Resident.first_name).where(Resident.telegram_id == telegram_id)
    )
    if name:
        return True, name
    asked = await session.scalar(
        select(AuditEntry.details)
        .where(AuditEntry.action == ID_SHOWN, AuditEntry.actor_telegram_id == telegram_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if asked is not None:
        return True, asked.get("name") or None
    resident = await session.scalar(select(Resident.id).where(Resident.telegram_id == telegram_id))
    held = await session.scalar(
        select(RoleGrant.role).where(RoleGrant.telegram_id == telegram_id).limit(1)
    )
    return resident is not None or held is not None, None
