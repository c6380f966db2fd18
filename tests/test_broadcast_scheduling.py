"""Moderators schedule broadcasts: forgiving times, quiet hours, times in English, the status
list and cancelling, which asks first."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func

from bot.db.models import AuditEntry, Broadcast
from tests.broadcasting import MODERATOR, compose, moderator, received
from tests.residents import resident_in


async def test_schedule_forgiving_times_cancel_and_scheduled_send(bot):
    resident = await resident_in(bot, 1021)
    mod = await moderator(bot)
    await compose(mod)
    await mod.tap("Semua warga")
    replies = await mod.tap("Jadwalkan")
    # The examples are tomorrow's (Tuesday 1 December), so each works as typed.
    for example in ("besok 08:30", "Sabtu 08:00", "1 Des 2026 08.30", "2026-12-01 08:30"):
        assert f"<code>{example}</code>" in replies[-1].text
    replies = await mod.send("kemarin sore")
    assert "tidak terbaca" in replies[-1].text and "besok 08:30" in replies[-1].text
    replies = await mod.send("2026-11-29 08:30")
    assert "sudah lewat" in replies[-1].text
    replies = await mod.send("besok jam 9 pagi")
    assert "dijadwalkan pada Selasa, 1 Desember 2026 pukul 09.00 WIB" in replies[-1].text
    await bot.send_broadcasts()
    assert received(bot, resident.chat_id) == []  # not yet
    status = await mod.send("/siaran_status")
    assert "<b>#1</b> · terjadwal" in status[-1].text and status[-1].labels == ["Batalkan #1"]
    await mod.tap("Batalkan #1")
    replies = await mod.tap("Ya, batalkan #1")
    assert "Siaran #1 dibatalkan" in replies[-1].text
    bot.clock.advance(timedelta(days=1))
    await bot.send_broadcasts()
    assert received(bot, resident.chat_id) == []
    await compose(mod)  # a second one, scheduled and left alone
    await mod.tap("Semua warga")
    await mod.tap("Jadwalkan")
    await mod.send("17.00")
    await bot.restart()  # scheduled broadcasts are rows: a restart keeps them
    bot.clock.advance(timedelta(hours=9))
    await bot.send_broadcasts()
    await bot.send_broadcasts()
    assert len(received(bot, resident.chat_id)) == 1
    async with bot.db.transaction() as session:
        statuses = (
            (
                await session.execute(
                    Broadcast.__table__.select()
                    .with_only_columns(Broadcast.status)
                    .order_by(Broadcast.id)
                )
            )
            .scalars()
            .all()
        )
    assert statuses == ["cancelled", "done"]


async def test_a_time_in_the_quiet_hours_asks_first_and_the_button_schedules_that_time(bot):
    await resident_in(bot, 1401)
    mod = await moderator(bot)
    await compose(mod)
    await mod.tap("Semua warga")
    await mod.tap("Jadwalkan")
    replies = await mod.send("besok jam 10 malam")
    assert replies[-1].text.startswith(
        "🌙 Selasa, 1 Desember 2026 pukul 22.00 WIB termasuk jam tenang"
    )
    assert replies[-1].labels == ["🌙 Ya, jadwalkan", "Batal"]
    assert await bot.count(Broadcast, Broadcast.status == "scheduled") == 0
    replies = await mod.send("3 Des 2026 06.30")  # typing another time still works
    assert "Kamis, 3 Desember 2026 pukul 06.30 WIB" in replies[-1].text
    replies = await mod.tap("Ya, jadwalkan")
    assert "dijadwalkan pada Kamis, 3 Desember 2026 pukul 06.30 WIB" in replies[-1].text
    async with bot.db.transaction() as session:
        broadcast = await session.get(Broadcast, 1)
    assert (broadcast.status, broadcast.scheduled_at.isoformat()) == (
        "scheduled",
        "2026-12-02T23:30:00+00:00",
    )
    first_button = next(c for c in bot.api.sent_to(MODERATOR) if "22.00" in (c.text or ""))
    replies = await mod.tap("Ya, jadwalkan", first_button.message_id)
    assert "sudah tidak aktif" in replies[-1].text  # a stale confirmation does nothing
    assert await bot.count(Broadcast, Broadcast.status == "scheduled") == 1


async def test_a_moderator_writing_in_english_gets_english_times(bot):
    await resident_in(bot, 1402)
    mod = await moderator(bot)
    mod.language_code = "en"
    await mod.send("/siaran")
    await mod.send("Latihan besok.")
    await mod.tap("Skip")
    await mod.tap("Everyone")
    replies = await mod.tap("Schedule")
    assert "<code>tomorrow 08:30</code>" in replies[-1].text
    assert "<code>1 Dec 2026 08.30</code>" in replies[-1].text
    replies = await mod.send("Wednesday 9am")
    assert "scheduled for Wednesday, 2 December 2026 at 09:00 WIB" in replies[-1].text


async def test_status_names_each_broadcast_and_cancelling_asks_first(bot):
    await resident_in(bot, 1601, "Jakarta Utara", "Penjaringan")
    await resident_in(bot, 1602)
    mod = await moderator(bot)
    await compose(mod)
    await mod.tap("Per wilayah")
    await mod.tap("Jakarta Utara")
    await mod.tap("Penjaringan")
    await mod.tap("Jadwalkan")
    await mod.send("besok 09:00")
    await compose(mod, "Simulasi gempa di sekolah", entities=None)
    await mod.tap("Semua warga")
    await mod.tap("Kirim sekarang")
    await bot.send_broadcasts()
    status = (await mod.send("/siaran_status"))[-1]
    first, second = status.text.split("\n\n")[1:]
    assert first.splitlines() == [
        "<b>#2</b> · selesai · Senin, 30 November 2026 pukul 09.00 WIB",
        "«Simulasi gempa di sekolah»",
        "👥 Semua warga · 2/2 terkirim",
    ]
    assert second.splitlines() == [
        "<b>#1</b> · terjadwal · Selasa, 1 Desember 2026 pukul 09.00 WIB",
        "«Latihan evakuasi banjir besok pukul 08.00…»",
        "👥 Jakarta Utara · Penjaringan · menjangkau 1 warga saat ini",
    ]
    assert status.labels == ["Batalkan #1"]
    replies = await mod.tap("Batalkan #1")
    assert replies[-1].text.startswith("Batalkan siaran #1?")
    assert "Jakarta Utara · Penjaringan" in replies[-1].text
    assert replies[-1].labels == ["🛑 Ya, batalkan #1", "Tidak, biarkan"]
    replies = await mod.tap("Tidak, biarkan")
    assert "tidak dibatalkan" in replies[-1].text
    assert await bot.count(Broadcast, Broadcast.status == "scheduled") == 1
    await mod.tap("Batalkan #1", status.message_id)
    confirm = await mod.tap("Ya, batalkan #1")
    assert "Siaran #1 dibatalkan" in confirm[-1].text
    replies = await mod.press("1:bx:1:yes", confirm[-1].message_id)  # a double tap
    assert replies[-1].text == "Siaran itu sudah tidak bisa dibatalkan."
    assert "Siaran #1 dibatalkan" in mod.message(confirm[-1].message_id)["text"]
    async with bot.db.transaction() as session:
        cancels = await session.scalar(
            AuditEntry.__table__.select()
            .with_only_columns(func.count())
            .where(AuditEntry.action == "broadcast_cancelled")
        )
    assert cancels == 1
