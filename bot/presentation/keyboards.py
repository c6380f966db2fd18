"""The shape of a reply: HTML text with an optional inline keyboard of versioned buttons."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks


@dataclass(frozen=True)
class Reply:
    """A message to send: HTML text and an optional inline keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


def button(label: str, press: callbacks.Press) -> InlineKeyboardButton:
    """An inline button carrying the press as versioned callback data."""
    return InlineKeyboardButton(label, callback_data=press.pack())


def rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    """Lay buttons out `width` to a row."""
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]
