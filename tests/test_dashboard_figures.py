"""The dashboard shows the report service's figures for the chosen period and area, withholds
the same small groups in the page, the charts' data and the downloads, and labels demo data."""

from __future__ import annotations

import csv
import io
import threading
import zipfile
from datetime import date, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.db.models import AuditEntry
from bot.i18n import Translator
from bot.presentation.reports import export, fmt
from bot.presentation.reports.tables import Cell
from bot.presentation.reports.tables import tables as report_tables
from bot.services.demo import DemoDataService
from bot.services.reports import Hidden, Period, ReportRequest, Scope
from bot.services.reports.period import all_time, last_days
from tests.dashboard_client import DashboardHarness, cards, chart_data, tables
from tests.report_data import COURSE, Town, utc

HEADLINE = ("registered", "active", "started", "finished", "stopped", "blocked", "total")


@pytest.fixture
async def dash(database_url):
    harness = DashboardHarness(database_url)
    await harness.start()
    await harness.sign_in()
    yield harness
    await harness.close()


@pytest.fixture
async def demo(dash):
    await DemoDataService(dash.bot.db, COURSE, dash.bot.clock, dash.bot.settings.tz).generate(
        300, days=60, seed=5
    )
    return dash


def _report(dash, request: ReportRequest):
    return dash.bot.app.bot_data.services.reports.build(request)


def _number(value) -> float | None:
    return None if value is None or isinstance(value, Hidden) else value


TODAY = date(2026, 11, 30)
CASES = [
    ("period=all", all_time(TODAY), Scope()),
    ("period=7d&area=jakut", last_days(7, TODAY), Scope("jakut")),
    (
        "period=custom&dates=1/11/2026+-+30/11/2026&area=jakut/koja",
        Period(date(2026, 11, 1), date(2026, 11, 30)),
        Scope("jakut", "koja"),
    ),
]


@pytest.mark.parametrize(("query", "period", "scope"), CASES)
async def test_every_figure_is_the_report_services_for_the_same_period_and_area(
    demo, query, period, scope
):
    page = await demo.http.get(f"/dasbor/?{query}")
    assert page.status_code == 200
    report = await _report(demo, ReportRequest(period, scope))
    t = Translator("id")
    assert f"{fmt.period(t, period)} · {fmt.area(t, report)}" in page.text
    shown = cards(page.text)
    assert shown == {key: fmt.count(t, getattr(report.headline, key)) for key in HEADLINE}

    charts = {c["id"]: c for c in chart_data(page.text)["charts"]}
    assert charts["funnel"]["series"][0]["data"] == [_number(s.residents) for s in report.funnel]
    assert charts["daily"]["series"][0]["data"] == [_number(d.active) for d in report.daily]
    assert charts["quiz"]["series"][0]["data"] == [
        None if _number(m.share_correct) is None else round(100 * m.share_correct, 2)
        for m in report.quiz.modules
    ]
    o = report.shift.overall
    assert charts["shift"]["series"][1]["data"][0] == _number(o.after)
    assert charts["shift-change"]["series"][0]["data"][0] == (
        None if _number(o.ci_low) is None else [o.ci_low, o.ci_high]
    )
    assert ("areas" in charts) == bool(report.areas)
    n = report.nudges
    assert charts["nudges"]["series"][0]["data"] == [
        _number(v) for v in (n.sent, n.followed, n.blocked, n.failed)
    ]

    page_tables = tables(page.text)
    for table in report_tables(t, report):
        if table.key == "catatan":
            continue
        rows = page_tables[table.key]
        assert rows[0] == table.headers
        body = rows[1:] if table.rows else []
        assert len(body) == len(table.rows), table.key
        for row, cells in zip(table.rows, body, strict=True):
            for value, kind, text in zip(row, table.kinds, cells, strict=True):
                if kind == "int" and not isinstance(value, Cell):
                    assert text == fmt.count(t, value), (table.key, row)


async def test_small_groups_are_withheld_in_the_page_the_charts_and_the_downloads(dash):
    town = Town(dash.bot.db)
    for i in range(3):  # three residents in Koja: fewer than five
        rid = await town.resident(at=utc(2026, 11, 10 + i), region="jakut", district="koja")
        await town.module(rid, 1, utc(2026, 11, 11), utc(2026, 11, 12))
        await town.quiz(rid, COURSE.modules[0].questions[0].id, True, utc(2026, 11, 12))
    query = "period=all&area=jakut/koja"
    page = await dash.http.get(f"/dasbor/?{query}")
    withheld = fmt.count(Translator("id"), Hidden(5))
    shown = cards(page.text)
    assert shown["registered"] == withheld and shown["started"] == withheld
    assert "3" not in shown.values()
    summary = dict(row[:2] for row in tables(page.text)["ringkasan"][1:])
    assert summary["Terdaftar (memberi persetujuan)"] == withheld
    funnel = next(c for c in chart_data(page.text)["charts"] if c["id"] == "funnel")
    series = funnel["series"][0]
    assert series["data"][0] is None and series["shown"][0] == withheld
    assert withheld in [row[2] for row in tables(page.text)["corong_modul"][1:]]

    book = load_workbook(
        BytesIO((await dash.http.get(f"/dasbor/unduh/laporan.xlsx?{query}")).content)
    )
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True)}
    assert summary["Terdaftar (memberi persetujuan)"] == withheld
    archive = zipfile.ZipFile(
        BytesIO((await dash.http.get(f"/dasbor/unduh/laporan-csv.zip?{query}")).content)
    )
    rows = list(csv.reader(io.StringIO(archive.read("ringkasan.csv").decode("utf-8-sig"))))
    assert ["Terdaftar (memberi persetujuan)", withheld] in rows
    assert all(cell != "3" for row in rows[1:12] for cell in row[1:])


