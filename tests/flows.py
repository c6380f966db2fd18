"""Conversation steps that many tests share, written as a resident would tap through them."""

from __future__ import annotations

from bot.double import ChatUser


async def onboard(user: ChatUser, *, survey: bool = False,
                  values: int | dict[str, int] = 4) -> None:
    """/start, consent, Bahasa Indonesia, skip the profile, answer or skip the pre survey."""
    await user.send("/start")
    await user.tap("Ya, mari mulai" if user.language_code != "en" else "Yes, let's start")
    await user.tap("Bahasa Indonesia")
    await user.tap("Lewati")  # kota
    await user.tap("Lewati")  # age band
    if survey:
        await answer_survey(user, values)
    else:
        await user.tap("Lewati survei")


async def answer_survey(user: ChatUser, value: int | dict[str, int] = 4,
                        checklist_yes: bool = True) -> None:
    """Answer every attitude item with `value` (or value[item id]), then every checklist item."""
    from bot.callbacks import parse

    while True:
        message = user.last_message()
        if not message.get("reply_markup"):
            return
        labels = [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]
        first = parse(message["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
        chosen = value if isinstance(value, int) else value.get(str(first.args[1]), 3)
        if first.kind == "sv" and str(chosen) in labels:
            await user.tap(str(chosen))
        elif "Ya" in labels or "Yes" in labels:
            await user.tap(("Ya" if "Ya" in labels else "Yes") if checklist_yes else
                           ("Belum" if "Belum" in labels else "Not yet"))
        else:
            return


async def finish_module(user: ChatUser, *, right: bool = True) -> list:
    """Tap Lanjut through the cards, then answer every question (right or wrong)."""
    from bot.callbacks import parse
    from bot.config import PROJECT_ROOT
    from bot.curriculum import load_course

    course = load_course(PROJECT_ROOT / "content")
    events = []
    while True:
        message = user.last_with_buttons()
        data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        cb = parse(data)
        if cb.kind == "nx":
            events = await user.press(data, message["message_id"])
        elif cb.kind == "q":
            question = course.question(str(cb.args[0]))
            option = question.correct if right else (question.correct + 1) % len(question.options)
            row = message["reply_markup"]["inline_keyboard"][0]
            events = await user.press(row[option]["callback_data"], message["message_id"])
        else:
            return events
