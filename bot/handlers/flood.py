"""Slow down a resident who floods the bot, with one friendly message; others are unaffected."""

from __future__ import annotations

import logging
from collections import deque
from datetime import datetime, timedelta

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.clock import Clock
from bot.context import BotContext
from bot.handlers.common import t_for, telegram_locale

logger = logging.getLogger(__name__)

LIMIT = 20  # updates …
WINDOW = timedelta(seconds=10)  # … per this window, per user


class FloodGuard:
    """Per-user sliding windows, in this process's memory (a flood is a burst, not a history)."""

    def __init__(self, clock: Clock, limit: int = LIMIT, window: timedelta = WINDOW) -> None:
        self.clock = clock
        self.limit = limit
        self.window = window
        self._seen: dict[int, deque[datetime]] = {}
        self._warned: set[int] = set()

    def allow(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, warn): whether to handle the update, and whether to send the one warning."""
        now = self.clock.now()
        seen = self._seen.setdefault(user_id, deque())
        while seen and now - seen[0] >= self.window:
            seen.popleft()
        if len(seen) < self.limit:
            seen.append(now)
            self._warned.discard(user_id)
            if len(self._seen) > 50_000:
                self._seen = {u: d for u, d in self._seen.items() if d}
            return True, False
        warn = user_id not in self._warned
        self._warned.add(user_id)
        return False, warn


async def guard(update: Update, context: BotContext) -> None:
    """Group -2: drop a flooding user's update (telling them once); let everything else on."""
    user = update.effective_user
    if user is None or update.effective_chat is None or update.effective_chat.type != "private":
        return
    allowed, warn = context.bot_data.flood.allow(user.id)
    if allowed:
        return
    if warn:
        logger.info("slowing down a user who sent too many messages")
        t = t_for(telegram_locale(update, context))
        if update.callback_query:
            await update.callback_query.answer()
        await update.effective_chat.send_message(
            t._("🐢 That's a lot of messages at once! Please wait a few seconds, then carry on.")
        )
    elif update.callback_query:
        await update.callback_query.answer()
    raise ApplicationHandlerStop
