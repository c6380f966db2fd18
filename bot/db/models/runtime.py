"""What bot processes share to run as one deployment: the update ledger and the send budget."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, Timestamp


class ProcessedUpdate(Base):
    """Webhook updates claimed by some bot process (Telegram retries deliveries): held until
    `claimed_until` while being handled, skipped for good once `done_at` is set."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    received_at: Mapped[datetime] = mapped_column(Timestamp, index=True)
    claimed_until: Mapped[datetime | None] = mapped_column(Timestamp)
    done_at: Mapped[datetime | None] = mapped_column(Timestamp)


class SendWindow(Base):
    """Replies one bot process sent in one second (epoch), so the bulk sender leaves room."""

    __tablename__ = "send_window"

    process: Mapped[str] = mapped_column(String(36), primary_key=True)
    second: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, index=True
    )
    replies: Mapped[int] = mapped_column(Integer)


class SendPause(Base):
    """Telegram's latest 429 for the whole deployment: no bulk message before `paused_until`."""

    __tablename__ = "send_pause"

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    paused_until: Mapped[datetime] = mapped_column(Timestamp)