async def test_downloads_are_the_files_laporan_sends_and_are_audited(demo):
    query = "period=30d&area=jakut"
    xlsx = await demo.http.get(f"/dasbor/unduh/laporan.xlsx?{query}")
    assert xlsx.status_code == 200
    assert xlsx.headers["content-disposition"] == (
        'attachment; filename="laporan-warga-tangguh_2026-11-01_2026-11-30_jakut.xlsx"'
    )
    t = Translator("id")
    report = await _report(demo, ReportRequest(last_days(30, TODAY), Scope("jakut")))
    mine, theirs = (
        load_workbook(BytesIO(xlsx.content)),
        load_workbook(BytesIO(export.workbook(t, report))),
    )
    assert mine.sheetnames == theirs.sheetnames
    for name in theirs.sheetnames:
        assert list(mine[name].values) == list(theirs[name].values), name

    archive = zipfile.ZipFile(
        BytesIO((await demo.http.get(f"/dasbor/unduh/laporan-csv.zip?{query}")).content)
    )
    expected = report_tables(t, report)
    assert archive.namelist() == [f"{table.key}.csv" for table in expected]
    for table in expected:
        assert archive.read(f"{table.key}.csv") == export.csv_bytes(table)
    one = await demo.http.get(f"/dasbor/unduh/corong_modul.csv?{query}")
    assert one.content == export.csv_bytes(expected[1])
    assert one.headers["content-type"].startswith("text/csv")
    assert (await demo.http.get(f"/dasbor/unduh/nope.csv?{query}")).status_code == 404

    async with demo.bot.db.transaction() as session:
        audited = list(
            await session.scalars(
                select(AuditEntry.details)
                .where(AuditEntry.action == "dashboard_download")
                .order_by(AuditEntry.id)
            )
        )
    assert [entry["file"] for entry in audited] == [
        "laporan-warga-tangguh_2026-11-01_2026-11-30_jakut.xlsx",
        "laporan-warga-tangguh_2026-11-01_2026-11-30_jakut_csv.zip",
        "laporan-warga-tangguh_2026-11-01_2026-11-30_jakut_corong_modul.csv",
    ]
    assert audited[0]["area"] == "jakut"


async def test_demo_data_is_labelled_on_the_page_its_charts_and_its_files(demo):
    page = await demo.http.get("/dasbor/?period=all")
    assert 'class="demo"' in page.text and "DATA DEMO" in page.text
    assert "DATA DEMO" in chart_data(page.text)["subtitle"]
    summary = dict((row[0], row[1]) for row in tables(page.text)["ringkasan"][1:])
    assert summary["Data"].startswith("demo")
    english = await demo.http.get("/dasbor/?period=all&lang=en")
    assert '<html lang="en">' in english.text and "DEMO DATA" in english.text
    assert "Registered" in english.text and "Download PNG" in english.text


async def test_unreadable_dates_and_unknown_areas_get_a_clear_note_and_a_page(demo):
    page = await demo.http.get("/dasbor/?period=custom&dates=kemarin+sore&area=atlantis")
    assert page.status_code == 200
    assert "Tanggal itu tidak terbaca" in page.text
    assert "Wilayah itu tidak ada di daftar" in page.text
    assert 'value="kemarin sore"' in page.text and "30 hari terakhir" in page.text


async def test_reports_are_built_off_the_bots_event_loop(demo, monkeypatch):
    service = demo.worker.reports
    threads = []
    original = service.build

    async def recording(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return await original(*args, **kwargs)

    monkeypatch.setattr(service, "build", recording)
    await demo.http.get("/dasbor/?period=7d")
    await demo.http.get("/dasbor/unduh/laporan.xlsx?period=30d")
    assert threads == ["dashboard-reports", "dashboard-reports"]
    # Within the minute, the same period and area reuse the report the page showed.
    await demo.http.get("/dasbor/unduh/laporan.xlsx?period=7d")
    assert len(threads) == 2
    demo.bot.clock.advance(timedelta(minutes=1))
    await demo.http.get("/dasbor/unduh/laporan.xlsx?period=7d")
    assert len(threads) == 3
    assert threading.current_thread().name != "dashboard-reports"
