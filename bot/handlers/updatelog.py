"""One structured log line per update: its type, the handler, the duration and the outcome.

Never the token, never a message's text: only ids and names.
"""

from __future__ import annotations

import functools
import json
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from contextvars import ContextVar
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler

logger = logging.getLogger("bot.updates")

HANDLER: ContextVar[str] = ContextVar("handler", default="-")
OUTCOME: ContextVar[str] = ContextVar("outcome", default="ok")


def handler_name(callback: Callable[..., object]) -> str:
    """`module.function` of a handler callback."""
    return f"{callback.__module__.rsplit('.', 1)[-1]}.{callback.__name__}"


def named(callback: Callable[..., Awaitable[object]]) -> Callable[..., Coroutine[Any, Any, object]]:
    """Wrap a handler callback so the update's log line names it."""
    name = handler_name(callback)

    @functools.wraps(callback)
    async def wrapper(update: object, context: object) -> object:
        HANDLER.set(name)
        return await callback(update, context)

    return wrapper


def name_handlers(handlers: list[BaseHandler]) -> list[BaseHandler]:
    """Wrap every handler's callback (see `named`)."""
    for handler in handlers:
        handler.callback = named(handler.callback)
    return handlers


def update_type(update: object) -> str:
    """message, callback_query, my_chat_member, edited_message …"""
    if isinstance(update, Update):
        for field in (
            "message",
            "edited_message",
            "callback_query",
            "my_chat_member",
            "channel_post",
            "inline_query",
            "chat_member",
        ):
            if getattr(update, field, None) is not None:
                return field
    return type(update).__name__


class LoggedApplication(Application):
    """The Application, logging one JSON line per processed update."""

    async def process_update(self, update: object) -> None:
        """Process as usual; then log what handled it, how long it took and how it ended."""
        HANDLER.set("-")
        OUTCOME.set("ok")
        started = time.perf_counter()
        try:
            await super().process_update(update)
        except Exception:
            OUTCOME.set("crash")
            raise
        finally:
            if logger.isEnabledFor(logging.INFO):
                logger.info(
                    json.dumps(
                        {
                            "event": "update",
                            "update_id": getattr(update, "update_id", None),
                            "type": update_type(update),
                            "handler": HANDLER.get(),
                            "ms": round((time.perf_counter() - started) * 1000, 1),
                            "outcome": OUTCOME.get(),
                        }
                    )
                )
