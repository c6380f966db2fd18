"""A resident and what they do in the course: progress, answers, activity, review, follow-ups
and the certificate."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, Timestamp, resident_ref


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

    resident_id: Mapped[int] = resident_ref(primary_key=True)
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
    resident_id: Mapped[int] = resident_ref()
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
    __table_args__ = (UniqueConstraint("resident_id", "instrument", "version", "phase", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resident_id: Mapped[int] = resident_ref()
    instrument: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(SmallInteger, server_default=text("1"))
    phase: Mapped[str] = mapped_column(String(4))
    item_id: Mapped[str] = mapped_column(String(16))
    value: Mapped[int] = mapped_column(SmallInteger)
    answered_at: Mapped[datetime] = mapped_column(Timestamp)


class ActivityDay(Base):
    """A Jakarta day on which a resident finished a card, a quiz answer or a survey item."""

    __tablename__ = "activity_days"

    resident_id: Mapped[int] = resident_ref(primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)


class ReviewItem(Base):
    """A question answered wrong, coming back for review after 1, 3 and 7 days."""

    __tablename__ = "review_items"

    resident_id: Mapped[int] = resident_ref(primary_key=True)
    question_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    step: Mapped[int] = mapped_column(SmallInteger)
    due_at: Mapped[datetime] = mapped_column(Timestamp, index=True)


class ActionFollowup(Base):
    """A module's action, asked about once a few days after the module: Sudah / Belum / Tidak
    relevan. Created when the module is completed; the nudge sweep asks it in the nudge slot."""

    __tablename__ = "action_followups"

    resident_id: Mapped[int] = resident_ref(primary_key=True)
    module_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    due_at: Mapped[datetime] = mapped_column(Timestamp, index=True)
    asked_at: Mapped[datetime | None] = mapped_column(Timestamp, index=True)
    answer: Mapped[str | None] = mapped_column(String(12))  # an ActionAnswer
    answered_at: Mapped[datetime | None] = mapped_column(Timestamp)


class Certificate(Base):
    """The completion certificate, kept so /sertifikat can send it again."""

    __tablename__ = "certificates"

    resident_id: Mapped[int] = resident_ref(primary_key=True)
    issued_at: Mapped[datetime] = mapped_column(Timestamp)
    modules: Mapped[int] = mapped_column(SmallInteger)
    file_id: Mapped[str | None] = mapped_column(String(200))
