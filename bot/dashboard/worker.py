"""Reports for the dashboard run in their own thread, event loop and connection pool.

The bot's event loop answers residents; a dashboard page (SQL aggregates over every resident,
then suppression, tables and the workbook) must never hold it. So the dashboard hands its work
to one thread with its own loop and its own small pool: no connection a resident's update needs
is ever taken by a report, and the CPU work never runs on the bot's loop.
"""

from __future__ import annotations

import asyncio
import io
import threading
import zipfile
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any, TypeVar

from bot.clock import Clock
from bot.config import Settings
from bot.curriculum import Course
from bot.dashboard import view
from bot.db.engine import Database
from bot.i18n import Translator
from bot.presentation.reports.naming import file_name
from bot.services.reports import Report, ReportRequest, ReportService

T = TypeVar("T")
# A report is reused this long for the same period and area: the workbook downloaded after
# looking at the page holds the page's figures, and going back to a filter is instant.
REUSE_FOR = timedelta(seconds=60)
REUSE_MAX = 32


class ReportWorker:
    """Builds dashboard pages and files off the caller's event loop."""

    def __init__(
        self, settings: Settings, course: Course, clock: Clock, reuse_for: timedelta = REUSE_FOR
    ) -> None:
        self.settings = settings
        self.reuse_for = reuse_for
        self.course = course
        self.clock = clock
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._db: Database | None = None
        self._service: ReportService | None = None
        self._lock = threading.Lock()
        self._recent: dict[ReportRequest, Report] = {}  # touched on the worker's loop only

    @property
    def reports(self) -> ReportService:
        """The report service of the worker's own pool (for `today()` and area names)."""
        return self._start()[1]

    @property
    def running(self) -> bool:
        """Whether the worker's thread is up (it starts with the first page)."""
        return self._thread is not None and self._thread.is_alive()

    def _start(self) -> tuple[asyncio.AbstractEventLoop, ReportService]:
        """The worker's loop and report service, started on first use."""
        with self._lock:
            if self._loop is None or self._service is None:
                loop = self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(
                    target=loop.run_forever, name="dashboard-reports", daemon=True
                )
                self._thread.start()
                db = self._db = Database(self.settings.database_url)
                self._service = ReportService(
                    db, self.course, self.clock, self.settings.tz, self.settings.report_min_group
                )
            return self._loop, self._service

    async def _run(self, work: Callable[[], Coroutine[Any, Any, T]]) -> T:
        loop, _ = self._start()
        future = asyncio.run_coroutine_threadsafe(work(), loop)
        return await asyncio.wrap_future(future)

    async def _report(self, request: ReportRequest) -> Report:
        """The report for a request, reused when one was built in the last minute."""
        now = self.clock.now()
        report = self._recent.get(request)
        if report is not None and now - report.generated_at < self.reuse_for:
            return report
        report = await self._start()[1].build(request)
        self._recent = {
            r: x
            for r, x in self._recent.items()
            if now - x.generated_at < self.reuse_for and r != request
        }
        if len(self._recent) < REUSE_MAX:
            self._recent[request] = report
        return report

    async def page(self, request: ReportRequest, locale: str) -> tuple[Report, view.Page]:
        """The report and its page."""

        async def work():
            report = await self._report(request)
            return report, view.build(self._t(locale), report)

        return await self._run(work)

    async def workbook(self, request: ReportRequest, locale: str) -> tuple[str, bytes]:
        """The .xlsx file /laporan sends, with its name."""
        from bot.presentation.reports import export

        async def work():
            report = await self._report(request)
            return file_name(report), export.workbook(self._t(locale), report)

        return await self._run(work)

    async def csv(
        self, request: ReportRequest, locale: str, key: str | None = None
    ) -> tuple[str, bytes] | None:
        """One table as CSV (`key`), or every table zipped: what `report --format csv` writes.

        None when `key` names no table."""
        from bot.presentation.reports import export
        from bot.presentation.reports.tables import tables as report_tables

        async def work():
            report = await self._report(request)
            tables = {table.key: table for table in report_tables(self._t(locale), report)}
            if key is not None:
                if key not in tables:
                    return None
                return file_name(report, f"_{key}.csv"), export.csv_bytes(tables[key])
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, table in tables.items():
                    archive.writestr(f"{name}.csv", export.csv_bytes(table))
            return file_name(report, "_csv.zip"), buffer.getvalue()

        return await self._run(work)

    def _t(self, locale: str) -> Translator:
        return Translator(locale, self.settings.tz)

    async def close(self) -> None:
        """Close the pool and stop the thread."""
        with self._lock:
            loop, thread, db = self._loop, self._thread, self._db
            self._loop = self._thread = self._db = None
        if loop is None or thread is None or db is None:
            return
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(db.close(), loop))
        loop.call_soon_threadsafe(loop.stop)
        await asyncio.to_thread(thread.join)
        loop.close()
