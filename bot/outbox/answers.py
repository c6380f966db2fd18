"""Telegram's answer to one bulk message, classified once for broadcasts, nudges and follow-ups.

sent; blocked (403: the resident stopped the bot, nothing more goes to them); retry later (a 429
that kept coming back, 5xx, Telegram unreachable); failed (400 and the like: trying again would
not help). Each kind of message turns these into its own bookkeeping.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError, TimedOut

ERROR_CHARS = 200  # what is kept of Telegram's description


class Answer(StrEnum):
    """What became of one bulk message."""

    SENT = "sent"
    BLOCKED = "blocked"
    RETRY = "retry"
    FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    """One message's answer; `unreachable`: a retry because Telegram could not be reached at
    all (not the message's fault, so it does not count as an attempt)."""

    answer: Answer
    error: str | None = None
    unreachable: bool = False


SENT = Outcome(Answer.SENT)
RATE_LIMITED = Outcome(Answer.RETRY, "rate limited repeatedly")


def classify(exc: TelegramError) -> Outcome:
    """The outcome of a bulk message Telegram did not take (a 429 is the outbox's to wait out)."""
    error = str(exc)[:ERROR_CHARS]
    if isinstance(exc, Forbidden):
        return Outcome(Answer.BLOCKED, error)
    if isinstance(exc, BadRequest):  # a NetworkError in PTB's tree: look at it first
        return Outcome(Answer.FAILED, error)
    if isinstance(exc, TimedOut) or (isinstance(exc, NetworkError) and exc.__cause__ is not None):
        return Outcome(Answer.RETRY, error, unreachable=True)
    return Outcome(Answer.RETRY, error)  # 5xx (a NetworkError without a cause) and the rest
