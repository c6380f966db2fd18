"""Lessons, quizzes, progress and the end of the course, as a resident goes through them."""

from __future__ import annotations

from html import escape

from bot.db.models import ModuleProgress, QuizAnswer, SurveyAnswer
from bot.services.passmark import pass_mark
from tests.flows import answer_survey, finish_module, module_one_steps, onboard

STEPS = module_one_steps()  # module 1's cards, the action last


async def test_resident_goes_from_start_through_two_modules_and_sees_it_in_progress(bot):
    user = bot.user(201)
    await onboard(user, survey=True, values=4)
    assert await bot.count(SurveyAnswer) == 14  # 9 statements and 5 checklist items
    first_card = user.last_with_buttons()
    assert f"Modul 1/12 · 1/{STEPS}" in first_card["text"]
    await finish_module(user)
    await user.tap("Lanjut ke modul 2")
    card = user.last_with_buttons()
    assert "Modul 2/12 · 1/" in card["text"]
    await finish_module(user, right=False)
    progress = (await user.send("/progres"))[-1].text
    first, second = (len(m.questions) for m in bot.app.bot_data.services.course.modules[:2])
    assert "Modul selesai: 2 dari 12" in progress
    assert f"Skor kuis: {first} dari {first + second} benar" in progress
    assert "Modul lulus: 1 dari 12" in progress
    assert (
        f"• Modul 2, Banjir Jakarta: Kiriman, Lokal, dan Rob: 0 dari {second} benar, "
        f"perlu {pass_mark(second)}"
    ) in progress
    assert "Sedang dipelajari: modul 3" in progress
    # Every statement 4: five plain ones score 4, four reverse-worded ones 2: 28/9.
    assert "Survei sebelum kursus: 3,1 (skala 1–5)" in progress


async def test_progress_survives_a_restart_and_belajar_resumes_at_module_3(bot):
    user = bot.user(202)
    await onboard(user)
    await finish_module(user)
    await user.tap("Lanjut ke modul 2")
    await finish_module(user)
    await bot.restart()
    replies = await user.send("/belajar")
    assert "Modul 3/12 · 1/" in replies[-1].text
    assert replies[-1].labels == ["Lanjut ➡️"]


async def test_belajar_resumes_on_the_exact_card(bot):
    user = bot.user(203)
    await onboard(user)
    await user.tap("Lanjut")
    await user.tap("Lanjut")
    await bot.restart()
    replies = await user.send("/belajar")
    assert f"Modul 1/12 · 3/{STEPS}" in replies[-1].text


async def test_last_card_is_the_action_then_the_quiz(bot):
    user = bot.user(204)
    await onboard(user)
    for _ in range(STEPS - 1):
        replies = await user.tap("Lanjut")
    action = replies[-1]
    assert f"Modul 1/12 · {STEPS}/{STEPS}" in action.text and "Aksi Anda:" in action.text
    assert action.labels == ["Mulai kuis 📝"]
    replies = await user.tap("Mulai kuis")
    question = replies[-1]
    assert "Kuis modul 1 · soal 1/4" in question.text
    assert question.labels == ["A", "B", "C", "D"]


async def test_right_answer_edits_the_question_to_show_the_verdict_and_drops_its_buttons(bot):
    user = bot.user(205)
    await onboard(user)
    for _ in range(STEPS):
        await user.tap("Lanjut" if _ < STEPS - 1 else "Mulai kuis")
    question_message = user.last_with_buttons()
    course = bot.app.bot_data.services.course
    q = course.modules[0].questions[0]
    letter = "ABCD"[q.correct]
    replies = await user.tap(letter)
    edited = next(r for r in replies if r.method == "editMessageText")
    assert edited.message_id == question_message["message_id"]
    assert "✅ Benar!" in edited.text
    assert f"Jawaban Anda: {letter}" in edited.text
    assert q.explanation.id[:30] in edited.text
    assert edited.buttons == []
    assert "soal 2/4" in replies[-1].text


