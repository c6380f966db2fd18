"""Typed seams to PTB: `AppState` is bot_data, `BotContext` the CallbackContext of every handler."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.config import Settings
from bot.services import Services

if TYPE_CHECKING:  # these modules import BotContext themselves
    from bot.background import Background
    from bot.dashboard.worker import ReportWorker
    from bot.handlers.flood import FloodGuard
    from bot.handlers.reports import OpenPrompts
    from bot.handlers.stray import Reprompts
    from bot.lifecycle import Lifecycle
    from bot.outbox import Outbox
    from bot.outbox.broadcasts import BroadcastSender

RateLimitArgs: TypeAlias = dict[str, Any]  # what PriorityRateLimiter reads from each call


@dataclass(eq=False)
class AppState:
    """What the composition root keeps in bot_data. PTB makes it empty (`AppState()`);
    `build_application` fills every field before the application starts."""

    settings: Settings = field(init=False)
    services: Services = field(init=False)
    background: Background = field(init=False)
    flood: FloodGuard = field(init=False)
    reprompts: Reprompts = field(init=False)
    outbox: Outbox = field(init=False)
    sender: BroadcastSender = field(init=False)
    dashboard_worker: ReportWorker = field(init=False)
    lifecycle: Lifecycle = field(init=False)
    report_prompts: OpenPrompts = field(init=False)


class BotContext(CallbackContext[ExtBot[RateLimitArgs], dict[Any, Any], dict[Any, Any], AppState]):
    """CallbackContext with typed access to what the composition root put in bot_data."""

    @property
    def services(self) -> Services:
        """Every service of this application."""
        return self.bot_data.services

    @property
    def settings(self) -> Settings:
        """The settings this application was built with."""
        return self.bot_data.settings


BotApp: TypeAlias = Application[
    ExtBot[RateLimitArgs],
    BotContext,
    dict[Any, Any],
    dict[Any, Any],
    AppState,
    JobQueue[BotContext],
]
"""The application `build_application` makes."""
