"""What every service a resident's taps reach is built on."""

from __future__ import annotations

from bot.db.engine import Database
from bot.services.journey import Journey


class ResidentService:
    """A service answering a resident's action: one transaction on `db` per action, the
    resident's state through `journey`, and `default_locale` for an answer to someone the bot
    does not know (yet, or any more)."""

    def __init__(self, db: Database, journey: Journey, default_locale: str) -> None:
        self.db = db
        self.journey = journey
        self.default_locale = default_locale