async def test_wrong_answer_shows_the_right_answer_and_explanation_and_keeps_score(bot):
    user = bot.user(206)
    await onboard(user)
    for _ in range(STEPS):
        await user.tap("Lanjut" if _ < STEPS - 1 else "Mulai kuis")
    q = bot.app.bot_data.services.course.modules[0].questions[0]
    wrong = (q.correct + 1) % len(q.options)
    replies = await user.tap("ABCD"[wrong])
    edited = next(r for r in replies if r.method == "editMessageText")
    assert "❌ Kurang tepat" in edited.text
    assert f"Jawaban yang benar: {'ABCD'[q.correct]}" in edited.text
    assert q.explanation.id[:30] in edited.text
    answer = await bot.count(QuizAnswer, QuizAnswer.correct.is_(False))
    assert answer == 1


async def test_module_end_shows_the_score_and_a_button_to_the_next_module(bot):
    user = bot.user(207)
    await onboard(user)
    replies = await finish_module(user)
    result = replies[-1]
    assert "Modul 1 selesai!" in result.text and "Skor kuis Anda: 4/4" in result.text
    assert "Berikutnya: modul 2" in result.text
    assert result.labels == ["Lanjut ke modul 2 ➡️"]


async def test_after_the_last_module_the_post_survey_then_a_before_after_line(bot):
    user = bot.user(208)
    await onboard(user, survey=True, values=3)  # every item 3: mean 3.0
    for number in range(1, 13):
        replies = await finish_module(user)
        label = "Lanjut ke survei akhir" if number == 12 else f"Lanjut ke modul {number + 1}"
        replies = await user.tap(label)
    assert "survei singkat tentang pandangan Anda saat ini" in replies[-1].text
    # After: agree with the plain statements, disagree with the reverse-worded ones.
    post = {"S9": 5, "S10": 1, "S11": 4, "S12": 2, "S13": 5, "S14": 4, "S15": 1, "S16": 4, "S17": 2}
    await answer_survey(user, post)  # scores 5,5,4,4,5,4,5,4,4: mean 40/9
    closing = [e for e in user.api.sent_to(208) if e.method == "sendMessage"][-1].text
    assert "Anda telah menyelesaikan kursus Warga Tangguh: 12 modul" in closing
    assert "Skor survei Anda (skala 1–5): sebelum kursus 3,0, sesudah kursus 4,4." in closing
    resident = await bot.resident(208)
    assert resident.stage == "finished" and resident.finished_at is not None
    assert await bot.count(ModuleProgress, ModuleProgress.completed_at.is_not(None)) == 12
    assert await bot.count(SurveyAnswer, SurveyAnswer.phase == "post") == 14


async def test_progress_before_consent_points_to_start(bot):
    user = bot.user(209)
    replies = await user.send("/progres")
    assert "Ketik /start" in replies[-1].text


async def test_the_whole_course_reads_and_answers_in_english(bot):
    user = bot.user(210, language_code="en")
    await onboard(user, language="en")
    course = bot.app.bot_data.services.course
    for module in course.modules:
        replies = await finish_module(user)
        cards = [
            c.text
            for c in user.api.sent_to(210)
            if c.method == "sendMessage"
            and c.text
            and c.text.startswith(f"<b>📘 Module {module.number}/12")
        ]
        assert len(cards) == len(module.cards)
        for card in module.cards[:-1]:
            assert any(escape(card.text.en[:40]) in text for text in cards)
        assert f"Module {module.number} done!" in replies[-1].text
        label = (
            "Go to the final survey" if module.number == 12 else f"Go to module {module.number + 1}"
        )
        await user.tap(label)
    replies = await user.tap("Skip the survey")
    closing = [r.text for r in replies if r.method == "sendMessage"][-1]
    assert "You finished the Warga Tangguh course: 12 modules" in closing
    assert any(r.method == "sendPhoto" for r in replies)
