"""Benchmark (not a test): time and peak memory of the full staff report on a big database.

    python -m bench.reports                      # 100,000 demo residents, SQLite and PostgreSQL
    python -m bench.reports --residents 20000 --no-postgres
    python -m bench.reports --reuse              # keep the databases of an earlier run

Fills a SQLite file and a PostgreSQL database with `demo-data` (about 1.2 million quiz answers
for 100,000 residents), then builds the all-time, all-Jakarta report in a fresh process: the
service (SQL aggregates), the chat messages, the .xlsx workbook and the three charts. It prints
the wall time of each step, the peak Python heap (tracemalloc, in a second run) and the peak
resident set size of the process (ru_maxrss). Target: under 10 s and under 500 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.clock import SystemClock
from bot.config import PROJECT_ROOT
from bot.curriculum import load_course
from bot.db import migrate
from bot.db.engine import Database
from bot.db.models import QuizAnswer, Resident, SurveyAnswer

TZ = ZoneInfo("Asia/Jakarta")
PG_SERVER = "postgresql+asyncpg://postgres@127.0.0.1:5432"
PG_NAME = "wt_bench_reports"
TARGET_S = 10.0
TARGET_MB = 500.0


async def _counts(db: Database) -> dict[str, int]:
    async with db.transaction() as session:
        return {
            name: await session.scalar(select(func.count()).select_from(model))
            for name, model in (
                ("residents", Resident),
                ("quiz_answers", QuizAnswer),
                ("survey_answers", SurveyAnswer),
            )
        }


async def _ensure_pg_database() -> None:
    import asyncpg

    conn = await asyncpg.connect(
        PG_SERVER.replace("postgresql+asyncpg", "postgresql") + "/postgres"
    )
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", PG_NAME):
            await conn.execute(f'CREATE DATABASE "{PG_NAME}"')
    finally:
        await conn.close()


async def prepare(url: str, residents: int, reuse: bool) -> dict[str, int]:
    """Migrate and fill the database with demo residents (unless --reuse finds them there)."""
    from bot.services.demo import DemoDataService

    if url.startswith("postgresql"):
        await _ensure_pg_database()
    db = Database(url)
    try:
        await migrate.upgrade(db)
        counts = await _counts(db)
        if not (reuse and counts["residents"] == residents):
            started = time.perf_counter()
            await DemoDataService(
                db, load_course(PROJECT_ROOT / "content"), SystemClock(), TZ
            ).generate(residents, replace=True, chunk=5000)
            print(f"  demo data written in {time.perf_counter() - started:.0f} s")
            counts = await _counts(db)
        if not db.sqlite:
            await _vacuum_analyze(db)
        return counts
    finally:
        await db.close()


async def _vacuum_analyze(db: Database) -> None:
    """Fresh planner statistics and visibility map, as autovacuum leaves them soon after a bulk
    load (without them PostgreSQL plans for the nearly empty tables it last looked at)."""
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.exec_driver_sql("VACUUM ANALYZE")


async def _report(url: str) -> dict[str, float]:
    from bot.i18n import Translator
    from bot.presentation.reports import charts, export, summary
    from bot.services.reports import ReportRequest, ReportService
    from bot.services.reports.period import all_time

    timings: dict[str, float] = {}
    db = Database(url)
    try:
        service = ReportService(db, load_course(PROJECT_ROOT / "content"), SystemClock(), TZ)
        start = time.perf_counter()
        report = await service.build(ReportRequest(all_time(service.today())))
        timings["service"] = time.perf_counter() - start
    finally:
        await db.close()
    t = Translator("id")
    step = time.perf_counter()
    summary.messages(t, report)
    export.workbook(t, report)
    timings["messages+xlsx"] = time.perf_counter() - step
    step = time.perf_counter()
    charts.render(t, report)
    timings["charts"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - start
    return timings


def measure(url: str, trace: bool) -> None:
    """Child process: build the report once and print one JSON line."""
    import matplotlib  # noqa: F401 - imported before timing, like a running bot has it
    import openpyxl  # noqa: F401

    if trace:
        tracemalloc.start()
    timings = asyncio.run(_report(url))
    result: dict[str, float] = dict(timings)
    if trace:
        result["heap_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    # ru_maxrss is in kilobytes on Linux.
    result["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _child(url: str, trace: bool) -> dict[str, float]:
    args = [sys.executable, "-m", "bench.reports", "--measure", url]
    if trace:
        args.append("--trace")
    done = subprocess.run(args, capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(name: str, url: str, residents: int, reuse: bool) -> None:
    """Prepare one database and print the report's time and memory on it."""
    print(f"\n== {name}: {url}")
    counts = asyncio.run(prepare(url, residents, reuse))
    print("  " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    timed = _child(url, trace=False)
    traced = _child(url, trace=True)
    steps = " · ".join(f"{k} {timed[k]:.2f} s" for k in ("service", "messages+xlsx", "charts"))
    print(
        f"  full report: {timed['total']:.2f} s = {timed['total'] / TARGET_S:.2f} of the "
        f"{TARGET_S:g} s target ({steps})"
    )
    print(
        f"  peak memory: {timed['rss_peak_mb']:.0f} MB resident (whole process) = "
        f"{timed['rss_peak_mb'] / TARGET_MB:.2f} of the {TARGET_MB:g} MB target, "
        f"{traced['heap_peak_mb']:.0f} MB Python heap (tracemalloc)"
    )


def demo_data_arguments(prog: str, doc: str | None) -> argparse.ArgumentParser:
    """The arguments of a benchmark on demo data (this one and bench.dashboard): how many
    residents, and the PostgreSQL database that holds them."""
    p = argparse.ArgumentParser(
        prog=prog, description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--residents", type=int, default=100_000)
    p.add_argument("--postgres", default=f"{PG_SERVER}/{PG_NAME}")
    return p


def main() -> None:
    """Parse the arguments and run the benchmark."""
    p = demo_data_arguments("python -m bench.reports", __doc__)
    p.add_argument("--sqlite", type=Path, default=PROJECT_ROOT / "data" / "bench-reports.db")
    p.add_argument("--no-postgres", action="store_true")
    p.add_argument("--reuse", action="store_true", help="keep demo data of an earlier run")
    p.add_argument("--measure", help=argparse.SUPPRESS)
    p.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.measure:
        measure(args.measure, args.trace)
        return
    args.sqlite.parent.mkdir(parents=True, exist_ok=True)
    run("SQLite", f"sqlite+aiosqlite:///{args.sqlite}", args.residents, args.reuse)
    if not args.no_postgres:
        run("PostgreSQL", args.postgres, args.residents, args.reuse)


if __name__ == "__main__":
    main()
