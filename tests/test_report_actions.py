"""Staff reports: survey pairs within one version, and the action follow-ups beside the
checklist, through the report's suppression."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from bot.services.reports import Hidden, Period, ReportRequest, ReportService, Withheld
from tests.harness import ADMIN_ID
from tests.report_data import COURSE, Town, utc

NOVEMBER = ReportRequest(Period(date(2026, 11, 1), date(2026, 11, 30)))


@pytest.fixture
def town(bot) -> Town:
    return Town(bot.db)


@pytest.fixture
def service(bot) -> ReportService:
    return bot.app.bot_data.services.reports


async def test_pairs_are_made_within_one_survey_version_and_the_report_says_which(town, service):
    old = COURSE.instrument("survey", 1)
    for _ in range(6):  # version 1, before and after: kept, but not in a version-2 report
        rid = await town.resident(at=utc(2026, 11, 2))
        for phase in ("pre", "post"):
            await town.answers(
                rid,
                phase,
                {i.id: 5 for i in old.items},
                at=utc(2026, 11, 3 if phase == "pre" else 20),
                version=1,
            )
    for _ in range(5):  # version 1 before, version 2 after: no pair at all
        rid = await town.resident(at=utc(2026, 11, 2))
        await town.answers(rid, "pre", {i.id: 5 for i in old.items}, at=utc(2026, 11, 3), version=1)
        await town.attitude(rid, "post", 4, 2, at=utc(2026, 11, 20))
    for _ in range(5):  # version 2 both times
        rid = await town.resident(at=utc(2026, 11, 2))
        await town.attitude(rid, "pre", 3, 3, at=utc(2026, 11, 3))
        await town.attitude(rid, "post", 4, 2, at=utc(2026, 11, 20))
    report = await service.build(NOVEMBER)
    assert report.shift.overall.pairs == 5
    assert report.shift.overall.before == pytest.approx(3.0)
    assert report.survey_version == 2 and report.checklist_version == 2


async def test_each_action_shows_the_share_who_did_it_and_small_groups_stay_hidden(town, service):
    answers = ["done"] * 6 + ["not_yet"] * 2 + ["not_relevant"] * 2 + [None] * 5
    for answer in answers:  # module 2: 15 asked, 10 answered
        rid = await town.resident(at=utc(2026, 11, 2))
        await town.followup(rid, 2, asked=utc(2026, 11, 6), answer=answer)
    for answer in ("done", "done", "not_yet"):  # module 3: only three residents asked
        rid = await town.resident(at=utc(2026, 11, 2))
        await town.followup(rid, 3, asked=utc(2026, 11, 7), answer=answer)
    late = await town.resident(at=utc(2026, 11, 2))  # asked after the period: not counted
    await town.followup(late, 2, asked=utc(2026, 12, 2), answer="done")
    report = await service.build(NOVEMBER)
    rows = {row.module_number: row for row in report.actions.rows}
    two = rows[2]
    assert (two.asked, two.answered, two.done, two.not_yet, two.not_relevant) == (
        15,
        10,
        6,
        Hidden(5),
        Hidden(5),
    )  # two small answers withhold each other
    assert two.share_done == Withheld(5)  # its numerator's partner is withheld
    three = rows[3]
    assert three.asked == Hidden(5) and three.done == Hidden(5) and three.share_done == Withheld(5)
    assert rows[1].asked == 0 and rows[1].share_done is None


async def test_the_share_done_leaves_not_relevant_out(town, service):
    for answer in ["done"] * 9 + ["not_yet"] * 6 + ["not_relevant"] * 5:
        rid = await town.resident(at=utc(2026, 11, 2))
        await town.followup(rid, 9, asked=utc(2026, 11, 10), answer=answer)
    row = next(r for r in (await service.build(NOVEMBER)).actions.rows if r.module_number == 9)
    assert (row.asked, row.answered, row.done, row.not_yet, row.not_relevant) == (20, 20, 9, 6, 5)
    assert row.share_done == pytest.approx(9 / 15)


async def test_staff_see_actions_and_versions_in_the_report_and_the_workbook(bot, town):
    for answer in ["done"] * 9 + ["not_yet"] * 6 + ["not_relevant"] * 5:
        rid = await town.resident(at=utc(2026, 11, 2))
        await town.followup(rid, 9, asked=utc(2026, 11, 10), answer=answer)
    admin = bot.user(ADMIN_ID)
    await admin.send("/laporan 2026-11-01 2026-11-30")
    events = await admin.tap("Seluruh Jakarta")
    summary = "\n".join(e.text for e in events if e.method == "sendMessage")
    assert "🎯 <b>Tindak lanjut aksi</b>" in summary
    assert (
        "• Modul 9: 60% sudah · Sudah 9, Belum 6, Tidak relevan 5 · dijawab 20 dari 20" in summary
    )
    assert "Survei versi 2: jawaban versi lain tidak pernah dipasangkan." in summary
    document = next(e for e in events if e.method == "sendDocument")
    book = load_workbook(BytesIO(document.files[0].content))
    sheet = book["Tindak lanjut aksi"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Modul", "Pertanyaan tindak lanjut", "Ditanyakan")
    nine = next(r for r in rows[1:] if r[0] == 9)
    assert nine[1] == COURSE.modules[8].action.followup.id
    assert nine[2:] == (20, 20, 9, 6, 5, pytest.approx(0.6))
