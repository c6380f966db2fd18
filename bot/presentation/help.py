"""The /bantuan list of commands, the emergency numbers, and the answer to stray input."""

from __future__ import annotations

from html import escape

from bot.i18n import Translator


def help_text(t: Translator) -> str:
    """The list of commands."""
    return "\n".join(
        [
            t._(
                "ℹ️ <b>Warga Tangguh</b>: short lessons on living with Jakarta's disasters and "
                "turning them into skills and stronger neighbourhoods."
            ),
            "",
            t._("/belajar: continue the lessons"),
            t._("/progres: your progress"),
            t._("/ulang: review questions you got wrong"),
            t._("/modul N: read a finished module again"),
            t._("/pengingat: when reminders come"),
            t._("/berhenti and /mulai: stop or resume reminders and announcements"),
            t._("/sertifikat: your certificate after the course"),
            t._("/bahasa: change the language"),
            t._("/hapusdata: delete all your data"),
            t._("/id: your Telegram id (for an admin who gives you a role)"),
            t._("/bantuan: this help"),
            "",
            t._("In an emergency, call 112 (free, 24 hours)."),
        ]
    )


def emergency_text(t: Translator) -> str:
    """Emergency numbers and official channels (content brief §3: Jakarta Siaga 112 etc.)."""
    return "\n".join(
        [
            t._(
                "🚨 <b>If this is an emergency, call 112 now</b> "
                "(Jakarta Siaga 112: free, 24 hours)."
            ),
            t._("Fire brigade 113 · Ambulance 118/119 · Police 110 · Search and rescue 115."),
            t._("Official information: BPBD DKI Jakarta (@BPBDJakarta), the JAKI app, Info BMKG."),
            t._("This bot does not watch for emergencies and cannot send help."),
        ]
    )


def stray_answer(t: Translator, command: str | None, waiting: bool) -> str:
    """Stray input: an unknown command named, then the way on (the buttons of the message that
    waits for an answer, or the commands once the course is finished)."""
    lines = []
    if command:
        lines.append(
            t._(
                "I don't know the command {command}. All commands: /bantuan",
                command=escape(command),
            )
        )
    lines.append(
        t._("Please answer with one of the buttons below 👇")
        if waiting
        else t._(
            "🎉 You have finished the course. /sertifikat: your certificate · /ulang: "
            "practise the questions again · /bantuan: all commands"
        )
    )
    return "\n".join(lines)
