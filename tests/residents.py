"""Residents brought to a point in the conversation, as several test modules need them."""

from __future__ import annotations

from bot.double import ChatUser


async def at_the_area_question(user: ChatUser) -> list:
    """/start, consent and Bahasa Indonesia: the resident is now asked where they live."""
    await user.send("/start")
    await user.tap("Ya, mari mulai")
    return await user.tap("Bahasa Indonesia")


async def resident_in(
    bot, user_id: int, region: str | None = None, district: str | None = None
) -> ChatUser:
    """A resident who gave a kota and kecamatan (or skipped them) and skipped the survey."""
    user = bot.user(user_id)
    await at_the_area_question(user)
    if region:
        await user.tap(region)
        await user.tap(district or "Lewati")
    else:
        await user.tap("Lewati")
    await user.tap("Lewati")
    await user.tap("Lewati survei")
    return user
