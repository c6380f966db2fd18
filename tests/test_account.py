"""/bahasa, /hapusdata, /bantuan and the command menu."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Base
from tests.flows import finish_module, module_one_steps, onboard

STEPS = module_one_steps()  # module 1's cards, the action last


async def test_command_menu_is_set_in_indonesian_and_english(bot):
    menus = bot.api.commands
    assert {c["command"] for c in menus["default::id"]} >= {"belajar", "progres", "hapusdata"}
    assert menus["default::id"][0]["description"] == "Lanjutkan pelajaran"
    assert menus["default::en"][0]["description"] == "Continue the lessons"
    assert menus["default::"] == menus["default::id"]


async def test_bahasa_switches_the_language_of_everything_after(bot):
    user = bot.user(401)
    await onboard(user)
    replies = await user.send("/bahasa")
    assert replies[-1].labels == ["🇮🇩 Bahasa Indonesia", "🇬🇧 English"]
    replies = await user.tap("English")
    assert "Language: English" in replies[-2].text or any(
        "Language: English" in (r.text or "") for r in replies
    )
    replies = await user.send("/belajar")
    assert f"Module 1/12 · 1/{STEPS}" in replies[-1].text
    assert "Know Jakarta" in replies[-1].text
    assert bot.api.commands["chat:401:"][0]["description"] == "Continue the lessons"


async def test_help_lists_the_commands_in_the_residents_language(bot):
    text = (await bot.user(402, language_code="en").send("/help"))[-1].text
    for command in ("/learn", "/progress", "/language", "/deletedata", "/resume", "/help", "112"):
        assert command in text
    assert "/belajar" not in text
    text = (await bot.user(403).send("/bantuan"))[-1].text
    for command in ("/belajar", "/progres", "/bahasa", "/hapusdata", "/mulai", "/bantuan"):
        assert command in text


async def test_english_commands_work_and_the_english_menu_shows_them(bot):
    user = bot.user(404, language_code="en")
    await onboard(user, language="en")
    assert "Module 1/12" in (await user.send("/learn"))[-1].text
    assert [c["command"] for c in bot.api.commands["default::en"]][:2] == ["learn", "progress"]
    replies = await user.send("/deletedata")
    assert "Delete all your data?" in replies[-1].text


async def test_hapusdata_asks_first_and_cancel_keeps_everything(bot):
    user = bot.user(403)
    await onboard(user, survey=True)
    replies = await user.send("/hapusdata")
    assert replies[-1].labels == ["🗑 Ya, hapus semua", "Batal"]
    replies = await user.tap("Batal")
    assert "Data Anda tetap tersimpan" in replies[-1].text
    assert await bot.resident(403) is not None


async def test_hapusdata_leaves_no_row_with_the_residents_id(bot):
    user = bot.user(404)
    other = bot.user(405)
    await onboard(user, survey=True)
    await finish_module(user)
    await onboard(other)
    resident_id = (await bot.resident(404)).id
    await user.send("/hapusdata")
    replies = await user.tap("Ya, hapus semua")
    assert "Semua data Anda sudah dihapus" in replies[-1].text
    async with bot.db.transaction() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if column.name in ("resident_id", "telegram_id", "chat_id", "actor_telegram_id"):
                    value = resident_id if column.name == "resident_id" else 404
                    rows = (await session.execute(select(table).where(column == value))).all()
                    assert rows == [], f"{table.name}.{column.name} still holds the resident"
            if table.name == "residents":
                assert (
                    await session.execute(select(table.c.id).where(table.c.id == resident_id))
                ).all() == []
    assert await bot.resident(405) is not None  # other residents untouched
    replies = await user.send("/progres")
    assert "Ketik /start" in replies[-1].text
