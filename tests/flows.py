"""Conversation steps that many tests share, written as a resident would tap through them."""

from __future__ import annotations

from bot.double import ChatUser


async def onboard(
    user: ChatUser,
    *,
    survey: bool = False,
    values: int | dict[str, int] = 4,
    language: str = "id",
    checklist_yes: bool = True,
) -> None:
    """/start, consent, the language (Bahasa Indonesia by default), skip the profile, answer or
    skip the pre survey."""
    english = language == "en"
    await user.send("/start")
    await user.tap("Ya, mari mulai" if user.language_code != "en" else "Yes, let's start")
    await user.tap("English" if english else "Bahasa Indonesia")
    await user.tap("Skip" if english else "Lewati")  # kota
    await user.tap("Skip" if english else "Lewati")  # age band
    if survey:
        await answer_survey(user, values, checklist_yes)
    else:
        await user.tap("Skip the survey" if english else "Lewati survei")


async def answer_survey(
    user: ChatUser, value: int | dict[str, int] = 4, checklist_yes: bool = True
) -> None:
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
            await user.tap(
                ("Ya" if "Ya" in labels else "Yes")
                if checklist_yes
                else ("Belum" if "Belum" in labels else "Not yet")
            )
        else:
            return


def module_one_steps() -> int:
    """How many steps module 1 shows before its quiz (its cards, the action last), read from the
    content, so tests follow the course as it is written."""
    from bot.config import PROJECT_ROOT
    from bot.curriculum import load_course

    return len(load_course(PROJECT_ROOT / "content").modules[0].cards)


def _course(user: ChatUser):
    """The course the bot this user talks to is running (already loaded, never parsed here)."""
    return user.app.bot_data.services.course


async def finish_module(user: ChatUser, *, right: bool = True, letter: str | None = None) -> list:
    """Tap Lanjut through the cards, then answer every question: right, or wrong (a module
    below the pass mark), or always the option `letter` ("A") whatever the question."""
    from bot.callbacks import parse

    course = _course(user)
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
            if letter is not None:
                option = "ABCD".index(letter)
            row = message["reply_markup"]["inline_keyboard"][0]
            events = await user.press(row[option]["callback_data"], message["message_id"])
        else:
            return events


async def finish_course(user: ChatUser, **answers) -> list:
    """Every module with `finish_module(**answers)`, then on to the final survey (Indonesian or
    English buttons); returns the events of the last tap, the first survey item on screen."""
    modules = _course(user).modules
    english = user.language_code == "en"
    events = []
    for module in modules:
        await finish_module(user, **answers)
        if module.number == len(modules):
            label = "Go to the final survey" if english else "Lanjut ke survei akhir"
        else:
            label = (
                f"Go to module {module.number + 1}"
                if english
                else f"Lanjut ke modul {module.number + 1}"
            )
        events = await user.tap(label)
    return events
