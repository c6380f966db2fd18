"""The command menu as residents read it: each command's name and description, in Indonesian
and English."""

from __future__ import annotations

from telegram import BotCommand

from bot.i18n import translator

COMMANDS = (
    "belajar",
    "progres",
    "ulang",
    "pengingat",
    "sertifikat",
    "bahasa",
    "bantuan",
    "berhenti",
    "mulai",
    "hapusdata",
)
# The English name of each command (both work; English menus and texts show these)
ENGLISH = {
    "belajar": "learn",
    "progres": "progress",
    "ulang": "review",
    "pengingat": "reminders",
    "sertifikat": "certificate",
    "bahasa": "language",
    "bantuan": "help",
    "berhenti": "stop",
    "mulai": "resume",
    "hapusdata": "deletedata",
}


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
    return [
        BotCommand(ENGLISH[name] if locale == "en" else name, descriptions[name])
        for name in COMMANDS
    ]
