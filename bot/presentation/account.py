"""How /hapusdata asks before it deletes."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callbacks import DeleteData
from bot.i18n import Translator
from bot.presentation.keyboards import Reply, button


def delete_question(t: Translator) -> Reply:
    """Delete everything? Yes / cancel."""
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(t._("🗑 Yes, delete everything"), DeleteData("yes")),
                button(t._("Cancel"), DeleteData("no")),
            ]
        ]
    )
    return Reply(
        t._(
            "Delete all your data? Your profile, progress, quiz answers and survey "
            "answers will be removed for good."
        ),
        keyboard,
    )
