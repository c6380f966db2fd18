"""Broadcasts: composing, scheduling, cancelling and reading their state.

A broadcast is a stored record with a status machine: draft → scheduled → sending → done /
cancelled / failed. Sending it is the job of `deliveries`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import Broadcast
from bot.db.values import BroadcastStatus
from bot.services import audience
from bot.services.audit import record
from bot.services.broadcast_summary import Summary, summarise
from bot.services.deliveries import start_sending
from bot.services.sendplan import Rates, SendPlan, plan

ACTIVE = (BroadcastStatus.DRAFT, BroadcastStatus.SCHEDULED, BroadcastStatus.SENDING)


@dataclass(frozen=True)
class DraftView:
    """A broadcast being composed, as the moderator sees it."""

    id: int
    step: str | None
    status: str
    locale: str
    text_id: str | None
    text_en: str | None
    photo_file_id: str | None
    audience: dict[str, Any]
    audience_size: int | None = None
    scheduled_at: datetime | None = None


def _view(b: Broadcast, size: int | None = None) -> DraftView:
    return DraftView(
        b.id,
        b.compose_step,
        b.status,
        b.moderator_locale,
        b.text_id,
        b.text_en,
        b.photo_file_id,
        b.audience or {},
        size,
        b.scheduled_at,
    )


class BroadcastService:
    """Composing, scheduling, cancelling and the sender's claim-and-record cycle."""

    def __init__(self, db: Database, clock: Clock, rates: Rates) -> None:
        self.db = db
        self.clock = clock
        self.rates = rates

    def plan(self, recipients: int) -> SendPlan:
        """Expected duration and, with paid broadcasts on, paid messages and Stars."""
        return plan(recipients, self.rates)

    # -- composing -----------------------------------------------------------------------------
    async def open_draft(self, moderator: int, locale: str) -> DraftView:
        """A new draft (an unfinished earlier one is dropped)."""
        async with self.db.transaction() as session:
            await session.execute(
                update(Broadcast)
                .where(Broadcast.created_by == moderator, Broadcast.status == BroadcastStatus.DRAFT)
                .values(status=BroadcastStatus.CANCELLED, compose_step=None)
            )
            draft = Broadcast(
                created_by=moderator,
                moderator_locale=locale,
                created_at=self.clock.now(),
                status=BroadcastStatus.DRAFT,
                compose_step="text",
                audience={},
            )
            session.add(draft)
            await session.flush()
            await record(session, draft.created_at, moderator, "broadcast_created", str(draft.id))
            return _view(draft)

    async def waiting_draft(self, moderator: int) -> DraftView | None:
        """The moderator's draft that is waiting for typed input (text, English, a time). Every
        typed message asks, so it only reads: on SQLite it never waits for the writer."""
        async with self.db.snapshot() as session:
            draft = await session.scalar(
                select(Broadcast).where(
                    Broadcast.created_by == moderator,
                    Broadcast.status == BroadcastStatus.DRAFT,
                    Broadcast.compose_step.in_(("text", "english", "schedule")),
                )
            )
            return _view(draft) if draft else None

    async def _draft(
        self, session: AsyncSession, draft_id: int, moderator: int, steps: tuple[str, ...]
    ) -> Broadcast | None:
        draft = await session.get(Broadcast, draft_id, with_for_update=True)
        if (
            draft is None
            or draft.created_by != moderator
            or draft.status != BroadcastStatus.DRAFT
            or draft.compose_step not in steps
        ):
            return None
        return draft

    async def set_message(
        self, draft_id: int, moderator: int, html: str, photo_file_id: str | None
    ) -> DraftView | None:
        """The Indonesian message (HTML as the moderator formatted it), maybe with a photo."""
        async with self.db.transaction() as session:
            draft = await self._draft(session, draft_id, moderator, ("text",))
            if draft is None:
                return None
            draft.text_id, draft.photo_file_id, draft.compose_step = html, photo_file_id, "english"
            return _view(draft)

    async def set_english(
        self, draft_id: int, moderator: int, html: str | None
    ) -> DraftView | None:
        """The optional English version (None skips it)."""
        async with self.db.transaction() as session:
            draft = await self._draft(session, draft_id, moderator, ("english",))
            if draft is None:
                return None
            draft.text_en, draft.compose_step = html, "audience"
            return _view(draft)

    async def change_audience(self, draft_id: int, moderator: int) -> DraftView | None:
        """Back from the preview to the audience buttons."""
        async with self.db.transaction() as session:
            draft = await self._draft(session, draft_id, moderator, ("preview", "schedule"))
            if draft is None:
                return None
            draft.compose_step = "audience"
            return _view(draft)

    async def set_audience(
        self, draft_id: int, moderator: int, spec: dict[str, Any]
    ) -> DraftView | None:
        """Fix the segment and count who it reaches right now."""
        if not audience.valid(spec):
            return None
        async with self.db.transaction() as session:
            draft = await self._draft(session, draft_id, moderator, ("audience",))
            if draft is None:
                return None
            draft.audience, draft.compose_step = spec, "preview"
            return _view(draft, await audience.count(session, spec))

    async def audience_size(self, spec: dict[str, Any]) -> int:
        """How many residents a segment reaches now."""
        async with self.db.transaction() as session:
            return await audience.count(session, spec)

    async def sources(self) -> list[str]:
        """Deep-link sources to offer as segments."""
        async with self.db.transaction() as session:
            return await audience.top_sources(session)

    async def ask_time(self, draft_id: int, moderator: int) -> DraftView | None:
        """The moderator chose "schedule": wait for a typed time (not for an audience of 0)."""

        async def wait_for_a_time(session: AsyncSession, draft: Broadcast) -> DraftView:
            draft.compose_step = "schedule"
            return _view(draft)

        return await self._past_preview(draft_id, moderator, wait_for_a_time)

    async def schedule(self, draft_id: int, moderator: int, when: datetime) -> DraftView | None:
        """Schedule the broadcast for `when`."""
        async with self.db.transaction() as session:
            draft = await self._draft(session, draft_id, moderator, ("schedule",))
            if draft is None:
                return None
            draft.status, draft.compose_step = BroadcastStatus.SCHEDULED, None
            draft.scheduled_at = when
            await self._audit(
                session, moderator, "broadcast_scheduled", draft, {"at": when.isoformat()}
            )
            return _view(draft)

    async def send_now(self, draft_id: int, moderator: int) -> DraftView | None:
        """Start sending at once: the audience is fixed now (not for an audience of 0)."""

        async def send(session: AsyncSession, draft: Broadcast) -> DraftView:
            size = await start_sending(session, draft, self.clock.now())
            details = {"recipients": size, **self.plan(size).audit()}
            await self._audit(session, moderator, "broadcast_sent", draft, details)
            return _view(draft, size)

        return await self._past_preview(draft_id, moderator, send)

    async def _past_preview(
        self,
        draft_id: int,
        moderator: int,
        step: Callable[[AsyncSession, Broadcast], Awaitable[DraftView]],
    ) -> DraftView | None:
        """Take the moderator's draft past its preview with `step`, in one transaction. An
        audience that reaches nobody goes no further: the draft stays at its preview and comes
        back with audience_size 0."""
        async with self.db.transaction() as session:
            draft = await self._draft(session, draft_id, moderator, ("preview",))
            if draft is None:
                return None
            if await audience.count(session, draft.audience) == 0:
                return _view(draft, 0)
            return await step(session, draft)

    async def _audit(
        self,
        session: AsyncSession,
        moderator: int,
        action: str,
        broadcast: Broadcast,
        details: dict[str, Any],
    ) -> None:
        """An audit entry about the broadcast, now."""
        await record(session, self.clock.now(), moderator, action, str(broadcast.id), details)

    async def cancel(self, broadcast_id: int, moderator: int) -> Summary | None:
        """Cancel a draft, a scheduled or a sending broadcast; pending deliveries stay unsent."""
        async with self.db.transaction() as session:
            broadcast = await session.get(Broadcast, broadcast_id, with_for_update=True)
            if broadcast is None or broadcast.status not in ACTIVE:
                return None
            broadcast.status, broadcast.compose_step = BroadcastStatus.CANCELLED, None
            broadcast.finished_at = self.clock.now()
            await record(
                session, broadcast.finished_at, moderator, "broadcast_cancelled", str(broadcast.id)
            )
        return await self.summary(broadcast_id)

    async def remember_status_message(
        self, broadcast_id: int, chat_id: int, message_id: int
    ) -> None:
        """Where the progress message lives, so any sender can edit it."""
        async with self.db.transaction() as session:
            await session.execute(
                update(Broadcast)
                .where(Broadcast.id == broadcast_id)
                .values(status_chat_id=chat_id, status_message_id=message_id)
            )

    # -- reading -------------------------------------------------------------------------------
    async def summary(self, broadcast_id: int) -> Summary | None:
        """State and counts of one broadcast."""
        async with self.db.transaction() as session:
            b = await session.get(Broadcast, broadcast_id)
            if b is None:
                return None
            return await summarise(session, b)

    async def owner(self, broadcast_id: int) -> int | None:
        """The moderator who created the broadcast (their private chat id)."""
        async with self.db.transaction() as session:
            return await session.scalar(
                select(Broadcast.created_by).where(Broadcast.id == broadcast_id)
            )

    async def recent(self, limit: int = 8) -> list[Summary]:
        """The latest broadcasts that got past the draft, newest first."""
        async with self.db.transaction() as session:
            rows = (
                (
                    await session.execute(
                        select(Broadcast)
                        .where(Broadcast.status != BroadcastStatus.DRAFT)
                        .order_by(Broadcast.id.desc())
                        .limit(limit)
                    )
                )
                .scalars()
                .all()
            )
            return [await summarise(session, b) for b in rows]
