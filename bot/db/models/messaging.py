"""Messages the bot sends on its own: nudges and broadcasts with their deliveries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, Timestamp, resident_ref


class Nudge(Base):
    """One nudge claimed by a sweep: what kind, when it was due, and how sending went."""

    __tablename__ = "nudges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resident_id: Mapped[int] = resident_ref(index=True)
    kind: Mapped[str] = mapped_column(String(8))  # a NudgeKind (bot.db.values)
    due_at: Mapped[datetime] = mapped_column(Timestamp)
    claimed_at: Mapped[datetime] = mapped_column(Timestamp, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(Timestamp)
    status: Mapped[str] = mapped_column(String(8))  # a NudgeStatus (bot.db.values)
    error: Mapped[str | None] = mapped_column(String(200))
    # The resident's first activity within 24 hours after the nudge was sent, if any.
    responded_at: Mapped[datetime | None] = mapped_column(Timestamp)


class Broadcast(Base):
    """A moderator's broadcast: draft → scheduled → sending → done / cancelled / failed."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_by: Mapped[int] = mapped_column(BigInteger)
    moderator_locale: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    status: Mapped[str] = mapped_column(String(10), index=True)  # a BroadcastStatus
    # While a draft: what the composer waits for (text, english, audience, preview, schedule).
    compose_step: Mapped[str | None] = mapped_column(String(10))
    text_id: Mapped[str | None] = mapped_column(Text)
    text_en: Mapped[str | None] = mapped_column(Text)
    photo_file_id: Mapped[str | None] = mapped_column(String(200))
    audience: Mapped[dict] = mapped_column(JSON)
    scheduled_at: Mapped[datetime | None] = mapped_column(Timestamp, index=True)
    started_at: Mapped[datetime | None] = mapped_column(Timestamp)
    finished_at: Mapped[datetime | None] = mapped_column(Timestamp)
    status_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    status_message_id: Mapped[int | None] = mapped_column(Integer)


class Delivery(Base):
    """One recipient of a broadcast: pending → sent / blocked / failed."""

    __tablename__ = "broadcast_deliveries"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "resident_id"),
        Index("ix_broadcast_deliveries_broadcast_id_status", "broadcast_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    resident_id: Mapped[int] = resident_ref(index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    locale: Mapped[str] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(8))  # a DeliveryStatus
    attempts: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    claimed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    sent_at: Mapped[datetime | None] = mapped_column(Timestamp)
    error: Mapped[str | None] = mapped_column(String(200))
