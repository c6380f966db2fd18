"""/laporan as staff use it: choose a period and an area, get messages, a workbook and charts."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from PIL import Image

from bot import callbacks
from bot.i18n import Translator
from bot.services.demo import DemoDataService
from bot.services.reports import ReportRequest
from bot.services.reports.period import all_time
from tests.harness import ADMIN_ID
from tests.report_data import COURSE, Town, utc

TZ = ZoneInfo("Asia/Jakarta")
SHEETS = [
    "Ringkasan",
    "Alur penyelesaian modul",
    "Kuis per modul",
    "Kuis per soal",
    "Pergeseran paradigma",
    "Per wilayah",
    "Sebaran skor",
    "Cek kesiapan",
    "Tindak lanjut aksi",
    "Aktif harian",
    "Siaran",
    "Catatan",
]
PNG = b"\x89PNG\r\n\x1a\n"


async def _demo(bot, residents: int = 300) -> None:
    await DemoDataService(bot.db, COURSE, bot.clock, TZ).generate(residents, days=60, seed=5)


def _report_parts(events):
    texts = [e.text for e in events if e.method == "sendMessage"]
    documents = [e for e in events if e.method == "sendDocument"]
    groups = [e for e in events if e.method == "sendMediaGroup"]
    return texts, documents, groups


async def test_staff_get_the_whole_report_as_messages_a_workbook_and_charts(bot):
    await _demo(bot)
    admin = bot.user(ADMIN_ID, first_name="Admin")
    ask = (await admin.send("/laporan"))[-1]
    assert "Laporan</b>: periode yang mana?" in ask.text
    assert ask.labels == ["7 hari terakhir", "30 hari terakhir", "Sepanjang waktu"]
    area = (await admin.tap("Sepanjang waktu"))[-1]
    assert area.method == "editMessageText" and "Wilayah mana?" in area.text
    assert area.labels[:3] == ["Seluruh Jakarta", "Jakarta Pusat", "Jakarta Utara"]
    events = await admin.tap("Seluruh Jakarta")

    texts, documents, groups = _report_parts(events)
    methods = [e.method for e in events if e.method.startswith("send")]
    assert methods == ["sendMessage"] * len(texts) + ["sendDocument", "sendMediaGroup"]
    assert events[0].method == "answerCallbackQuery"
    edited = next(e for e in events if e.method == "editMessageText")
    assert (
        "Menyusun laporan: sepanjang waktu, hingga 30 November 2026 · seluruh Jakarta"
        in (edited.text)
        and edited.buttons == []
    )
    assert all(len(text) <= 4096 for text in texts) and len(texts) >= 3
    summary = "\n".join(texts)
    service = bot.app.bot_data.services.reports
    report = await service.build(ReportRequest(all_time(service.today())))
    t = Translator("id")
    h = report.headline
    assert "Data demo" in summary
    assert f"Terdaftar (memberi persetujuan): {t.number(h.registered)}" in summary
    assert f"Aktif: {t.number(h.active)}" in summary
    assert f"Selesai kursus: {t.number(h.finished)}" in summary
    o = report.shift.overall
    assert f"Warga yang mengisi keduanya: {t.number(o.pairs)}" in summary
    assert f"{t.number(o.before, 2)} → {t.number(o.after, 2)}, perubahan +" in summary
    assert "Selang kepercayaan 95%" in summary and "Per subskala" in summary
    assert "Per kota/kabupaten" in summary
    assert "Soal tersulit" in summary and "Pengingat" in summary and "Siaran" in summary

    (document,) = documents
    (upload,) = document.files
    assert upload.name == "laporan-warga-tangguh_awal_2026-11-30.xlsx"
    book = load_workbook(BytesIO(upload.content))
    assert book.sheetnames == SHEETS
    funnel = [list(row) for row in book["Alur penyelesaian modul"].iter_rows(values_only=True)]
    assert funnel[0] == ["Tahap", "Modul", "Warga", "Persentase dari terdaftar"]
    assert funnel[1][0] == "Terdaftar" and funnel[1][2] == h.registered
    assert [row[2] for row in funnel[3:15]] == [s.residents for s in report.funnel[2:14]]
    assert book["Alur penyelesaian modul"]["D3"].number_format == "0.0%"
    shift = [list(row) for row in book["Pergeseran paradigma"].iter_rows(values_only=True)]
    assert shift[0][:4] == ["Ukuran", "Warga (pasangan)", "Rata-rata sebelum", "Rata-rata sesudah"]
    assert shift[1][1] == o.pairs and shift[1][4] == pytest.approx(o.change)

    (group,) = groups
    assert [u.name for u in group.files] == [
        "grafik-corong-modul.png",
        "grafik-aktif-harian.png",
        "grafik-sebaran-survei.png",
    ]
    for chart in group.files:
        assert chart.content.startswith(PNG)
        assert Image.open(BytesIO(chart.content)).size == (1500, 930)
    assert group.files[0].caption == (
        "Alur penyelesaian modul: warga yang mendaftar dalam periode ini"
    )


async def test_a_resident_is_refused_and_cannot_use_report_buttons_or_dates(bot):
    await _demo(bot, 20)
    resident = bot.user(4242, first_name="Budi")
    replies = await resident.send("/laporan")
    assert [r.text for r in replies] == ["Maaf, laporan hanya untuk staf."]
    forged = await resident.press(callbacks.build("ra", "all", "-"), replies[-1].message_id)
    assert forged[0].method == "answerCallbackQuery"
    assert forged[0].text == "Maaf, laporan hanya untuk staf."
    assert not [e for e in forged if e.method in ("sendDocument", "sendMediaGroup", "sendMessage")]
    typed = await resident.send("2026-11-01 2026-11-30")
    assert "Silakan jawab" in typed[0].text
    assert not any("Wilayah mana?" in (e.text or "") for e in typed)


async def test_granted_staff_type_dates_pick_a_kecamatan_and_lose_access_when_revoked(bot):
    await _demo(bot)
    admin = bot.user(ADMIN_ID)
    staff = bot.user(556, first_name="Rina")
    await staff.send("/id")
    await admin.send("/peran tambah 556 staff")
    area = (await staff.send("1/11/2026 - 30/11/2026"))[-1]
    assert "Laporan untuk 1 November 2026 – 30 November 2026. Wilayah mana?" in area.text
    kecamatan = (await staff.tap("Jakarta Utara"))[-1]
    assert "Jakarta Utara. Satu kecamatan saja?" in kecamatan.text
    assert kecamatan.labels[0] == "Seluruh Jakarta Utara" and "Koja" in kecamatan.labels
    events = await staff.tap("Koja")
    texts, documents, groups = _report_parts(events)
    assert "Wilayah: Jakarta Utara · Koja" in texts[0]
    assert "Periode: 1 November 2026 – 30 November 2026" in texts[0]
    assert documents[0].files[0].name == (
        "laporan-warga-tangguh_2026-11-01_2026-11-30_jakut_koja.xlsx"
    )
    book = load_workbook(BytesIO(documents[0].files[0].content))
    assert "Per wilayah" not in book.sheetnames  # one kecamatan has no breakdown
    assert len(groups[0].files) == 3

    again = (await staff.send("/laporan"))[-1]
    await admin.send("/peran cabut 556 staff")
    refused = await staff.tap("30 hari terakhir", again.message_id)
    assert refused[0].text == "Maaf, laporan hanya untuk staf."
    assert not [e for e in refused if e.method == "sendDocument"]


async def test_staff_dates_in_the_command_and_unreadable_dates(bot):
    admin = bot.user(ADMIN_ID)
    direct = (await admin.send("/laporan 2026-11-01 2026-11-30"))[-1]
    assert "Laporan untuk 1 November 2026 – 30 November 2026" in direct.text
    assert "Tanggalnya tidak terbaca" in (await admin.send("/laporan kemarin"))[-1].text
    assert "Tanggalnya tidak terbaca" in (await admin.send("2026-13-01 2026-11-30"))[-1].text
    stale = await admin.press("1:ra:20261301-20261130:-", direct.message_id)
    assert "tidak kami kenali" in stale[0].text
    empty = await admin.tap("Seluruh Jakarta", direct.message_id)
    texts, documents, _ = _report_parts(empty)
    assert "Terdaftar (memberi persetujuan): 0" in texts[0]
    assert "Belum ada warga yang mengisi kedua survei" in "\n".join(texts)
    assert documents  # an empty period still gets its (empty) workbook and charts


async def test_reports_carry_no_names_or_ids_and_show_small_groups_as_under_five(bot):
    town = Town(bot.db)
    rids = []
    for number in range(3):
        rid = await town.resident(
            at=utc(2026, 11, 2),
            region="jakpus",
            name=f"Siti{number}",
            stage="finished",
            finished_at=utc(2026, 11, 20),
        )
        await town.attitude(rid, "pre", 3, 3, at=utc(2026, 11, 2))
        await town.attitude(rid, "post", 4, 2, at=utc(2026, 11, 20))
        await town.active(rid, date(2026, 11, 2))
        rids.append(rid)
    admin = bot.user(ADMIN_ID)
    await admin.send("/laporan 2026-11-01 2026-11-30")
    events = await admin.tap("Seluruh Jakarta")
    texts, documents, _ = _report_parts(events)
    summary = "\n".join(texts)
    assert "Terdaftar (memberi persetujuan): &lt;5" in summary
    assert "Kurang dari 5 warga mengisi kedua survei dalam periode ini." in summary
    book = load_workbook(BytesIO(documents[0].files[0].content))
    cells = [
        str(v)
        for sheet in book
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v is not None
    ]
    assert "<5" in cells
    residents = [await bot.resident(7_000_000 + rid) for rid in rids]
    for secret in [r.first_name for r in residents] + [str(r.telegram_id) for r in residents]:
        assert secret not in summary
        assert not any(secret in cell for cell in cells)


async def test_a_real_resident_can_still_join_a_database_with_demo_data(bot):
    await _demo(bot, 30)
    newcomer = bot.user(8080)
    await newcomer.send("/start")
    await newcomer.tap("Ya, mari mulai")
    resident = await bot.resident(8080)
    assert resident is not None and resident.is_demo is False and resident.id > 30
