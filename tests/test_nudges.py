"""A week in a resident's life with nudges: chosen time, quiet hours, pause, resume, review,
streak, certificate, /berhenti, blocks and restarts. Time is a manual clock; nothing sleeps."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.db.models import Nudge, Resident, ReviewItem
from tests.flows import finish_module, module_one_steps, onboard
from tests.harness import BotHarness
from tests.timer import ManualTimer

STEPS = module_one_steps()  # module 1's cards, the action last

JAKARTA = ZoneInfo("Asia/Jakarta")


def local(bot) -> str:
    """The harness clock as Jakarta 'Mon 19:00'."""
    return bot.clock.now().astimezone(JAKARTA).strftime("%a %H:%M")


async def walk(bot, hours: float, step_minutes: int = 30) -> list[tuple[str, int, str]]:
    """Advance the clock in steps, sweeping each time; return (local time, chat, text) sent."""
    sent = []
    for _ in range(int(hours * 60 / step_minutes)):
        bot.clock.advance(timedelta(minutes=step_minutes))
        for message in await bot.sweep():
            sent.append((local(bot), message.chat_id, message.text))
    return sent


async def test_a_week_of_nudges_at_the_chosen_time_pause_after_three_and_resume(bot):
    user = bot.user(801)
    await onboard(user)  # Monday 09:00: the first card is on screen
    await user.tap("Lanjut")  # finished one card
    sent = await walk(bot, 24 * 7)
    times = [when for when, _, _ in sent]
    assert times == ["Mon 19:00", "Tue 19:00", "Wed 19:00", "Thu 19:00"]
    assert all("/pengingat" in text for _, _, text in sent[:3])
    assert "kami menunggu Anda" in sent[3][2]  # the fourth is the last, "we will wait" message
    resident = await bot.resident(801)
    assert resident.nudge_paused_at is not None and resident.next_nudge_at is None
    await user.send("halo")  # any message resumes
    assert (await bot.resident(801)).next_nudge_at is not None
    later = await walk(bot, 24)
    assert [when for when, _, _ in later] == ["Mon 19:00"]  # a week later, that evening


async def test_nudges_follow_the_chosen_time_and_never_come_in_quiet_hours(bot):
    user = bot.user(802)
    await onboard(user)
    replies = await user.send("/pengingat")
    assert replies[-1].labels == ["Pagi (07.30)", "Siang (12.00)", "Malam (19.00)", "Matikan"]
    await user.tap("Pagi")
    await user.tap("Lanjut")  # Monday 09:00
    sent = await walk(bot, 24 * 3, step_minutes=15)
    assert [when for when, _, _ in sent] == ["Tue 07:30", "Wed 07:30", "Thu 07:30"]
    for when, _, _ in await walk(bot, 24 * 3, step_minutes=60):
        hour = int(when[4:6])
        assert 7 <= hour < 21


async def test_nudge_opens_the_next_card_and_counts_as_a_response(bot):
    user = bot.user(803)
    await onboard(user)
    await user.tap("Lanjut")
    sent = await walk(bot, 10)
    assert len(sent) == 1
    replies = await user.tap("Buka kartu berikutnya")
    assert f"Modul 1/12 · 2/{STEPS}" in replies[-1].text
    async with bot.db.transaction() as session:
        nudge = (
            await session.execute(Nudge.__table__.select().where(Nudge.status == "sent"))
        ).one()
    assert nudge.responded_at is not None and nudge.kind == "lesson"


async def test_reminders_off_and_berhenti_stop_everything_until_mulai(bot):
    quiet, stopped = bot.user(804), bot.user(805)
    for user in (quiet, stopped):
        await onboard(user)
        await user.tap("Lanjut")
    await quiet.send("/pengingat")
    await quiet.tap("Matikan")
    replies = await stopped.send("/berhenti")
    assert "/mulai" in replies[-1].text
    assert await walk(bot, 48) == []
    back = (await stopped.send("/mulai"))[-1]
    assert back.labels == ["Lanjut belajar ➡️"]  # "mulai" reads as "start": lessons offered
    assert [chat for _, chat, _ in await walk(bot, 24)] == [805]


async def test_a_resident_who_blocks_the_bot_is_marked_and_gets_nothing(bot):
    blocker, refuser = bot.user(806), bot.user(807)
    for user in (blocker, refuser):
        await onboard(user)
        await user.tap("Lanjut")
    await blocker.block_bot()
    assert (await bot.resident(806)).blocked_at is not None
    bot.api.blocked.add(807)  # blocked without us hearing of it: the send answers 403
    sent = await walk(bot, 24)
    assert sent == []
    assert (await bot.resident(807)).blocked_at is not None
    assert await bot.count(Nudge, Nudge.status == "blocked") == 1
    assert await walk(bot, 48) == []


async def test_wrong_answers_come_back_for_review_after_1_3_and_7_days(bot):
    user = bot.user(808)
    await onboard(user)
    await finish_module(user, right=False)  # four wrong answers, Monday 09:00
    assert await bot.count(ReviewItem) == 4
    replies = await user.send("/ulang")  # any time, even before it is due
    assert "Ulang kuis" in replies[-1].text
    sent = await walk(bot, 34)  # to Tuesday 19:00 (due after one day)
    assert [when for when, _, _ in sent] == ["Mon 19:00", "Tue 19:00"]
    assert "diulang" in sent[-1][2]
    course = bot.app.bot_data.services.course
    questions = {q.id: q for q in course.modules[0].questions}
    await user.tap("Ulang kuis")
    answered_right = answered_wrong = 0
    while "Ulang kuis ·" in (message := user.last_message()).get("text", ""):
        data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        qid = data.split(":")[2]
        q = questions[qid]
        option = q.correct if answered_right == 0 else (q.correct + 1) % len(q.options)
        row = message["reply_markup"]["inline_keyboard"][0]
        await user.press(row[option]["callback_data"], message["message_id"])
        answered_right += option == q.correct
        answered_wrong += option != q.correct
    assert (answered_right, answered_wrong) == (1, 3)
    assert await bot.count(ReviewItem) == 3  # the one answered right left the ladder
    async with bot.db.transaction() as session:
        dues = sorted(
            r.due_at for r in (await session.execute(ReviewItem.__table__.select())).all()
        )
    assert all(d - bot.clock.now() == timedelta(days=3) for d in dues)  # next rung: 3 days


async def test_streak_counts_consecutive_days_and_shows_in_progres(bot):
    user = bot.user(809)
    await onboard(user)
    await user.tap("Lanjut")  # Monday
    bot.clock.advance(timedelta(days=1))
    await user.tap("Lanjut")  # Tuesday
    bot.clock.advance(timedelta(days=1))
    await user.tap("Lanjut")  # Wednesday
    assert "Belajar 3 hari berturut-turut" in (await user.send("/progres"))[-1].text
    bot.clock.advance(timedelta(days=2))  # skipped Thursday
    assert "hari berturut-turut" not in (await user.send("/progres"))[-1].text
    await user.tap("Lanjut")
    assert "Belajar 1 hari berturut-turut" in (await user.send("/progres"))[-1].text


async def test_finishing_the_course_sends_a_certificate_kept_for_sertifikat(bot):
    user = bot.user(810, first_name="Ayu")
    assert "Sertifikat Anda siap setelah" in (await user.send("/sertifikat"))[-1].text
    await onboard(user)
    for number in range(1, 13):
        await finish_module(user)
        await user.tap(
            "Lanjut ke survei akhir" if number == 12 else f"Lanjut ke modul {number + 1}"
        )
    replies = await user.tap("Lewati survei")
    photo = replies[-1]
    assert photo.method == "sendPhoto" and "Sertifikat Warga Tangguh" in photo.text
    again = (await user.send("/sertifikat"))[-1]
    assert again.method == "sendPhoto"
    assert again.params["photo"] == photo.params.get("photo_file_id", again.params["photo"])
    resident = await bot.resident(810)
    assert resident.stage == "finished"
    assert await walk(bot, 48) == []  # nothing more to nudge once finished


async def test_a_restart_loses_no_nudge_inside_its_window_and_sends_none_twice(bot):
    user = bot.user(811)
    await onboard(user)
    await user.tap("Lanjut")  # Monday 09:00; due Monday 19:00
    await walk(bot, 9)  # 18:00, nothing yet
    await bot.stop()
    bot.clock.advance(timedelta(minutes=90))  # the bot is down at 19:00
    await bot.start()
    sent = await walk(bot, 0.5)  # 20:00: still its day, not quiet
    assert [when for when, _, _ in sent] == ["Mon 20:00"]
    await bot.restart()
    assert await walk(bot, 20) == []  # none twice, none before Tuesday 19:00
    await bot.stop()
    bot.clock.advance(timedelta(hours=13))  # down from Tuesday 16:00 to Wed 05:00
    await bot.start()
    sent = await walk(bot, 24)
    assert [when for when, _, _ in sent] == ["Wed 19:00"]  # Tuesday's was skipped, not late


async def test_two_bot_processes_on_one_database_send_each_nudge_once(database_url):
    first, second = BotHarness(database_url), BotHarness(database_url)
    second.api, second.clock = first.api, first.clock  # one Telegram, one time
    await first.start()
    await second.start()
    try:
        users = [first.user(9000 + n) for n in range(40)]
        for user in users:
            await onboard(user)
            await user.tap("Lanjut")
        first.clock.advance(timedelta(hours=10))  # Monday 19:00: all forty are due
        before = len(first.api.calls)
        await asyncio.gather(first.sweep(), second.sweep())
        chats = sorted(c.chat_id for c in first.api.calls[before:] if c.method == "sendMessage")
        assert chats == sorted(u.chat_id for u in users)
        assert await first.count(Nudge) == 40
        assert await first.count(Resident, Resident.nudges_ignored == 1) == 40
    finally:
        await first.close()
        await second.close()


async def test_a_nudge_telegram_keeps_refusing_with_429_or_5xx_is_retried_like_a_broadcast(
    database_url,
):
    timer = ManualTimer()  # the 429 pauses pass without waiting
    bot = BotHarness(database_url, timer=timer)
    await bot.start()
    try:
        throttled, gateway = bot.user(812), bot.user(813)
        for user in (throttled, gateway):
            await onboard(user)
            await user.tap("Lanjut")  # Monday 09:00; due Monday 19:00
        bot.api.fail(812, 429, "Too Many Requests: retry after 3", times=5, retry_after=3)
        bot.api.fail(813, 502, "Bad Gateway")
        sent = await walk(bot, 10)  # to 19:00: both are refused
        assert sent == [] and sum(timer.slept) >= 3  # the pause Telegram asked for was kept
        assert await bot.count(Nudge, Nudge.status == "retry") == 2
        assert await bot.count(Nudge, Nudge.status == "failed") == 0
        later = await walk(bot, 0.5)  # the next sweep after the retry delay
        assert sorted(chat for _, chat, _ in later) == [812, 813]
        for user in (throttled, gateway):  # one nudge that day, counted once
            assert (await bot.resident(user.chat_id)).nudges_ignored == 1
    finally:
        await bot.close()
