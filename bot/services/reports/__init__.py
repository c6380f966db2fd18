"""Staff reports: participation and paradigm-shift figures as plain, privacy-safe data.

`service.ReportService` runs the SQL aggregates (`people`, `learning`, `outreach`, `pairs`,
`actions`, over a `window`) and assembles a `model.Report` (`assemble`, `before_after`, `quiz`,
`stats`, `privacy`); `bot.presentation.reports` renders it for the bot, the dashboard and the
CLI. Nothing here imports `telegram` or presentation.
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

__all__ = [
    "Hidden",
    "Period",
    "Report",
    "ReportRequest",
    "ReportService",
    "Scope",
    "UnknownArea",
    "Withheld",
]
