"""File names for a report's downloads, the same from /laporan and the dashboard."""

from __future__ import annotations

from bot.services.reports.model import Report


def file_name(report: Report, suffix: str = ".xlsx") -> str:
    """laporan-warga-tangguh_2026-11-01_2026-11-30_jakut.xlsx (`awal` when from the start)."""
    since = report.period.since.isoformat() if report.period.since else "awal"
    parts = ["laporan-warga-tangguh", since, report.period.until.isoformat()]
    parts += [p for p in (report.scope.region, report.scope.district) if p]
    return "_".join(parts) + suffix
