"""A certificate that means something: every module passed at the pass mark, retries in review
count, and tapping "A" everywhere earns nothing."""

from __future__ import annotations

from bot.db.models import Certificate, QuizAnswer, ReviewItem
from bot.services.passmark import pass_mark
from tests.flows import finish_course, finish_module, onboard


def _data(message) -> list[str]:
    """The callback data of a sent message's buttons, in order."""
    return [data for row in message.buttons for _, data in row]


def _sent(bot, chat_id: int, since: int = 0) -> list:
    return [
        c
        for c in bot.api.calls[since:]
        if c.chat_id == chat_id and c.method in ("sendMessage", "sendPhoto")
    ]


async def _retry_until_passed(user, course, module_number: int, command: str = "/ulang") -> list:
    """Answer review questions right, one /ulang at a time, until `module_number` passes."""
    questions = {q.id: q for q in course.modules[module_number - 1].questions}
    events = []
    for _ in range(10):
        message = (await user.send(command))[-1]
        data = _data(message)
        question = questions.get(data[0].split(":")[2])
        if question is None:
            raise AssertionError(f"review offered a question of another module: {data}")
        events = await user.press(data[question.correct], message.message_id)
        if any("lulus!</b>" in (e.text or "") or "passed!</b>" in (e.text or "") for e in events):
            return events
    raise AssertionError("the module never passed")


async def test_tapping_a_on_every_question_does_not_earn_the_certificate(bot):
    course = bot.app.bot_data.services.course
    user = bot.user(1101)
    await onboard(user)
    await finish_course(user, letter="A")
    before = len(bot.api.calls)
    replies = await user.tap("Lewati survei")
    failing = [
        m
        for m in course.modules
        if sum(q.correct == 0 for q in m.questions) < pass_mark(len(m.questions))
    ]
    assert failing, "tapping A passes every module: the quizzes give the answer away"
    closing = [r.text for r in replies if r.method == "sendMessage"][-1]
    assert "Anda sudah sampai di akhir kursus Warga Tangguh</b>: 12 modul" in closing
    assert "Sertifikat Anda menunggu semua modul lulus. Yang belum lulus:" in closing
    listed = [line for line in closing.splitlines() if line.startswith("• Modul ")]
    assert [line.split(",")[0] for line in listed] == [f"• Modul {m.number}" for m in failing]
    assert "Ketik /ulang" in closing
    assert not any(c.method == "sendPhoto" for c in bot.api.calls[before:])
    assert await bot.count(Certificate) == 0
    refusal = (await user.send("/sertifikat"))[-1]
    assert refusal.method == "sendMessage" and "Belum lulus:" in refusal.text
    assert f"• Modul {failing[0].number}," in refusal.text
    progress = (await user.send("/progres"))[-1].text
    assert f"Modul lulus: {12 - len(failing)} dari 12" in progress
    assert "Kursus selesai; sertifikat menunggu modul di atas lulus." in progress


async def test_a_module_below_the_pass_mark_says_so_and_one_above_it_says_passed(bot):
    user = bot.user(1102)
    await onboard(user)
    result = (await finish_module(user, right=False))[-1].text
    assert "Modul 1 selesai.</b> Skor kuis Anda: 0/4." in result
    assert "Belum lulus: batas lulusnya 3 dari 4." in result and "/ulang" in result
    await user.tap("Lanjut ke modul 2")
    result = (await finish_module(user))[-1].text
    n = len(bot.app.bot_data.services.course.modules[1].questions)
    assert f"Modul 2 selesai!</b> Skor kuis Anda: {n}/{n}." in result
    assert f"✅ Lulus (batas lulus: {pass_mark(n)} dari {n})." in result


