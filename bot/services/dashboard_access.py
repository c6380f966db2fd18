"""Who may open the staff dashboard: one-time sign-in links, signed session cookies, CSRF tokens.

A link carries a random token that works once and for 15 minutes; signing in turns it into a
session of 8 hours whose random id travels in a cookie signed with DASHBOARD_SECRET. The
database keeps only SHA-256 hashes of both, so a copy of it signs nobody in. Every request checks
the role again: a revoked role ends the session at the next request.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from typing import Any

from sqlalchemy import delete, update

from bot.clock import Clock
from bot.db.engine import Database, rowcount
from bot.db.models import DashboardLink, DashboardSession
from bot.db.values import Role
from bot.services.audit import record
from bot.services.roles import RoleService

logger = logging.getLogger(__name__)
LINK_LIFETIME = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=8)
KEEP_EXPIRED = timedelta(days=1)  # ended links and sessions stay this long, then go
ROLE = Role.STAFF  # admins hold every role


class SignIn(Enum):
    """What a sign-in link did."""

    OK = "ok"
    INVALID = "invalid"  # unknown, forged, already used or expired
    NOT_STAFF = "not_staff"  # the role was revoked after the link was made


@dataclass(frozen=True)
class Viewer:
    """A signed-in staff member. The id is for the audit log only; pages never show it."""

    telegram_id: int
    session_hash: str


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class DashboardAccess:
    """Sign-in links, sessions and the audit entries for them."""

    def __init__(self, db: Database, clock: Clock, roles: RoleService, secret: str | None) -> None:
        self.db = db
        self.clock = clock
        self.roles = roles
        self._secret = (secret or "").encode()

    def _sign(self, purpose: str, value: str) -> str:
        return hmac.new(self._secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()

    async def issue_link(self, telegram_id: int) -> str | None:
        """A fresh one-time sign-in token for staff and admins; None for anyone else."""
        if not self._secret or not await self.roles.has_role(telegram_id, ROLE):
            return None
        token = secrets.token_urlsafe(32)
        now = self.clock.now()
        async with self.db.transaction() as session:
            session.add(
                DashboardLink(
                    token_hash=_hash(token),
                    telegram_id=telegram_id,
                    created_at=now,
                    expires_at=now + LINK_LIFETIME,
                )
            )
            await record(session, now, telegram_id, "dashboard_link")
        return token

    async def forget_expired(self) -> int:
        """Delete links and sessions a day past their end (a repeating job calls this);
        returns how many."""
        gone = self.clock.now() - KEEP_EXPIRED
        async with self.db.transaction() as session:
            links = await session.execute(
                delete(DashboardLink).where(DashboardLink.expires_at < gone)
            )
            sessions = await session.execute(
                delete(DashboardSession).where(DashboardSession.expires_at < gone)
            )
            return rowcount(links) + rowcount(sessions)

    async def sign_in(self, token: str) -> tuple[SignIn, str | None]:
        """Use a link's token (once): the outcome and, when it worked, the session cookie."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            used = await session.execute(
                update(DashboardLink)
                .where(
                    DashboardLink.token_hash == _hash(token),
                    DashboardLink.used_at.is_(None),
                    DashboardLink.expires_at > now,
                )
                .values(used_at=now)
                .returning(DashboardLink.telegram_id)
            )
            telegram_id = used.scalar_one_or_none()
            if telegram_id is None:
                await record(
                    session,
                    now,
                    None,
                    "dashboard_sign_in_refused",
                    details={"reason": "invalid link"},
                )
        if telegram_id is None:
            return SignIn.INVALID, None
        if not await self.roles.has_role(telegram_id, ROLE):
            await self._audit(telegram_id, "dashboard_sign_in_refused", {"reason": "not staff"})
            return SignIn.NOT_STAFF, None
        session_id = secrets.token_urlsafe(32)
        async with self.db.transaction() as session:
            session.add(
                DashboardSession(
                    id_hash=_hash(session_id),
                    telegram_id=telegram_id,
                    created_at=now,
                    expires_at=now + SESSION_LIFETIME,
                )
            )
            await record(session, now, telegram_id, "dashboard_sign_in")
        return SignIn.OK, f"{session_id}.{self._sign('session', session_id)}"

    async def viewer(self, cookie: str | None) -> Viewer | None:
        """The staff member a session cookie belongs to, or None (forged, ended, role gone)."""
        if not cookie or not self._secret or "." not in cookie:
            return None
        session_id, signature = cookie.rsplit(".", 1)
        if not hmac.compare_digest(signature, self._sign("session", session_id)):
            return None
        id_hash = _hash(session_id)
        now = self.clock.now()
        async with self.db.transaction() as session:
            row = await session.get(DashboardSession, id_hash)
            if row is None or row.ended_at is not None or row.expires_at <= now:
                return None
            telegram_id = row.telegram_id
        if not await self.roles.has_role(telegram_id, ROLE):
            await self._end(id_hash, telegram_id, "dashboard_session_ended_role_revoked")
            return None
        return Viewer(telegram_id, id_hash)

    def csrf_token(self, viewer: Viewer) -> str:
        """The token a form that changes state must send back (bound to the session)."""
        return self._sign("csrf", viewer.session_hash)

    def csrf_ok(self, viewer: Viewer, given: str | None) -> bool:
        """Whether a form carried this session's CSRF token."""
        return bool(given) and hmac.compare_digest(given or "", self.csrf_token(viewer))

    async def sign_out(self, viewer: Viewer) -> None:
        """End the session now."""
        await self._end(viewer.session_hash, viewer.telegram_id, "dashboard_sign_out")

    async def record_download(self, viewer: Viewer, what: str, details: dict[str, Any]) -> None:
        """An audit entry for a file taken out of the dashboard."""
        await self._audit(viewer.telegram_id, "dashboard_download", {"file": what, **details})

    async def _end(self, id_hash: str, telegram_id: int, action: str) -> None:
        now = self.clock.now()
        async with self.db.transaction() as session:
            await session.execute(
                update(DashboardSession)
                .where(DashboardSession.id_hash == id_hash, DashboardSession.ended_at.is_(None))
                .values(ended_at=now)
            )
            await record(session, now, telegram_id, action)

    async def _audit(self, telegram_id: int | None, action: str, details: dict[str, Any]) -> None:
        async with self.db.transaction() as session:
            await record(session, self.clock.now(), telegram_id, action, details=details)
