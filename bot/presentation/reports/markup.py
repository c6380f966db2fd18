"""Report figures as Telegram HTML text: escaped, in the reader's locale."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from bot.i18n import Translator
from bot.presentation.reports import fmt
from bot.services.reports.model import Count


def e(text: str) -> str:
    """Text escaped for Telegram HTML (quotes left alone)."""
    return escape(text, quote=False)


def counter(t: Translator) -> Callable[[Count | None], str]:
    """A count as escaped text (see `fmt.count`)."""

    def c(value: Count | None) -> str:
        return e(fmt.count(t, value))

    return c
