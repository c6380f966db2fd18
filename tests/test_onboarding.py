"""A new resident's first minutes: /start, consent, language and the optional profile."""

from __future__ import annotations

from bot.db.models import Resident
from tests.harness import BotHarness
from tests.residents import at_the_area_question


async def test_start_greets_in_indonesian_and_asks_for_consent_with_a_privacy_note(bot):
    user = bot.user(101)
    replies = await user.send("/start")
    welcome = replies[-1]
    assert "Selamat datang di Warga Tangguh" in welcome.text
    assert "12 modul pendek" in welcome.text
    assert "/hapusdata" in welcome.text  # how to delete, in the privacy note
    assert "ID Telegram" in welcome.text  # what is stored
    assert welcome.labels == ["✅ Ya, mari mulai", "Tidak sekarang"]
    assert await bot.count(Resident) == 0  # nothing stored before consent


async def test_the_privacy_note_names_who_keeps_the_data_and_asks_minors_for_a_guardian(
    database_url,
):
    bot = BotHarness(database_url, operator_name="Sekretariat Jakarta Berketahanan")
    await bot.start()
    try:
        welcome = (await bot.user(109).send("/start"))[-1]
        assert "Data Anda dikelola oleh Sekretariat Jakarta Berketahanan." in welcome.text
        assert "izin orang tua atau wali" in welcome.text
        english = (await bot.user(110, language_code="en").send("/start"))[-1]
        assert "Your data is kept by Sekretariat Jakarta Berketahanan." in english.text
        assert "parent or guardian" in english.text
    finally:
        await bot.close()


async def test_start_speaks_english_when_telegram_says_en(bot):
    user = bot.user(102, language_code="en")
    welcome = (await user.send("/start"))[-1]
    assert "Welcome to Warga Tangguh" in welcome.text
    assert "12 short modules" in welcome.text
    assert welcome.labels == ["✅ Yes, let's start", "Not now"]


async def test_declining_stores_nothing_and_says_how_to_come_back(bot):
    user = bot.user(103)
    await user.send("/start")
    replies = await user.tap("Tidak sekarang")
    edited = [r for r in replies if r.method == "editMessageText"][-1]
    assert "tidak menyimpan data apa pun" in edited.text
    assert "/start" in edited.text
    assert edited.buttons == []
    assert await bot.count(Resident) == 0


async def test_deep_link_payload_is_kept_as_the_source(bot):
    user = bot.user(104)
    await user.send("/start rw05")
    await user.tap("Ya, mari mulai")
    resident = await bot.resident(104)
    assert resident.source == "rw05"


async def test_consent_then_language_then_profile_all_by_buttons(bot):
    user = bot.user(105, language_code="en")
    await user.send("/start")
    replies = await user.tap("Yes, let's start")
    assert replies[-1].labels == ["🇮🇩 Bahasa Indonesia", "🇬🇧 English"]
    replies = await user.tap("English")
    regions = replies[-1]
    assert "Where do you live?" in regions.text
    assert regions.labels[:6] == [
        "Jakarta Pusat",
        "Jakarta Utara",
        "Jakarta Barat",
        "Jakarta Selatan",
        "Jakarta Timur",
        "Kepulauan Seribu",
    ]
    replies = await user.tap("Jakarta Utara")
    assert "Which kecamatan in Jakarta Utara?" in replies[-1].text
    assert "Penjaringan" in replies[-1].labels and "Tebet" not in replies[-1].labels
    replies = await user.tap("Penjaringan")
    assert replies[-1].labels[:2] == ["Under 18", "18–24"]
    replies = await user.tap("25–34")
    assert "how you see disasters" in replies[-1].text
    resident = await bot.resident(105)
    assert (resident.locale, resident.region, resident.district, resident.age_band) == (
        "en",
        "jakut",
        "penjaringan",
        "25-34",
    )


async def test_every_profile_step_can_be_skipped(bot):
    user = bot.user(106)
    await at_the_area_question(user)
    replies = await user.tap("Lewati")
    assert "Berapa usia Anda?" in replies[-1].text  # no kecamatan question without a kota
    replies = await user.tap("Lewati")
    assert "1/14" in replies[-1].text  # the pre survey: 9 statements, 5 checklist items
    resident = await bot.resident(106)
    assert (resident.region, resident.district, resident.age_band) == (None, None, None)


async def test_start_again_welcomes_back_and_shows_the_current_step(bot):
    user = bot.user(107)
    await user.send("/start")
    await user.tap("Ya, mari mulai")
    replies = await user.send("/start")
    assert "Selamat datang kembali, Sari" in replies[0].text
    assert replies[-1].labels == ["🇮🇩 Bahasa Indonesia", "🇬🇧 English"]
    assert await bot.count(Resident) == 1
