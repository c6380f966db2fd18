"""How /modul N reads: a finished module's cards again, or which modules can be re-read."""

from __future__ import annotations

from html import escape

from bot.i18n import Translator
from bot.services.rereading import Rereading

LIMIT = 4000  # Telegram's 4,096 characters, with room for the HTML tags


def rereading_messages(t: Translator, found: Rereading, asked: str) -> list[str]:
    """The module's title, cards and action (as few messages as fit), or which modules can be
    re-read."""
    if found.module is None:
        if not found.finished:
            return [
                t._(
                    "You can re-read a module once you have finished it. Type /belajar to continue."
                )
            ]
        numbers = ", ".join(str(n) for n in found.finished)
        if not asked:
            return [
                t._(
                    "Modules you can re-read: {numbers}. For example: /modul {first}",
                    numbers=numbers,
                    first=found.finished[0],
                )
            ]
        return [
            t._(
                "Module {asked} is not one you have finished. Modules you can re-read: {numbers}.",
                asked=escape(asked),
                numbers=numbers,
            )
        ]
    module = found.module
    title = t._("📖 Module {number}", number=module.number)
    messages = [f"<b>{title} · {escape(module.title.get(t.locale))}</b>"]
    for card in module.cards:
        body = escape(card.text.get(t.locale))
        part = t._("🎯 <b>Your action:</b> {action}", action=body) if card.is_action else body
        if len(messages[-1]) + 2 + len(part) > LIMIT:
            messages.append(part)
        else:
            messages[-1] += "\n\n" + part
    return messages
