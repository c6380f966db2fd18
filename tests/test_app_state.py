"""The composition root fills every field of the typed bot_data before the bot starts."""

from __future__ import annotations

from dataclasses import fields

from bot.context import AppState


async def test_build_application_fills_every_field_of_bot_data(bot):
    state = bot.app.bot_data
    assert isinstance(state, AppState)
    assert [f.name for f in fields(AppState) if not hasattr(state, f.name)] == []
