"""SQLAlchemy 2 typed models, one module per concept; every model is importable from here
(`from bot.db.models import Resident`), and importing this package fills `Base.metadata`.
Telegram ids are BigInteger; timestamps are timezone-aware."""

from __future__ import annotations

from bot.db.models.base import NAMING_CONVENTION, Base, Timestamp, table_of
from bot.db.models.messaging import Broadcast, Delivery, Nudge
from bot.db.models.residents import (
    ActionFollowup,
    ActivityDay,
    Certificate,
    ModuleProgress,
    QuizAnswer,
    Resident,
    ReviewItem,
    SurveyAnswer,
)
from bot.db.models.runtime import ProcessedUpdate, SendPause, SendWindow
from bot.db.models.staff import AuditEntry, DashboardLink, DashboardSession, RoleGrant

__all__ = [
    "NAMING_CONVENTION",
    "ActionFollowup",
    "ActivityDay",
    "AuditEntry",
    "Base",
    "Broadcast",
    "Certificate",
    "DashboardLink",
    "DashboardSession",
    "Delivery",
    "ModuleProgress",
    "Nudge",
    "ProcessedUpdate",
    "QuizAnswer",
    "Resident",
    "ReviewItem",
    "RoleGrant",
    "SendPause",
    "SendWindow",
    "SurveyAnswer",
    "Timestamp",
    "table_of",
]
