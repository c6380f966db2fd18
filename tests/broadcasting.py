"""A moderator composing broadcasts and what residents receive, for the broadcast tests."""

from __future__ import annotations

from tests.harness import ADMIN_ID

MODERATOR = 777
BOLD_TITLE = [{"type": "bold", "offset": 0, "length": 23}]


async def moderator(bot):
    """A new moderator: they show the admin their id, the admin gives them the role."""
    mod = bot.user(MODERATOR, first_name="Moderator")
    await mod.send("/id")
    await bot.user(ADMIN_ID).send(f"/peran tambah {MODERATOR} moderator")
    return mod


async def compose(
    mod,
    text="Latihan evakuasi banjir besok pukul 08.00 di RW 05 & RW 06.",
    english: str | None = None,
    entities=BOLD_TITLE,
):
    """/siaran, the message, then the English version or Lewati: the audience question."""
    await mod.send("/siaran")
    await mod.send(text, entities)
    if english:
        return await mod.send(english)
    return await mod.tap("Lewati")


def received(bot, chat_id: int) -> list[str]:
    """The broadcast texts a chat received."""
    return [
        c.text
        for c in bot.api.sent_to(chat_id)
        if c.method in ("sendMessage", "sendPhoto") and "Latihan" in (c.text or "")
    ]
