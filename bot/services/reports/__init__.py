"""Staff reports: participation and paradigm-shift figures as plain, privacy-safe data.

`service.ReportService` runs the SQL aggregates (`queries`) and assembles a `model.Report`
(`assemble`, `stats`, `privacy`); `summary`, `export` and `charts` render it for the bot and the
CLI. Nothing here imports `telegram`.
"""

from bot.services.reports.model import (
    Hidden,
    Period,
    Report,
    ReportRequest,
    Scope,
    Withheld,
)
from bot.services.reports.service import ReportService, UnknownArea

__all__ = ["Hidden", "Period", "Report", "ReportRequest", "ReportService", "Scope",
           "UnknownArea", "Withheld"]
