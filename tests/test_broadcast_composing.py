"""Moderators compose broadcasts: the audience and its preview, the English version, a
flood warning that is a draft and not an emergency, and residents who may not broadcast."""

from __future__ import annotations

from bot.db.models import AuditEntry, Broadcast, Delivery
from tests.broadcasting import MODERATOR, compose, moderator, received
from tests.flows import onboard
from tests.residents import resident_in


async def test_moderator_targets_a_kecamatan_previews_and_sends(bot):
    inside = await resident_in(bot, 1001, "Jakarta Utara", "Penjaringan")
    elsewhere = await resident_in(bot, 1002, "Jakarta Utara", "Koja")
    unknown = await resident_in(bot, 1003)
    stopped = await resident_in(bot, 1004, "Jakarta Utara", "Penjaringan")
    await stopped.send("/berhenti")
    blocked = await resident_in(bot, 1005, "Jakarta Utara", "Penjaringan")
    await blocked.block_bot()
    mod = await moderator(bot)
    replies = await compose(mod)
    assert replies[-1].text == "👥 Siapa penerimanya?"
    await mod.tap("Per wilayah")
    replies = await mod.tap("Jakarta Utara")
    assert "Jakarta Utara: 2 warga" in replies[-1].text  # stopped and blocked never count
    replies = await mod.tap("Penjaringan")
    texts = [r.text for r in replies if r.method == "sendMessage"]
    assert "Pratinjau" in texts[0]
    assert texts[1] == "<b>Latihan evakuasi banjir</b> besok pukul 08.00 di RW 05 &amp; RW 06."
    assert "sampai ke 1 warga" in texts[-1]
    assert replies[-1].labels == ["📣 Kirim sekarang", "🗓 Jadwalkan", "👥 Ubah penerima", "Batal"]
    replies = await mod.tap("Kirim sekarang")
    assert "Siaran #1" in replies[-1].text
    await bot.send_broadcasts()
    assert received(bot, inside.chat_id) == [
        "<b>Latihan evakuasi banjir</b> besok pukul 08.00 di RW 05 &amp; RW 06."
    ]
    for other in (elsewhere, unknown, stopped, blocked):
        assert received(bot, other.chat_id) == []
    summary = [c.text for c in bot.api.sent_to(MODERATOR) if c.method == "sendMessage"][-1]
    assert "Siaran #1 selesai" in summary and "Terkirim: 1" in summary
    progress = [c for c in bot.api.sent_to(MODERATOR) if c.method == "editMessageText"][-1]
    assert "100%" in progress.text and "Terkirim 1" in progress.text
    async with bot.db.transaction() as session:
        actions = [
            a
            for (a,) in (
                await session.execute(
                    AuditEntry.__table__.select()
                    .with_only_columns(AuditEntry.action)
                    .where(AuditEntry.actor_telegram_id == MODERATOR)
                )
            ).all()
        ]
    assert actions == ["id_shown", "broadcast_created", "broadcast_sent"]


async def test_english_version_goes_to_residents_who_chose_english(bot):
    indonesian = await resident_in(bot, 1011)
    english = bot.user(1012, language_code="en")
    await onboard(english)
    await english.send("/bahasa")
    await english.tap("English")
    mod = await moderator(bot)
    await compose(mod, "Latihan besok.", english="Latihan (drill) tomorrow.", entities=None)
    await mod.tap("Semua warga")
    await mod.tap("Kirim sekarang")
    await bot.send_broadcasts()
    assert received(bot, indonesian.chat_id) == ["Latihan besok."]
    assert received(bot, english.chat_id) == ["Latihan (drill) tomorrow."]


async def test_a_non_moderator_is_refused_and_nothing_happens(bot):
    resident = await resident_in(bot, 1031)
    replies = await resident.send("/siaran")
    assert replies[-1].text == "Maaf, siaran hanya untuk moderator resmi."
    replies = await resident.send("/siaran_status")
    assert "hanya untuk moderator" in replies[-1].text
    replies = await resident.press("1:bk:1:now", 1)
    assert await bot.count(Broadcast) == 0
    replies = await resident.send("Halo semua")  # plain text is just text for a resident
    assert "Silakan jawab" in replies[0].text


WARNING_ID = (
    "PERINGATAN: banjir sekarang melanda bantaran Ciliwung di Kampung Melayu. Segera "
    "mengungsi ke titik kumpul RW."
)
WARNING_EN = (
    "WARNING: flooding is hitting the Ciliwung riverbank in Kampung Melayu now. "
    "Evacuate to the RW assembly point."
)


async def test_a_flood_warning_full_of_emergency_words_is_a_draft_not_an_emergency(bot):
    resident = await resident_in(bot, 1301)
    mod = await moderator(bot)
    await mod.send("/siaran")
    replies = await mod.send(WARNING_ID)
    texts = [r.text for r in replies]
    assert not any("112" in text for text in texts)  # no resident emergency notice
    assert "versi bahasa Inggris" in texts[-1]
    replies = await mod.send(WARNING_EN)
    assert not any("112" in r.text for r in replies)
    assert replies[-1].text == "👥 Siapa penerimanya?"
    await mod.tap("Semua warga")
    await mod.tap("Kirim sekarang")
    await bot.send_broadcasts()
    got = [c.text for c in bot.api.sent_to(resident.chat_id) if c.method == "sendMessage"]
    assert got[-1] == WARNING_ID


async def test_an_audience_of_nobody_cannot_be_sent_and_the_moderator_can_change_it(bot):
    resident = await resident_in(bot, 1501)
    mod = await moderator(bot)
    await compose(mod)
    await mod.tap("Per bahasa")
    replies = await mod.tap("English")  # nobody chose English
    assert "tidak mencakup satu warga pun" in replies[-1].text
    assert not any("Pratinjau" in (r.text or "") for r in replies)
    assert replies[-1].labels == ["👥 Ubah penerima", "Batal"]
    replies = await mod.press("1:bk:1:now", replies[-1].message_id)  # an old Send button
    assert "tidak mencakup satu warga pun" in replies[-1].text
    replies = await mod.press("1:bk:1:sched", replies[-1].message_id)
    assert "tidak mencakup satu warga pun" in replies[-1].text
    assert await bot.count(Delivery) == 0
    assert await bot.count(Broadcast, Broadcast.status == "draft") == 1
    replies = await mod.tap("Ubah penerima")
    assert replies[-1].text == "👥 Siapa penerimanya?"
    replies = await mod.tap("Semua warga")
    assert "sampai ke 1 warga" in replies[-1].text
    await mod.tap("Kirim sekarang")
    await bot.send_broadcasts()
    assert len(received(bot, resident.chat_id)) == 1
