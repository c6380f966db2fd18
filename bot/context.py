"""The typed CallbackContext: `context.services`, `context.settings`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram.ext import CallbackContext, ExtBot

from bot.config import Settings
from bot.services import Services

if TYPE_CHECKING:
    from bot.outbox import Outbox
    from bot.outbox.broadcasts import BroadcastSender


class BotContext(CallbackContext[ExtBot, dict, dict, dict]):
    """CallbackContext with typed access to what the composition root put in bot_data."""

    @property
    def services(self) -> Services:
        """Every service of this application."""
        return self.bot_data["services"]

    @property
    def settings(self) -> Settings:
        """The settings this application was built with."""
        return self.bot_data["settings"]

    @property
    def sender(self) -> BroadcastSender:
        """This process's broadcast sender."""
        return self.bot_data["sender"]

    @property
    def outbox(self) -> Outbox:
        """This process's bulk sending: broadcasts, nudges, follow-ups."""
        return self.bot_data["outbox"]
