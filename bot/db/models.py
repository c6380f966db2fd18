"""SQLAlchemy 2 typed models. Telegram ids are BigInteger; timestamps are timezone-aware."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migration names are stable."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamp(TypeDecorator):
    """A timezone-aware UTC timestamp on every database (SQLite stores it naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given for a timezone-aware column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Resident(Base):
    """A resident who consented to have their progress kept."""

    __tablename__ = "residents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(5))
    source: Mapped[str | None] = mapped_column(String(64), index=True)
    region: Mapped[str | None] = mapped_column(String(40), index=True)
    district: Mapped[str | None] = mapped_column(String(40), index=True)
    age_band: Mapped[str | None] = mapped_column(String(8))
    stage: Mapped[str] = mapped_column(String(16))
    consented_at: Mapped[datetime] = mapped_column(Timestamp)
    last_active_at: Mapped[datetime] = mapped_column(Timestamp)
    finished_at: Mapped[datetime | None] = mapped_column(Timestamp)
    # Reachability: /berhenti sets stopped_at; a block (my_chat_member or 403) sets blocked_at.
    stopped_at: Mapped[datetime | None] = mapped_column(Timestamp)
    blocked_at: Mapped[datetime | None] = mapped_column(Timestamp)
    # Nudges: the database is the source of truth for what is due and when.
    nudge_slot: Mapped[str] = mapped_column(String(8), server_default="evening")
    next_nudge_at: Mapped[datetime | None] = mapped_column(Timestamp, index=True)
    last_nudge_at: Mapped[datetime | None] = mapped_column(Timestamp)
    nudges_ignored: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    nudge_paused_at: Mapped[datetime | None] = mapped_column(Timestamp)
    # Streak: consecutive Jakarta days with a finished card or quiz answer.
    streak_days: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    streak_day: Mapped[date | None] = mapped_column(Date)
    # Synthetic residents made by `python -m bot demo-data`, never mixed with real ones.
    is_demo: Mapped[bool] = mapped_column(Boolean, server_default=false(), index=True)


class ModuleProgress(Base):
    """Where a resident is inside one module; `card_index` is the card on screen."""

    __tablename__ = "module_progress"

    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), primary_key=True
    )
    module_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    card_index: Mapped[int] = mapped_column(SmallInteger, default=0)
    started_at: Mapped[datetime] = mapped_column(Timestamp)
    completed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    score: Mapped[int | None] = mapped_column(SmallInteger)


class QuizAnswer(Base):
    """A resident's first answer to a quiz question (a double tap cannot add a second)."""

    __tablename__ = "quiz_answers"
    __table_args__ = (UniqueConstraint("resident_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id", ondelete="CASCADE"))
    module_id: Mapped[str] = mapped_column(String(40), index=True)
    question_id: Mapped[str] = mapped_column(String(40), index=True)
    option: Mapped[int] = mapped_column(SmallInteger)
    correct: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(Timestamp)
    # A first answer that was wrong and later answered right in review: counts for the pass mark
    # (the first answer stays as it was, for the reports).
    corrected_at: Mapped[datetime | None] = mapped_column(Timestamp)


class SurveyAnswer(Base):
    """One answer to the attitude survey or the behaviour checklist, before or after.

    `version` is the instrument's version the resident answered; pairs never mix versions.
    """

    __tablename__ = "survey_answers"
    __table_args__ = (
        UniqueConstraint("resident_id", "instrument", "version", "phase", "item_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id", ondelete="CASCADE"))
    instrument: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(SmallInteger, server_default=text("1"))
    phase: Mapped[str] = mapped_column(String(4))
    item_id: Mapped[str] = mapped_column(String(16))
    value: Mapped[int] = mapped_column(SmallInteger)
    answered_at: Mapped[datetime] = mapped_column(Timestamp)


