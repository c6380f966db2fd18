"""Bad input never breaks the conversation and never loses progress."""

from __future__ import annotations

from bot.db.models import ModuleProgress, QuizAnswer, Resident
from tests.flows import module_one_steps, onboard

STEPS = module_one_steps()  # module 1's cards, the action last


def toast(replies) -> str:
    """The text of the callback answer among the replies."""
    return next(r.text for r in replies if r.method == "answerCallbackQuery")


async def _at_first_question(bot, user):
    await onboard(user)
    for i in range(STEPS):
        await user.tap("Lanjut" if i < STEPS - 1 else "Mulai kuis")
    return user.last_with_buttons()


async def test_double_tap_on_an_answer_counts_once(bot):
    user = bot.user(301)
    question = await _at_first_question(bot, user)
    data = question["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
    await user.press(data, question["message_id"])
    second = await user.press(data, question["message_id"])
    assert toast(second) == "Jawaban Anda sudah tercatat. ✅"
    assert not [r for r in second if r.method == "sendMessage"]
    assert await bot.count(QuizAnswer) == 1


async def test_double_tap_on_lanjut_moves_one_card(bot):
    user = bot.user(302)
    await onboard(user)
    card = user.last_with_buttons()
    data = card["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await user.press(data, card["message_id"])
    second = await user.press(data, card["message_id"])
    assert "pesan lama" in toast(second)
    replies = await user.send("/belajar")
    assert f"Modul 1/12 · 2/{STEPS}" in replies[-1].text


async def test_button_from_an_old_message_gets_a_friendly_answer_and_changes_nothing(bot):
    user = bot.user(303)
    await onboard(user)
    old_card = user.last_with_buttons()
    old_data = old_card["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await user.tap("Lanjut")
    await user.tap("Lanjut")
    replies = await user.press(old_data, old_card["message_id"])
    assert "Ketik /belajar" in toast(replies)
    assert (await user.send("/belajar"))[-1].text.count(f"Modul 1/12 · 3/{STEPS}") == 1


async def test_forged_callback_data_gets_a_friendly_answer(bot):
    user = bot.user(304)
    await onboard(user)
    card = user.last_with_buttons()
    for forged in [
        "",
        "garbage",
        "1:q:m01-q1:99",
        "2:nx:m01-risiko-jakarta:0",
        "1:nx:m01-risiko-jakarta",
        "1:sv:pre:S1:9",
        "1:rg:atlantis",
        "x" * 80,
    ]:
        replies = await user.press(forged, card["message_id"])
        assert "Ketik /belajar" in toast(replies) or "tercatat" in toast(replies), forged
    assert await bot.count(QuizAnswer) == 0
    assert (await user.send("/belajar"))[-1].text.startswith(f"<b>📘 Modul 1/12 · 1/{STEPS}")


async def test_a_question_that_is_no_longer_in_the_course_is_answered_kindly(bot):
    user = bot.user(305)
    question = await _at_first_question(bot, user)
    replies = await user.press("1:q:m01-q99:0", question["message_id"])
    assert "sudah diperbarui" in toast(replies)
    replies = await user.press("1:nx:m99-dihapus:0", question["message_id"])
    assert "sudah diperbarui" in toast(replies)
    assert await bot.count(QuizAnswer) == 0


async def test_an_emergency_message_is_answered_first_with_112(bot):
    user = bot.user(308)
    for text in (
        "tolong rumah saya kebanjiran",
        "DARURAT",
        "banjir sekarang sudah masuk rumah",
        "SOS",
        "ada kebakaran di gang sebelah",
    ):
        replies = await user.send(text)
        assert "112" in replies[0].text and "segera telepon 112" in replies[0].text, text
        assert "BPBD DKI Jakarta" in replies[0].text
    calm = await user.send("kapan musim banjir biasanya?")
    assert "112" not in calm[0].text.split("\n")[0]


async def test_a_lesson_button_before_consent_asks_for_consent_first(bot):
    user = bot.user(309)
    replies = await user.press("1:nx:m01-risiko-jakarta:0", 1)
    assert "setujui" in toast(replies)
    assert "Bolehkah kami menyimpan kemajuan Anda?" in replies[-1].text
    assert await bot.count(Resident) == 0


async def test_double_tap_on_consent_creates_one_resident(bot):
    user = bot.user(310)
    await user.send("/start")
    consent = user.last_with_buttons()
    data = consent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await user.press(data, consent["message_id"])
    replies = await user.press(data, consent["message_id"])
    assert toast(replies) == "Jawaban Anda sudah tercatat. ✅"
    assert await bot.count(Resident) == 1


async def test_edited_messages_and_group_messages_are_ignored(bot):
    user = bot.user(311)
    before = len(bot.api.calls)
    edited = {
        "update_id": bot.api.next_update_id(),
        "edited_message": {
            "message_id": 5,
            "date": 0,
            "edit_date": 1,
            "text": "halo",
            "chat": {"id": 311, "type": "private"},
            "from": {"id": 311, "is_bot": False, "first_name": "Sari"},
        },
    }
    await user.feed(edited)
    group = {
        "update_id": bot.api.next_update_id(),
        "message": {
            "message_id": 6,
            "date": 0,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            "chat": {"id": -100, "type": "group", "title": "RT 05"},
            "from": {"id": 311, "is_bot": False, "first_name": "Sari"},
        },
    }
    await user.feed(group)
    assert len(bot.api.calls) == before
    assert await bot.count(ModuleProgress) == 0