async def test_review_retries_pass_a_module_and_the_certificate_follows_in_english(bot):
    course = bot.app.bot_data.services.course
    user = bot.user(1103, language_code="en")
    await onboard(user, language="en")
    for module in course.modules:
        await finish_module(user, right=module.number != 2)
        await user.tap(
            "Go to the final survey" if module.number == 12 else f"Go to module {module.number + 1}"
        )
    closing = [r.text for r in await user.tap("Skip the survey") if r.method == "sendMessage"][-1]
    assert "You reached the end of the Warga Tangguh course</b>: 12 modules." in closing
    n = len(course.modules[1].questions)
    assert (
        f"• Module 2, Jakarta Floods: Upstream, Local and Tidal: 0 of {n} right, "
        f"{pass_mark(n)} needed"
    ) in closing
    before = len(bot.api.calls)
    events = await _retry_until_passed(user, course, 2, command="/review")
    assert any("✅ <b>Module 2 passed!</b>" in (e.text or "") for e in events)
    photo = next(e for e in events if e.method == "sendPhoto")
    assert "certificate" in photo.text
    assert len([c for c in _sent(bot, 1103, before) if c.method == "sendPhoto"]) == 1
    assert await bot.count(QuizAnswer, QuizAnswer.corrected_at.is_not(None)) == pass_mark(n)
    assert await bot.count(QuizAnswer, QuizAnswer.correct.is_(False)) == n  # first answers kept
    again = (await user.send("/certificate"))[-1]
    assert again.method == "sendPhoto"


async def test_questions_of_a_failed_module_stay_in_review_until_answered_right(bot):
    course = bot.app.bot_data.services.course
    module = course.modules[0]
    user = bot.user(1104)
    await onboard(user)
    await finish_module(user, right=False)  # module 1: 0 of 4, not passed
    for _ in range(5 * len(module.questions)):  # more wrong answers than the ladder has steps
        message = (await user.send("/ulang"))[-1]
        data = _data(message)
        shown = course.question(data[0].split(":")[2])
        await user.press(data[(shown.correct + 1) % len(shown.options)], message.message_id)
    async with bot.db.transaction() as session:
        steps = (await session.execute(ReviewItem.__table__.select())).all()
    assert sorted(r.question_id for r in steps) == sorted(q.id for q in module.questions)
    assert {r.step for r in steps} == {2}  # held at the last step, not dropped
    assert "• Modul 1," in (await user.send("/progres"))[-1].text


async def test_a_passed_module_lets_a_question_leave_review_after_the_last_step(bot):
    course = bot.app.bot_data.services.course
    module = course.modules[0]
    user = bot.user(1105)
    await onboard(user)
    for _ in range(len(module.cards)):
        await user.tap("Lanjut" if _ < len(module.cards) - 1 else "Mulai kuis")
    for index, question in enumerate(module.questions):  # only the first one wrong: 3 of 4
        message = user.last_with_buttons()
        option = (question.correct + 1) % len(question.options) if index == 0 else question.correct
        await user.press(
            message["reply_markup"]["inline_keyboard"][0][option]["callback_data"],
            message["message_id"],
        )
    question = module.questions[0]
    wrong = (question.correct + 1) % len(question.options)
    for _ in range(3):
        message = (await user.send("/ulang"))[-1]
        await user.press(_data(message)[wrong], message.message_id)
    assert await bot.count(ReviewItem) == 0


async def test_after_a_wrong_review_answer_ulang_says_how_many_wait_and_when(bot):
    course = bot.app.bot_data.services.course
    module = course.modules[0]
    user = bot.user(1106)
    await onboard(user)
    await finish_module(user, right=False)  # every question of module 1 in the review list
    message = (await user.send("/ulang"))[-1]
    shown = course.question(_data(message)[0].split(":")[2])
    replies = await user.press(
        _data(message)[(shown.correct + 1) % len(shown.options)], message.message_id
    )  # wrong again: it waits three days
    after = replies[-1].text
    waiting = len(module.questions)
    # the others are not due before tomorrow (the first /ulang may come early, the rest wait)
    assert f"{waiting} soal menunggu di daftar Anda" in after
    assert "Bagus sekali" not in after and "kembali pada" in after
    again = (await user.send("/ulang"))[-1]
    assert f"{waiting} soal dalam daftar Anda" in again.text


async def test_when_nothing_waits_ulang_says_so_and_after_the_course_offers_no_lessons(bot):
    user = bot.user(1107)
    await onboard(user)
    replies = await user.send("/ulang")
    assert "Tidak ada lagi soal untuk diulang" in replies[-1].text
    assert "/belajar" in replies[-1].text
    await finish_course(user)
    await user.tap("Lewati survei")  # the course is over
    replies = await user.send("/ulang")
    assert "/belajar" not in replies[-1].text and "/sertifikat" in replies[-1].text
