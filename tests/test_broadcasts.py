"""Moderators broadcast to residents: composing, audiences, preview, schedule, cancel, sending,
Telegram's 429 and 403 answers, a crash mid-broadcast, and two senders on one database."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func

from bot.db.models import AuditEntry, Broadcast, Delivery
from tests.flows import onboard
from tests.harness import ADMIN_ID, BotHarness
from tests.timer import ManualTimer

MODERATOR = 777


async def resident_in(bot, user_id: int, region: str | None = None,
                      district: str | None = None):
    """A resident who gave a kota and kecamatan (or skipped them)."""
    user = bot.user(user_id)
    await user.send("/start")
    await user.tap("Ya, mari mulai")
    await user.tap("Bahasa Indonesia")
    if region:
        await user.tap(region)
        await user.tap(district or "Lewati")
    else:
        await user.tap("Lewati")
    await user.tap("Lewati")
    await user.tap("Lewati survei")
    return user


async def moderator(bot):
    mod = bot.user(MODERATOR, first_name="Moderator")
    await mod.send("/id")                      # as a new moderator does, to tell the admin
    await bot.user(ADMIN_ID).send(f"/peran tambah {MODERATOR} moderator")
    return mod


BOLD_TITLE = [{"type": "bold", "offset": 0, "length": 23}]


async def compose(mod, text="Latihan evakuasi banjir besok pukul 08.00 di RW 05 & RW 06.",
                  english: str | None = None, entities=BOLD_TITLE):
    await mod.send("/siaran")
    await mod.send(text, entities)
    if english:
        return await mod.send(english)
    return await mod.tap("Lewati")


def received(bot, chat_id: int) -> list[str]:
    return [c.text for c in bot.api.sent_to(chat_id)
            if c.method in ("sendMessage", "sendPhoto") and "Latihan" in (c.text or "")]


async def test_moderator_targets_a_kecamatan_previews_and_sends(bot):
    inside = await resident_in(bot, 1001, "Jakarta Utara", "Penjaringan")
    elsewhere = await resident_in(bot, 1002, "Jakarta Utara", "Koja")
    unknown = await resident_in(bot, 1003)
    stopped = await resident_in(bot, 1004, "Jakarta Utara", "Penjaringan")
    await stopped.send("/berhenti")
    blocked = await resident_in(bot, 1005, "Jakarta Utara", "Penjaringan")
    await blocked.feed({"update_id": bot.api.next_update_id(), "my_chat_member": {
        "chat": {"id": 1005, "type": "private", "first_name": "Sari"},
        "from": {"id": 1005, "is_bot": False, "first_name": "Sari"}, "date": 0,
        "old_chat_member": {"status": "member", "user": bot.api.bot_user()},
        "new_chat_member": {"status": "kicked", "until_date": 0, "user": bot.api.bot_user()}}})
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
    assert replies[-1].labels == ["📣 Kirim sekarang", "🗓 Jadwalkan", "👥 Ubah penerima",
                                  "Batal"]
    replies = await mod.tap("Kirim sekarang")
    assert "Siaran #1" in replies[-1].text
    await bot.send_broadcasts()
    assert received(bot, inside.chat_id) == [
        "<b>Latihan evakuasi banjir</b> besok pukul 08.00 di RW 05 &amp; RW 06."]
    for other in (elsewhere, unknown, stopped, blocked):
        assert received(bot, other.chat_id) == []
    summary = [c.text for c in bot.api.sent_to(MODERATOR) if c.method == "sendMessage"][-1]
    assert "Siaran #1 selesai" in summary and "Terkirim: 1" in summary
    progress = [c for c in bot.api.sent_to(MODERATOR) if c.method == "editMessageText"][-1]
    assert "100%" in progress.text and "Terkirim 1" in progress.text
    async with bot.db.transaction() as session:
        actions = [a for (a,) in (await session.execute(
            AuditEntry.__table__.select().with_only_columns(AuditEntry.action)
            .where(AuditEntry.actor_telegram_id == MODERATOR))).all()]
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
    await compose(mod)                      # a second one, scheduled and left alone
    await mod.tap("Semua warga")
    await mod.tap("Jadwalkan")
    await mod.send("17.00")
    await bot.restart()                     # scheduled broadcasts are rows: a restart keeps them
    bot.clock.advance(timedelta(hours=9))
    await bot.send_broadcasts()
    await bot.send_broadcasts()
    assert len(received(bot, resident.chat_id)) == 1
    async with bot.db.transaction() as session:
        statuses = (await session.execute(Broadcast.__table__.select().with_only_columns(
            Broadcast.status).order_by(Broadcast.id))).scalars().all()
    assert statuses == ["cancelled", "done"]


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


async def test_429_pauses_sending_and_403_marks_the_resident_blocked(database_url):
    timer = ManualTimer()
    bot = BotHarness(database_url, timer=timer)
    await bot.start()
    try:
        await _429_and_403(bot, timer)
    finally:
        await bot.close()


async def _429_and_403(bot: BotHarness, timer: ManualTimer) -> None:
    users = [await resident_in(bot, 1040 + n) for n in range(6)]
    bot.api.fail(1041, 429, "Too Many Requests: retry after 3", retry_after=3)
    bot.api.fail(1042, 403, "Forbidden: bot was blocked by the user")
    bot.api.fail(1043, 502, "Bad Gateway", times=1)      # retried, then delivered
    bot.api.fail(1044, 502, "Bad Gateway", times=5)      # gives up after 3 attempts
    mod = await moderator(bot)
    await compose(mod)
    await mod.tap("Semua warga")
    await mod.tap("Kirim sekarang")
    for _ in range(4):  # failed sends wait 30 s before they are tried again
        await bot.send_broadcasts()
        bot.clock.advance(timedelta(minutes=1))
    assert sum(timer.slept) >= 3  # the sender waited as long as Telegram asked
    async with bot.db.transaction() as session:
        rows = dict((await session.execute(Delivery.__table__.select().with_only_columns(
            Delivery.chat_id, Delivery.status))).all())
    assert rows == {1040: "sent", 1041: "sent", 1042: "blocked", 1043: "sent",
                    1044: "failed", 1045: "sent"}
    assert (await bot.resident(1042)).blocked_at is not None
    assert [len(received(bot, u.chat_id)) for u in users] == [1, 1, 0, 1, 0, 1]


async def test_a_crash_mid_broadcast_resumes_and_loses_no_one(bot):
    users = [await resident_in(bot, 1100 + n) for n in range(30)]
    mod = await moderator(bot)
    await compose(mod)
    await mod.tap("Semua warga")
    await mod.tap("Kirim sekarang")
    sender = bot.app.bot_data.sender
    original = bot.api._sendMessage
    sends = [0]
    crash = asyncio.Event()

    def counting(params):
        sends[0] += 1
        if sends[0] == 12:
            crash.set()
        return original(params)

    bot.api._sendMessage = counting
    task = asyncio.create_task(sender.drain())
    await crash.wait()
    task.cancel()                              # the process dies mid-batch
    await asyncio.gather(task, return_exceptions=True)
    bot.api._sendMessage = original
    await bot.restart()
    bot.clock.advance(timedelta(minutes=5))     # past the lease of rows left in flight
    await bot.send_broadcasts()
    async with bot.db.transaction() as session:
        rows = (await session.execute(Delivery.__table__.select())).all()
    assert {r.chat_id for r in rows} == {u.chat_id for u in users}
    assert all(r.status == "sent" for r in rows)
    twice = {u.chat_id for u in users if len(received(bot, u.chat_id)) == 2}
    flagged = {r.chat_id for r in rows if r.error and "twice" in r.error}
    assert twice <= flagged                      # any double send is one the rows report
    assert all(len(received(bot, u.chat_id)) >= 1 for u in users)
    summary = [c.text for c in bot.api.sent_to(MODERATOR) if c.method == "sendMessage"][-1]
    assert "Terkirim: 30" in summary


async def test_two_senders_on_one_database_deliver_each_message_once(database_url):
    first, second = BotHarness(database_url), BotHarness(database_url)
    second.api, second.clock = first.api, first.clock
    await first.start()
    await second.start()
    try:
        users = [await resident_in(first, 1200 + n) for n in range(40)]
        mod = await moderator(first)
        await compose(mod)
        await mod.tap("Semua warga")
        await mod.tap("Kirim sekarang")
        await asyncio.gather(first.send_broadcasts(), second.send_broadcasts())
        for user in users:
            assert len(received(first, user.chat_id)) == 1
        assert await first.count(Delivery, Delivery.status == "sent") == 40
    finally:
        await first.close()
        await second.close()


WARNING_ID = ("PERINGATAN: banjir sekarang melanda bantaran Ciliwung di Kampung Melayu. Segera "
              "mengungsi ke titik kumpul RW.")
WARNING_EN = ("WARNING: flooding is hitting the Ciliwung riverbank in Kampung Melayu now. "
              "Evacuate to the RW assembly point.")


async def test_a_flood_warning_full_of_emergency_words_is_a_draft_not_an_emergency(bot):
    resident = await resident_in(bot, 1301)
    mod = await moderator(bot)
    await mod.send("/siaran")
    replies = await mod.send(WARNING_ID)
    texts = [r.text for r in replies]
    assert not any("112" in text for text in texts)          # no resident emergency notice
    assert "versi bahasa Inggris" in texts[-1]
    replies = await mod.send(WARNING_EN)
    assert not any("112" in r.text for r in replies)
    assert replies[-1].text == "👥 Siapa penerimanya?"
    await mod.tap("Semua warga")
    await mod.tap("Kirim sekarang")
    await bot.send_broadcasts()
    got = [c.text for c in bot.api.sent_to(resident.chat_id) if c.method == "sendMessage"]
    assert got[-1] == WARNING_ID


async def test_a_time_in_the_quiet_hours_asks_first_and_the_button_schedules_that_time(bot):
    await resident_in(bot, 1401)
    mod = await moderator(bot)
    await compose(mod)
    await mod.tap("Semua warga")
    await mod.tap("Jadwalkan")
    replies = await mod.send("besok jam 10 malam")
    assert replies[-1].text.startswith("🌙 Selasa, 1 Desember 2026 pukul 22.00 WIB termasuk "
                                       "jam tenang")
    assert replies[-1].labels == ["🌙 Ya, jadwalkan", "Batal"]
    assert await bot.count(Broadcast, Broadcast.status == "scheduled") == 0
    replies = await mod.send("3 Des 2026 06.30")           # typing another time still works
    assert "Kamis, 3 Desember 2026 pukul 06.30 WIB" in replies[-1].text
    replies = await mod.tap("Ya, jadwalkan")
    assert "dijadwalkan pada Kamis, 3 Desember 2026 pukul 06.30 WIB" in replies[-1].text
    async with bot.db.transaction() as session:
        broadcast = await session.get(Broadcast, 1)
    assert (broadcast.status, broadcast.scheduled_at.isoformat()) == (
        "scheduled", "2026-12-02T23:30:00+00:00")
    first_button = next(c for c in bot.api.sent_to(MODERATOR) if "22.00" in (c.text or ""))
    replies = await mod.tap("Ya, jadwalkan", first_button.message_id)
    assert "sudah tidak aktif" in replies[-1].text           # a stale confirmation does nothing
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


async def test_an_audience_of_nobody_cannot_be_sent_and_the_moderator_can_change_it(bot):
    resident = await resident_in(bot, 1501)
    mod = await moderator(bot)
    await compose(mod)
    await mod.tap("Per bahasa")
    replies = await mod.tap("English")                       # nobody chose English
    assert "tidak mencakup satu warga pun" in replies[-1].text
    assert not any("Pratinjau" in (r.text or "") for r in replies)
    assert replies[-1].labels == ["👥 Ubah penerima", "Batal"]
    replies = await mod.press("1:bk:1:now", replies[-1].message_id)   # an old Send button
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
    assert first.splitlines() == ["<b>#2</b> · selesai · Senin, 30 November 2026 pukul 09.00 WIB",
                                  "«Simulasi gempa di sekolah»", "👥 Semua warga · 2/2 terkirim"]
    assert second.splitlines() == [
        "<b>#1</b> · terjadwal · Selasa, 1 Desember 2026 pukul 09.00 WIB",
        "«Latihan evakuasi banjir besok pukul 08.00…»",
        "👥 Jakarta Utara · Penjaringan · menjangkau 1 warga saat ini"]
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
    replies = await mod.press("1:bx:1:yes", confirm[-1].message_id)   # a double tap
    assert replies[-1].text == "Siaran itu sudah tidak bisa dibatalkan."
    assert "Siaran #1 dibatalkan" in mod.message(confirm[-1].message_id)["text"]
    async with bot.db.transaction() as session:
        cancels = await session.scalar(AuditEntry.__table__.select().with_only_columns(
            func.count()).where(AuditEntry.action == "broadcast_cancelled"))
    assert cancels == 1
