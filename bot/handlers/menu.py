"""The command menu (setMyCommands) in Indonesian and English."""

from __future__ import annotations

import contextlib

from telegram import Bot, BotCommandScopeChat
from telegram.error import TelegramError

from bot.presentation.menu import commands


async def set_menus(bot: Bot) -> None:
    """Indonesian by default and for `id` users, English for `en` users."""
    await bot.set_my_commands(commands("id"))
    await bot.set_my_commands(commands("id"), language_code="id")
    await bot.set_my_commands(commands("en"), language_code="en")


async def set_chat_menu(bot: Bot, chat_id: int, locale: str) -> None:
    """After /bahasa: this chat's menu in the chosen language (best effort)."""
    with contextlib.suppress(TelegramError):
        await bot.set_my_commands(commands(locale), scope=BotCommandScopeChat(chat_id))
