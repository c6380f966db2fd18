"""The typed CallbackContext: `context.services`, `context.settings`."""

from __future__ import annotations

from telegram.ext import CallbackContext, ExtBot

from bot.config import Settings
from bot.services import Services


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
    def sender(self):
        """This process's broadcast sender (bot.sender.BroadcastSender)."""
        return self.bot_data["sender"]
