"""A resident reads a finished module again with /modul N, and nothing about their place moves."""

from __future__ import annotations

from html import escape

from bot.db.models import ModuleProgress
from tests.flows import finish_module, onboard


async def test_a_finished_module_can_be_read_again_without_moving_the_resident(bot):
    course = bot.app.bot_data.services.course
    first = course.modules[0]
    user = bot.user(1501)
    await onboard(user)
    assert "setelah Anda menyelesaikannya" in (await user.send("/modul 1"))[-1].text
    await finish_module(user)
    await user.tap("Lanjut ke modul 2")
    before = await bot.count(ModuleProgress)
    texts = [r.text for r in await user.send("/modul 1")]
    whole = "\n".join(texts)
    assert f"📖 Modul 1 · {first.title.get('id')}" in texts[0]
    assert all(escape(card.text.get("id")) in whole for card in first.cards)
    assert all(len(text) <= 4096 for text in texts)
    assert await bot.count(ModuleProgress) == before
    assert "Modul 2/12 · 1/" in (await user.send("/belajar"))[-1].text  # still where they were
    assert "Modul 2 belum Anda selesaikan" in (await user.send("/modul 2"))[-1].text
    assert "/modul 1" in (await user.send("/modul"))[-1].text


async def test_english_residents_read_again_with_module(bot):
    user = bot.user(1502, language_code="en")
    await onboard(user, language="en")
    await finish_module(user)
    texts = [r.text for r in await user.send("/module 1")]
    assert "📖 Module 1 ·" in texts[0]
    assert "Your action:" in "\n".join(texts)
