"""Benchmark (not a test): the staff dashboard's page data for every resident, all time.

    python -m bench.dashboard                    # 100,000 demo residents on PostgreSQL
    python -m bench.dashboard --residents 5000

Reuses the PostgreSQL database of `bench.reports` when it holds that many residents (else fills
it with demo-data), then times what one page view costs the server: the report (SQL aggregates
and suppression) and the page built from it (tables, chart data, template), through the
dashboard's own report worker, with nothing reused from an earlier view. PostgreSQL's caches
are warm after the first run (the tables fit in shared buffers and the OS cache); every run
builds its report from SQL anew. Prints the best and the median of a few runs and the machine's
load average (other work on the machine slows it). Target: < 2 s.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from datetime import timedelta

from bench.reports import TZ, demo_data_arguments, prepare
from bot.clock import SystemClock
from bot.config import PROJECT_ROOT, Settings
from bot.curriculum import load_course
from bot.dashboard import filters
from bot.dashboard.routes import HERE, PREFIX
from bot.dashboard.worker import ReportWorker
from bot.i18n import Translator

TARGET_S = 2.0


async def _page_times(url: str, runs: int) -> list[float]:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    settings = Settings(_env_file=None, database_url=url)
    course = load_course(PROJECT_ROOT / "content")
    worker = ReportWorker(settings, course, SystemClock(), reuse_for=timedelta(0))
    templates = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"])
    )
    t = Translator("id", TZ)
    chosen = filters.parse(t, course, {"period": "all"}, worker.reports.today())
    times = []
    try:
        for _ in range(runs):
            start = time.perf_counter()
            _report, page = await worker.page(chosen.request, "id")
            templates.get_template("page.html").render(
                _=t._,
                n_=t.n_,
                lang="id",
                base=PREFIX,
                page=page,
                filters=chosen,
                areas=filters.area_groups(t, course),
                csrf="x",
            )
            times.append(time.perf_counter() - start)
    finally:
        await worker.close()
    return times


def main() -> None:
    """Prepare the database, time the page, print one line."""
    p = demo_data_arguments("python -m bench.dashboard", __doc__)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    counts = asyncio.run(prepare(args.postgres, args.residents, reuse=True))
    times = asyncio.run(_page_times(args.postgres, args.runs))
    best, median = min(times), statistics.median(times)
    print(
        f"  PostgreSQL, {counts['residents']:,} residents, all time, all of Jakarta: "
        f"dashboard page data best {best:.2f} s, median {median:.2f} s "
        f"(target < {TARGET_S:.0f} s: {median / TARGET_S:.0%} of it; "
        f"{len(times)} runs, load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
