"""The repros of issue 10 items 4-7, as staff meet them in /laporan: withheld is not "<5", no
share or mean of 1-4 residents, charts agree with the text, and the period prompt helps."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from bot.i18n import Translator
from bot.presentation.reports import charts
from bot.services.reports import Period, ReportRequest
from tests.harness import ADMIN_ID
from tests.report_data import COURSE, Town, utc

NOVEMBER = "/laporan 2026-11-01 2026-11-30"


async def _report(admin, area: str = "Seluruh Jakarta"):
    await admin.send(NOVEMBER)
    events = await admin.tap(area)
    texts = [e.text for e in events if e.method == "sendMessage"]
    (document,) = [e for e in events if e.method == "sendDocument"]
    return "\n".join(texts), load_workbook(BytesIO(document.files[0].content))


async def test_a_large_area_withheld_beside_a_small_one_reads_withheld_not_under_five(bot):
    town = Town(bot.db)
    for region, count in (("jakpus", 2), (None, 7), ("jakut", 30)):
        for _ in range(count):
            await town.resident(at=utc(2026, 11, 3), region=region)
    summary, book = await _report(bot.user(ADMIN_ID))
    rows = {row[0]: row for row in book["Per wilayah"].iter_rows(values_only=True)}
    assert rows["Jakarta Pusat"][1] == "<5"
    assert rows["tidak diisi"][1] == "x"  # 7 residents: withheld, never called "<5"
    assert rows["Jakarta Utara"][1] == 30
    notes = [row[0] for row in book["Catatan"].iter_rows(values_only=True)]
    assert any(note.startswith("x = disembunyikan") for note in notes)
    assert "Terdaftar (memberi persetujuan): 39" in summary


async def test_one_residents_quiz_score_is_not_shown(bot):
    town = Town(bot.db)
    rid = await town.resident(at=utc(2026, 11, 3))
    questions = [q.id for m in COURSE.modules[:3] for q in m.questions][:8]
    for i, question in enumerate(questions):
        await town.quiz(rid, question, correct=i < 6, at=utc(2026, 11, 4))
    summary, book = await _report(bot.user(ADMIN_ID))
    assert "Jawaban pertama: 8 · benar: x" in summary
    assert "75" not in summary.split("Kuis")[1].split("Pengingat")[0]
    quiz = list(book["Ringkasan"].iter_rows(values_only=True))
    assert ("Jawaban kuis yang benar", "x") in quiz


async def test_a_delivery_status_under_five_cannot_be_worked_out_by_subtraction(bot):
    town = Town(bot.db)
    rids = [await town.resident(at=utc(2026, 11, 3)) for _ in range(8)]
    await town.broadcast(utc(2026, 11, 10), {rid: "sent" for rid in rids[:7]} | {rids[7]: "failed"})
    summary, _ = await _report(bot.user(ADMIN_ID))
    line = next(line for line in summary.split("\n") if "Siaran" in line)
    assert "7 dari 8" not in line and "87,5%" not in line
    assert "gagal &lt;5" in line or "gagal x" in line


async def test_charts_say_too_few_residents_where_the_text_shows_a_count(bot):
    town = Town(bot.db)
    for day in range(1, 9):  # 8 active residents, never 5 on one day
        rid = await town.resident(at=utc(2026, 11, day), region="kepseribu")
        await town.active(rid, date(2026, 11, day))
    service = bot.app.bot_data.services.reports
    report = await service.build(ReportRequest(Period(date(2026, 11, 1), date(2026, 11, 30))))
    assert report.headline.active == 8
    t = Translator("id")
    daily = charts.daily(t, report)
    assert any("terlalu sedikit" in text for text in daily.texts)
    assert not any("Tidak ada aktivitas" in text for text in daily.texts)
    ticks = [text for text in daily.texts if text.endswith(" Nov")]
    assert len(ticks) == len(set(ticks)) and 2 <= len(ticks) <= charts.MAX_TICKS
    funnel = charts.funnel(t, report)
    assert not any("Tidak ada warga yang mendaftar" in text for text in funnel.texts)


async def test_text_at_the_period_prompt_gets_a_date_hint_not_the_resident_help(bot):
    admin = bot.user(ADMIN_ID)
    await admin.send("/laporan")
    reply = (await admin.send("bulan lalu saja"))[-1]
    assert "Periodenya tidak terbaca" in reply.text and "1/11/2026 - 30/11/2026" in reply.text
    assert "belum bisa membaca pesan bebas" not in reply.text
    area = (await admin.send("1 Nov - 30 Nov 2026"))[-1]
    assert "Wilayah mana?" in area.text
    after = (await admin.send("terima kasih"))[-1]  # the prompt is answered: free text again
    assert "Periodenya tidak terbaca" not in after.text
