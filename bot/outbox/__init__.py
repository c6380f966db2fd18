"""The outbox: every bulk message (broadcasts, nudges, action follow-ups) goes out here.

One send budget for the whole deployment (only its bulk sender sends), Telegram's answers
classified in one place (`answers`), and each kind of message with its own bookkeeping
(`broadcasts.Deliveries`, `nudges.Nudges`) behind the `Kind` interface.
"""

from bot.outbox.answers import Answer, Outcome, classify
from bot.outbox.outbox import Kind, Message, Outbox

__all__ = ["Answer", "Kind", "Message", "Outbox", "Outcome", "classify"]
