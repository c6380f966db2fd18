"""The command menu (setMyCommands) in Indonesian and English."""

from __future__ import annotations

import contextlib

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.i18n import translator

COMMANDS = ("belajar", "progres", "ulang", "pengingat", "sertifikat", "bahasa", "bantuan",
            "berhenti", "mulai", "hapusdata")
# The English name of each command (both work; English menus and texts show these)
ENGLISH = {"belajar": "learn", "progres": "progress", "ulang": "review", "pengingat": "reminders",
           "sertifikat": "certificate", "bahasa": "language", "bantuan": "help", "berhenti": "stop",
           "mulai": "resume", "hapusdata": "deletedata"}


def commands(locale: str) -> list[BotCommand]:
    """The resident commands with descriptions in `locale`."""
    t = translator(locale)
    descriptions = {
        "belajar": t._("Continue the lessons"),
        "progres": t._("See your progress"),
        "bahasa": t._("Change the language"),
        "bantuan": t._("Help and the list of commands"),
        "ulang": t._("Review questions you got wrong"),
        "pengingat": t._("Choose when reminders come"),
        "sertifikat": t._("Your certificate"),
        "berhenti": t._("Stop reminders and announcements"),
        "mulai": t._("Receive reminders and announcements again"),
        "hapusdata": t._("Delete all your data"),
    }
    return [BotCommand(ENGLISH[name] if locale == "en" else name, descriptions[name])
            for name in COMMANDS]


async def set_menus(bot: Bot) -> None:
    """Indonesian by default and for `id` users, English for `en` users."""
    await bot.set_my_commands(commands("id"))
    await bot.set_my_commands(commands("id"), language_code="id")
    await bot.set_my_commands(commands("en"), language_code="en")


async def set_chat_menu(bot: Bot, chat_id: int, locale: str) -> None:
    """After /bahasa: this chat's menu in the chosen language (best effort)."""
    with contextlib.suppress(TelegramError):
        await bot.set_my_commands(commands(locale), scope=BotCommandScopeChat(chat_id))