class RoleGrant(Base):
    """A moderator or staff role held by a Telegram user."""

    __tablename__ = "roles"

    telegram_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    granted_by: Mapped[int] = mapped_column(BigInteger)
    granted_at: Mapped[datetime] = mapped_column(Timestamp)


class AuditEntry(Base):
    """Who did what: role changes, broadcasts, data deletions."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(Timestamp, index=True)
    actor_telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str | None] = mapped_column(String(80))
    details: Mapped[dict | None] = mapped_column(JSON)


class Nudge(Base):
    """One nudge claimed by a sweep: what kind, when it was due, and how sending went."""

    __tablename__ = "nudges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(8))  # lesson, review, followup, pause
    due_at: Mapped[datetime] = mapped_column(Timestamp)
    claimed_at: Mapped[datetime] = mapped_column(Timestamp, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(Timestamp)
    status: Mapped[str] = mapped_column(String(8))  # claimed, sent, blocked, failed
    error: Mapped[str | None] = mapped_column(String(200))
    # The resident's first activity within 24 hours after the nudge was sent, if any.
    responded_at: Mapped[datetime | None] = mapped_column(Timestamp)


class ActivityDay(Base):
    """A Jakarta day on which a resident finished a card, a quiz answer or a survey item."""

    __tablename__ = "activity_days"

    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)


class ReviewItem(Base):
    """A question answered wrong, coming back for review after 1, 3 and 7 days."""

    __tablename__ = "review_items"

    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    step: Mapped[int] = mapped_column(SmallInteger)
    due_at: Mapped[datetime] = mapped_column(Timestamp, index=True)


class ActionFollowup(Base):
    """A module's action, asked about once a few days after the module: Sudah / Belum / Tidak
    relevan. Created when the module is completed; the nudge sweep asks it in the nudge slot."""

    __tablename__ = "action_followups"

    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), primary_key=True
    )
    module_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    due_at: Mapped[datetime] = mapped_column(Timestamp, index=True)
    asked_at: Mapped[datetime | None] = mapped_column(Timestamp, index=True)
    answer: Mapped[str | None] = mapped_column(String(12))  # done, not_yet, not_relevant
    answered_at: Mapped[datetime | None] = mapped_column(Timestamp)


class Certificate(Base):
    """The completion certificate, kept so /sertifikat can send it again."""

    __tablename__ = "certificates"

    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), primary_key=True
    )
    issued_at: Mapped[datetime] = mapped_column(Timestamp)
    modules: Mapped[int] = mapped_column(SmallInteger)
    file_id: Mapped[str | None] = mapped_column(String(200))


class Broadcast(Base):
    """A moderator's broadcast: draft → scheduled → sending → done / cancelled / failed."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_by: Mapped[int] = mapped_column(BigInteger)
    moderator_locale: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    status: Mapped[str] = mapped_column(String(10), index=True)
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
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), index=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger)
    locale: Mapped[str] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(8))
    attempts: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    claimed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    sent_at: Mapped[datetime | None] = mapped_column(Timestamp)
    error: Mapped[str | None] = mapped_column(String(200))


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
    second: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False,
                                        index=True)
    replies: Mapped[int] = mapped_column(Integer)


class SendPause(Base):
    """Telegram's latest 429 for the whole deployment: no bulk message before `paused_until`."""

    __tablename__ = "send_pause"

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    paused_until: Mapped[datetime] = mapped_column(Timestamp)


class DashboardLink(Base):
    """A one-time sign-in link for the staff dashboard; only the token's hash is kept."""

    __tablename__ = "dashboard_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    expires_at: Mapped[datetime] = mapped_column(Timestamp, index=True)
    used_at: Mapped[datetime | None] = mapped_column(Timestamp)


class DashboardSession(Base):
    """A browser signed in to the staff dashboard; the cookie holds the id, we keep its hash."""

    __tablename__ = "dashboard_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    expires_at: Mapped[datetime] = mapped_column(Timestamp, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(Timestamp)
