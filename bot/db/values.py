"""The values the status and role columns hold, as StrEnums: each member is its stored string,
so rows written before the enums (and raw SQL comparing strings) read the same."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A role granted with /peran (admins come from settings and hold every role)."""

    MODERATOR = "moderator"
    STAFF = "staff"


class BroadcastStatus(StrEnum):
    """A broadcast's life: draft → scheduled → sending → done / cancelled / failed."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"


class DeliveryStatus(StrEnum):
    """One recipient of a broadcast: pending → sending (claimed) → sent / blocked / failed."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"


class NudgeStatus(StrEnum):
    """One nudge claimed by a sweep: claimed → sent / blocked / failed, or retry (it did not go
    out, Telegram could not take it now: the resident is due again soon)."""

    CLAIMED = "claimed"
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"
    RETRY = "retry"


class NudgeKind(StrEnum):
    """What a nudge asks the resident to do."""

    LESSON = "lesson"
    REVIEW = "review"
    FOLLOWUP = "followup"
    PAUSE = "pause"


class SendResult(StrEnum):
    """How sending one bulk message went: sent, blocked, failed, retry (counts as an attempt)
    or offline (Telegram could not be reached: try again without counting)."""

    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"
    RETRY = "retry"
    OFFLINE = "offline"


class ActionAnswer(StrEnum):
    """An answer to a module's action follow-up: Sudah / Belum / Tidak relevan."""

    DONE = "done"
    NOT_YET = "not_yet"
    NOT_RELEVANT = "not_relevant"
