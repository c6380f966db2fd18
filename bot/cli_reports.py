"""`python -m bot report` and `python -m bot demo-data`: call the services, write what they return.

`__main__` parses the arguments; this module opens the database, runs the service and renders
its result as files and terminal text.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.config import Settings
from bot.curriculum import load_course
from bot.db.engine import Database
from bot.i18n import Translator

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class ReportOptions:
    """What `python -m bot report` was asked for."""

    since: str | None = None
    until: str | None = None
    days: int | None = None
    kota: str | None = None
    kecamatan: str | None = None
    out: Path | None = None
    format: str = "xlsx"
    lang: str = "id"
    min_group: int | None = None
    charts: bool = True
    quiet: bool = False


def plain(text: str) -> str:
    """Telegram HTML as terminal text."""
    return html.unescape(_TAG.sub("", text))


def _day(text: str, today: date) -> date:
    from bot.services.reports.period import parse_dates

    period = parse_dates(text, today)
    if period is None or period.since != period.until:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD)")
    return period.until


def _period(options: ReportOptions, today: date):
    from bot.services.reports import Period
    from bot.services.reports.period import all_time, last_days

    if options.days:
        return last_days(options.days, today)
    if not options.since and not options.until:
        return all_time(today)
    until = _day(options.until, today) if options.until else today
    since = _day(options.since, today) if options.since else None
    if since is not None and since > until:
        raise ValueError("--since is after --until")
    return Period(since, until)


async def _build_report(settings: Settings, options: ReportOptions):
    from bot.clock import SystemClock
    from bot.services.reports import ReportRequest, ReportService

    db = Database(settings.database_url)
    try:
        service = ReportService(
            db,
            load_course(settings.content_dir),
            SystemClock(),
            settings.tz,
            settings.report_min_group,
        )
        scope = service.find_scope(options.kota, options.kecamatan)
        request = ReportRequest(_period(options, service.today()), scope)
        return await service.build(request, options.min_group)
    finally:
        await db.close()


def run_report(settings: Settings, options: ReportOptions) -> int:
    """Build the report and write the workbook (or CSV folder) and the charts."""
    from bot.presentation.reports import charts, export, summary
    from bot.services.reports import UnknownArea

    try:
        report = asyncio.run(_build_report(settings, options))
    except (UnknownArea, ValueError) as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 2
    t = Translator(options.lang, settings.tz)
    if not options.quiet:
        print("\n\n".join(plain(m) for m in summary.messages(t, report)))
        print()
    written: list[Path] = []
    if options.format == "csv":
        folder = options.out or Path("laporan")
        written += export.write_csv(t, report, folder)
        chart_dir, prefix = folder, ""
    else:
        out = options.out or Path("laporan.xlsx")
        out = out if out.suffix else out.with_suffix(".xlsx")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(export.workbook(t, report))
        written.append(out)
        chart_dir, prefix = out.parent, f"{out.stem}-"
    if options.charts:
        for chart in charts.render(t, report):
            path = chart_dir / f"{prefix}{chart.name}"
            path.write_bytes(chart.png)
            written.append(path)
    for path in written:
        print(f"wrote {path}")
    return 0


async def _demo(settings: Settings, residents: int, days: int, seed: int, replace: bool):
    from bot.clock import SystemClock
    from bot.db import migrate
    from bot.services.demo import DemoDataService

    db = Database(settings.database_url)
    try:
        if settings.migrate_on_start:
            await migrate.upgrade(db)
        service = DemoDataService(db, load_course(settings.content_dir), SystemClock(), settings.tz)
        return await service.generate(residents, days=days, seed=seed, replace=replace)
    finally:
        await db.close()


def refusal(reason: str, residents: int) -> str:
    """Why demo data was refused, and the commands that put it in a database of its own."""
    return (
        f"demo-data: refused, {reason}. Demo data never mixes with real residents: put it\n"
        "in a database of its own, then chat with the bot on that database:\n\n"
        f"  python -m bot demo-data --database data/demo.db --residents {residents}\n"
        "  ADMIN_IDS=1001 python -m bot console --database data/demo.db\n\n"
        "(--database works with every command; or set DATABASE_URL=sqlite:///data/demo.db,\n"
        "or a PostgreSQL URL.)"
    )


def run_demo_data(settings: Settings, residents: int, days: int, seed: int, replace: bool) -> int:
    """Fill the database with demo residents; refuse when it holds real ones."""
    from bot.services.demo import DemoPresent, RealResidentsPresent, summary_lines

    try:
        result = asyncio.run(_demo(settings, residents, days, seed, replace))
    except RealResidentsPresent as exc:
        print(refusal(str(exc), residents), file=sys.stderr)
        return 2
    except DemoPresent as exc:
        print(f"demo-data: {exc}; add --replace to start over.", file=sys.stderr)
        return 2
    print("demo data written (residents are marked is_demo):")
    for line in summary_lines(result):
        print(f"  {line}")
    print(f"in {result.seconds:.1f} s")
    return 0
