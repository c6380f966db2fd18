"""`python -m bot demo-data` and `python -m bot report`, as people who run the server use them."""

from __future__ import annotations

import asyncio
import csv

import pytest
from openpyxl import load_workbook

from bot.__main__ import main
from bot.db.engine import Database
from bot.db.models import Resident
from tests.report_data import Town, utc


@pytest.fixture
def cli(database_url, tmp_path, monkeypatch):
    """Run `python -m bot …` against the test database, in an empty working directory."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> int:
        return main(list(args))

    return run


def _count(url: str, *where) -> int:
    async def go() -> int:
        from sqlalchemy import func, select

        db = Database(url)
        try:
            async with db.transaction() as session:
                return await session.scalar(
                    select(func.count()).select_from(Resident).where(*where)
                )
        finally:
            await db.close()

    return asyncio.run(go())


def test_demo_data_then_a_report_for_one_kota_as_a_workbook_and_charts(
    cli, database_url, tmp_path, capsys
):
    assert cli("demo-data", "--residents", "400", "--days", "45") == 0
    assert "residents: 400" in capsys.readouterr().out
    assert _count(database_url, Resident.is_demo.is_(True)) == 400
    code = cli("report", "--kota", "Jakarta Utara", "--out", "laporan.xlsx")
    out = capsys.readouterr().out
    assert code == 0
    assert "Laporan Warga Tangguh" in out and "Wilayah: Jakarta Utara" in out
    assert "&lt;" not in out and "<b>" not in out  # terminal text, not HTML
    book = load_workbook(tmp_path / "laporan.xlsx")
    assert book.sheetnames[0] == "Ringkasan" and "Per wilayah" in book.sheetnames
    area = [row for row in book["Per wilayah"].iter_rows(values_only=True)]
    assert area[0][0] == "Kecamatan" and "Koja" in [row[0] for row in area]
    for name in ("corong-modul", "aktif-harian", "sebaran-survei"):
        assert (tmp_path / f"laporan-grafik-{name}.png").read_bytes().startswith(b"\x89PNG")


def test_report_as_a_folder_of_csv_files_for_given_dates(cli, tmp_path, capsys):
    assert cli("demo-data", "--residents", "150") == 0
    code = cli(
        "report",
        "--since",
        "2026-01-01",
        "--until",
        "2030-12-31",
        "--format",
        "csv",
        "--out",
        "tabel",
        "--no-charts",
        "--quiet",
    )
    assert code == 0
    files = sorted(p.name for p in (tmp_path / "tabel").iterdir())
    assert "ringkasan.csv" in files and "corong_modul.csv" in files and len(files) == 12
    with (tmp_path / "tabel" / "corong_modul.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Tahap", "Modul", "Warga", "Persentase dari terdaftar"]
    assert rows[1][:3] == ["Terdaftar", "", "150"]
    assert "Laporan" not in capsys.readouterr().out


def test_demo_data_refuses_real_residents_and_names_the_database_to_use(
    cli, database_url, tmp_path, capsys
):
    asyncio.run(_one_real(database_url))
    assert cli("demo-data", "--residents", "50") == 2
    err = capsys.readouterr().err
    assert "refused, the database holds 1 real resident." in err
    way_forward = "python -m bot demo-data --database data/demo.db --residents 50"
    assert way_forward in err and "python -m bot console --database data/demo.db" in err
    assert _count(database_url) == 1
    # The command it names works, and the real residents' database is left as it was.
    assert cli(*way_forward.split()[3:]) == 0
    assert _count(f"sqlite+aiosqlite:///{tmp_path / 'data' / 'demo.db'}") == 50
    assert _count(database_url) == 1
    capsys.readouterr()
    assert cli("report", "--database", "data/demo.db", "--no-charts", "--days", "365") == 0
    assert "Laporan Warga Tangguh" in capsys.readouterr().out


async def _one_real(url: str) -> None:
    db = Database(url)
    try:
        await Town(db).resident(at=utc(2026, 11, 1))
    finally:
        await db.close()


def test_demo_data_twice_needs_replace_and_then_starts_over(cli, database_url, capsys):
    assert cli("demo-data", "--residents", "60") == 0
    assert cli("demo-data", "--residents", "30") == 2
    assert "--replace" in capsys.readouterr().err
    assert cli("demo-data", "--residents", "30", "--replace") == 0
    assert _count(database_url) == 30


def test_report_names_unknown_areas_and_bad_dates(cli, capsys):
    assert cli("report", "--kota", "Bekasi") == 2
    assert "unknown kota 'Bekasi'" in capsys.readouterr().err
    assert cli("report", "--kota", "jakut", "--kecamatan", "Gambir") == 2
    assert "Penjaringan" in capsys.readouterr().err
    assert cli("report", "--since", "2026-12-01", "--until", "2026-11-01") == 2
    assert cli("report", "--since", "kemarin") == 2
