"""Survey v2: every answer keeps its version, version-1 answers stay, pairs never mix versions,
and the resident's own before/after line is neutral and comes after the survey."""

from __future__ import annotations

from sqlalchemy import insert, select, text

from bot.db import migrate
from bot.db.engine import Database
from bot.db.models import SurveyAnswer
from tests.flows import answer_survey, finish_course, onboard
from tests.harness import START


async def _v1_answers(
    bot,
    telegram_id: int,
    phase: str,
    instrument_id: str = "survey",
    items: list[str] | None = None,
    value: int = 4,
) -> None:
    """Answers given to version 1 before the switch (as the old bot stored them)."""
    course = bot.app.bot_data.services.course
    old = course.instrument(instrument_id, 1)
    rid = (await bot.resident(telegram_id)).id
    async with bot.db.transaction() as session:
        await session.execute(
            insert(SurveyAnswer),
            [
                {
                    "resident_id": rid,
                    "instrument": old.id,
                    "version": 1,
                    "phase": phase,
                    "item_id": item.id,
                    "value": value,
                    "answered_at": START,
                }
                for item in old.items
                if items is None or item.id in items
            ],
        )


async def _versions(bot, phase: str) -> dict[tuple[str, int], int]:
    async with bot.db.transaction() as session:
        rows = await session.execute(
            select(SurveyAnswer.instrument, SurveyAnswer.version).where(SurveyAnswer.phase == phase)
        )
        counts: dict[tuple[str, int], int] = {}
        for key in rows.all():
            counts[tuple(key)] = counts.get(tuple(key), 0) + 1
        return counts


async def test_the_survey_is_version_2_and_every_answer_keeps_its_version(bot):
    user = bot.user(1301)
    await onboard(user, survey=True, values=3)
    assert await _versions(bot, "pre") == {("survey", 2): 9, ("checklist", 2): 5}
    answered = [
        c.text
        for c in bot.api.sent_to(1301)
        if c.method == "editMessageText" and "Jawaban Anda" in (c.text or "")
    ]
    assert "✔️ Jawaban Anda: 3 (Netral)" in answered[0]


async def test_a_resident_halfway_through_version_1_goes_on_with_version_2(bot):
    user = bot.user(1302)
    await user.send("/start")
    await user.tap("Ya, mari mulai")
    await user.tap("Bahasa Indonesia")
    await user.tap("Lewati")
    await user.tap("Lewati")
    await _v1_answers(bot, 1302, "pre", items=["S1", "S2", "S3"])
    await _v1_answers(bot, 1302, "pre", "checklist", items=["B1"], value=1)
    replies = await user.send("/belajar")
    assert "<b>1/14</b>" in replies[-1].text and "1:sv:pre:S9:" in replies[-1].buttons[0][0][1]
    await answer_survey(user, 4)  # B1 is asked again in version 2: no clash with its v1 answer
    assert await _versions(bot, "pre") == {
        ("survey", 1): 3,
        ("checklist", 1): 1,
        ("survey", 2): 9,
        ("checklist", 2): 5,
    }
    assert "Modul 1/12 · 1/" in user.last_with_buttons()["text"]


async def test_version_1_before_and_version_2_after_are_kept_but_never_paired(bot):
    user = bot.user(1303)
    await onboard(user)  # skipped the (version 2) pre survey …
    await _v1_answers(bot, 1303, "pre", value=2)  # … but had answered version 1 before
    progress = (await user.send("/progres"))[-1].text
    assert "Survei sebelum kursus: 3,0 (skala 1–5)" in progress  # v1, half reverse-scored
    replies = await finish_course(user)
    assert "survei singkat tentang pandangan Anda saat ini" in replies[-1].text
    await answer_survey(user, 5)
    closing = [e for e in user.api.sent_to(1303) if e.method == "sendMessage"][-1].text
    assert "Survei diperbarui di antara dua kali Anda mengisinya" in closing
    assert "sebelum kursus" not in closing
    assert await _versions(bot, "pre") == {("survey", 1): 8}
    assert await _versions(bot, "post") == {("survey", 2): 9, ("checklist", 2): 5}
    progress = (await user.send("/progres"))[-1].text
    assert "Survei sebelum kursus: 3,0" in progress and "Survei setelah kursus" not in progress


async def test_the_before_after_line_is_plain_and_comes_after_the_survey_in_english(bot):
    user = bot.user(1304, language_code="en")
    await onboard(user, survey=True, values=3, language="en")
    replies = await finish_course(user)
    intro = replies[-1].text
    assert "One last step: a short survey on how you see things now." in intro
    assert "changed" not in intro and "score" not in intro
    post = {"S9": 5, "S10": 1, "S11": 4, "S12": 2, "S13": 5, "S14": 4, "S15": 1, "S16": 4, "S17": 2}
    await answer_survey(user, post)
    messages = [e.text for e in user.api.sent_to(1304) if e.method == "sendMessage"]
    closing = messages[-1]
    assert "Your survey score (scale 1–5): before the course 3.0, after the course 4.4." in closing
    assert not any("before the course 3.0" in m for m in messages[:-1])  # only at the end
    assert "→" not in closing
    assert "Congratulations!" in closing  # every module passed: the certificate follows


async def test_answers_stored_before_the_migration_are_version_1(empty_database_url):
    db = Database(empty_database_url)
    try:
        await migrate.upgrade(db, "0003")
        async with db.engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO residents (id, telegram_id, chat_id, locale, stage, consented_at, "
                    "last_active_at) VALUES (1, 5, 5, 'id', 'course', :at, :at)"
                ),
                {"at": START},
            )
            await conn.execute(
                text(
                    "INSERT INTO survey_answers (resident_id, instrument, phase, item_id, value, "
                    "answered_at) VALUES (1, 'survey', 'pre', 'S1', 4, :at)"
                ),
                {"at": START},
            )
        await migrate.upgrade(db)
        async with db.engine.connect() as conn:
            versions = (await conn.execute(text("SELECT version FROM survey_answers"))).all()
        assert versions == [(1,)]
    finally:
        await db.close()


async def test_the_closing_message_shows_the_preparedness_check_before_and_after(bot):
    user = bot.user(1305)
    await onboard(user, survey=True, values=3, checklist_yes=False)  # nothing in place yet
    await finish_course(user)
    await answer_survey(user, 4)  # every action now
    closing = [e.text for e in user.api.sent_to(1305) if e.method == "sendMessage"][-1]
    items = len(bot.app.bot_data.services.course.checklist.items)
    assert (
        f"Cek kesiapan: sebelum kursus 0 dari {items} langkah sudah Anda lakukan, "
        f"sekarang {items}." in closing
    )
