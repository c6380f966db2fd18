"""Stray input gets a short answer that fits where the resident is, never the whole help."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from tests.flows import onboard
from tests.residents import at_the_area_question


def texts(replies) -> list[str]:
    return [r.text for r in replies if r.method == "sendMessage"]


async def test_a_number_during_the_quiz_shows_the_question_again(bot):
    user = bot.user(401)
    await onboard(user)
    while "Lanjut" in str(user.last_with_buttons()["reply_markup"]):
        await user.tap("Lanjut")
    question = user.last_with_buttons()
    replies = await user.send("3")
    assert texts(replies)[0] == "Silakan jawab dengan salah satu tombol di bawah ini 👇"
    assert texts(replies)[1] == question["text"]
    assert replies[-1].labels == [
        b["text"] for row in question["reply_markup"]["inline_keyboard"] for b in row
    ]
    assert "/hapusdata" not in "".join(texts(replies))  # the full help only on /bantuan


async def test_a_sticker_during_onboarding_shows_the_area_question_again(bot):
    user = bot.user(402)
    await at_the_area_question(user)
    replies = await user.send_media("sticker")
    assert "tombol" in texts(replies)[0]
    assert "Anda tinggal di wilayah mana?" in texts(replies)[1]
    await user.tap("Lewati")  # the place is kept
    assert "Berapa usia Anda?" in user.last_message()["text"]


async def test_an_unknown_command_names_it_and_points_to_bantuan(bot):
    user = bot.user(403)
    await onboard(user)
    replies = await user.send("/apaini")
    assert texts(replies)[0].startswith(
        "Perintah /apaini tidak kami kenali. Semua perintah: /bantuan"
    )
    assert "Lanjut" in str(replies[-1].labels)
    assert "/hapusdata" in (await user.send("/bantuan"))[-1].text


async def test_25_quick_messages_never_produce_a_pile_of_copies(bot):
    user = bot.user(404)
    await onboard(user)
    replies = []
    for n in range(25):
        replies += await user.send(f"halo {n}")
        bot.clock.advance(timedelta(seconds=1))
    copies = Counter(texts(replies))
    assert max(copies.values()) == 1, copies
    assert len(copies) == 3  # the pointer to the buttons, the card again, one short nudge
    bot.clock.advance(timedelta(minutes=1))
    again = await user.send("halo?")
    assert "Silakan jawab" in texts(again)[0]
