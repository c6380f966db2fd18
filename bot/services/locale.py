"""Locale choice: saved preference, then Telegram's language_code, then the default."""

from __future__ import annotations

LOCALES = ("id", "en")


def locale_for(saved: str | None, language_code: str | None, default: str) -> str:
    """The locale to speak to a user in."""
    if saved in LOCALES:
        return saved
    if language_code:
        base = language_code.split("-")[0].lower()
        if base in LOCALES:
            return base
    return default
