"""Action follow-ups: "Sudah sempat …?" asked once, three days after a module, in the nudge slot
and under the nudge rules; answers kept, deleted with /hapusdata. Time is a manual clock."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.db.models import ActionFollowup, Nudge
from tests.flows import finish_course, finish_module, onboard

JAKARTA = ZoneInfo("Asia/Jakarta")


def _local(bot) -> str:
    return bot.clock.now().astimezone(JAKARTA).strftime("%a %H:%M")


async def _walk(bot, hours: float, step_minutes: int = 30) -> list[tuple[str, object]]:
    """Advance the clock, sweeping each step; (Jakarta time, message) for every nudge sent."""
    sent = []
    for _ in range(int(hours * 60 / step_minutes)):
        bot.clock.advance(timedelta(minutes=step_minutes))
        sent += [(_local(bot), message) for message in await bot.sweep()]
    return sent


async def _answers(bot) -> dict[str, str | None]:
    async with bot.db.transaction() as session:
        rows = (await session.execute(ActionFollowup.__table__.select())).all()
    return {r.module_id: r.answer for r in rows}


async def test_an_action_is_followed_up_three_days_later_as_that_days_nudge(bot):
    course = bot.app.bot_data.services.course
    first = course.modules[0]
    user = bot.user(1201)
    await onboard(user)  # Monday 09:00
    await finish_module(user)  # module 1 done on Monday
    sent = []
    for _ in range(4):  # the resident studies one card every morning at 09:00
        sent += await _walk(bot, 24)
        await user.send("/belajar")
        await user.tap("Lanjut")
    days = [(when, message.text) for when, message in sent]
    assert [when for when, _ in days] == ["Mon 19:00", "Tue 19:00", "Wed 19:00", "Thu 19:00"]
    assert all(first.action.followup.id not in text for _, text in days[:3])
    _, followup = sent[3]
    assert first.action.followup.id in followup.text and "Tentang aksi Anda" in followup.text
    assert followup.labels == ["Sudah", "Belum", "Tidak relevan"]
    assert await bot.count(Nudge, Nudge.kind == "followup") == 1
    replies = await user.press(followup.buttons[0][0][1], followup.message_id)
    edited = next(r for r in replies if r.method == "editMessageText")
    assert "✔️ Jawaban Anda: Sudah" in edited.text and edited.buttons == []
    assert "Lanjut belajar" in replies[-1].labels[0]
    assert (await _answers(bot))[first.id] == "done"
    again = await user.press(followup.buttons[0][1][1], followup.message_id)  # "Belum", late
    assert any(r.method == "answerCallbackQuery" and "sudah tercatat" in r.text for r in again)
    assert (await _answers(bot))[first.id] == "done"
    later = await _walk(bot, 24 * 7)
    assert all(first.action.followup.id not in m.text for _, m in later)  # asked once only


async def test_after_the_course_followups_come_one_a_day_in_the_slot_then_the_nudge_pause(bot):
    course = bot.app.bot_data.services.course
    user = bot.user(1202)
    await onboard(user)
    await user.send("/pengingat")
    await user.tap("Pagi")
    await finish_course(user)  # all twelve modules on Monday
    await user.tap("Lewati survei")  # finished: only follow-ups (and reviews) are left
    sent = await _walk(bot, 24 * 8, step_minutes=15)
    assert [when for when, _ in sent] == ["Thu 07:30", "Fri 07:30", "Sat 07:30", "Sun 07:30"]
    for (_, message), module in zip(sent[:3], course.modules[:3], strict=True):
        assert module.action.followup.id in message.text
    assert "kami menunggu Anda" in sent[3][1].text  # three unanswered: the nudge rules pause
    _, saturday = sent[2]
    replies = await user.press(saturday.buttons[0][1][1], saturday.message_id)  # "Belum"
    edited = next(r for r in replies if r.method == "editMessageText")
    assert "Tidak apa-apa" in edited.text
    assert course.modules[2].action.text.id[:40] in edited.text  # the action, once more
    assert not any("Lanjut belajar" in label for r in replies for label in r.labels)
    resumed = await _walk(bot, 24, step_minutes=15)
    # Answering on Tuesday resumed the follow-ups, the next at least 8 hours later.
    assert [when for when, _ in resumed] == ["Wed 07:30"]
    assert course.modules[3].action.followup.id in resumed[0][1].text
    assert (await _answers(bot))[course.modules[2].id] == "not_yet"


async def test_stopped_blocked_and_quiet_residents_get_no_followup(bot):
    stopped, blocked, off = bot.user(1203), bot.user(1204), bot.user(1205)
    for user in (stopped, blocked, off):
        await onboard(user)
        await finish_module(user)
    await stopped.send("/berhenti")
    bot.api.blocked.add(1204)
    await off.send("/pengingat")
    await off.tap("Matikan")
    sent = await _walk(bot, 24 * 5)
    assert [m.chat_id for _, m in sent] == []
    assert await bot.count(ActionFollowup, ActionFollowup.asked_at.is_not(None)) == 0
    await stopped.send("/mulai")  # back on Saturday: the follow-up is still due
    sent = await _walk(bot, 24)
    assert [m.chat_id for _, m in sent] == [1203]
    assert "Sudah sempat" in sent[0][1].text


async def test_a_followup_in_english_and_buttons_that_do_not_apply(bot):
    course = bot.app.bot_data.services.course
    user = bot.user(1206, language_code="en")
    await onboard(user, language="en")
    stale = user.last_with_buttons()["message_id"]
    forged = await user.press("1:fu:m05-ancaman-senyap:done", stale)  # never asked
    assert any(r.method == "answerCallbackQuery" and "older message" in r.text for r in forged)
    await finish_module(user)
    await user.send("/berhenti")  # no lesson nudges; resume when the follow-up is due
    bot.clock.advance(timedelta(days=3))
    await user.send("/mulai")
    sent = await _walk(bot, 24)
    assert len(sent) == 1
    _, followup = sent[0]
    assert course.modules[0].action.followup.en in followup.text
    assert followup.labels == ["Done", "Not yet", "Not relevant"]
    odd = await user.press("1:fu:m01-risiko-jakarta:maybe", followup.message_id)
    assert any(r.method == "answerCallbackQuery" and "don't recognise" in r.text for r in odd)
    replies = await user.press(followup.buttons[1][0][1], followup.message_id)
    edited = next(r for r in replies if r.method == "editMessageText")
    assert "✔️ Your answer: Not relevant" in edited.text
    assert (await _answers(bot))[course.modules[0].id] == "not_relevant"


async def test_hapusdata_deletes_the_followups(bot):
    user = bot.user(1207)
    await onboard(user)
    await finish_module(user)
    assert await bot.count(ActionFollowup) == 1
    await user.send("/hapusdata")
    await user.tap("Ya, hapus semua")
    assert await bot.count(ActionFollowup) == 0


async def test_a_followup_that_meets_a_block_marks_the_resident_and_is_asked_on_return(bot):
    user = bot.user(1208)
    await onboard(user)
    await finish_module(user)  # Monday: module 1's follow-up is due on Thursday
    await user.send("/berhenti")
    bot.clock.advance(timedelta(days=3))
    await user.send("/mulai")  # Thursday 09:00: that evening's nudge is the follow-up
    bot.api.blocked.add(1208)  # blocked without us hearing of it: the send answers 403
    assert await _walk(bot, 24) == []
    assert (await bot.resident(1208)).blocked_at is not None
    assert await bot.count(Nudge, Nudge.kind == "followup", Nudge.status == "blocked") == 1
    assert await bot.count(ActionFollowup, ActionFollowup.asked_at.is_not(None)) == 0
    assert await _walk(bot, 24) == []  # nothing more goes to a resident who blocked the bot
    bot.api.blocked.discard(1208)
    await user.send("halo")  # back: the follow-up was never asked, so it still is
    sent = await _walk(bot, 24)
    assert len(sent) == 1 and "Sudah sempat" in sent[0][1].text
    assert await bot.count(ActionFollowup, ActionFollowup.asked_at.is_not(None)) == 1
