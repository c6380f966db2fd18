"""Command line: run, console, migrate, content check, report, demo-data, dashboard.

Parses arguments only."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

from bot.config import get_settings


def _run(args: argparse.Namespace) -> int:
    from bot.app import build_application

    settings = get_settings()
    if not settings.token:
        print("TELEGRAM_BOT_TOKEN is not set: starting the console chat instead.\n")
        return _console(args)
    app = build_application(settings)
    if getattr(args, "webhook", False) or settings.webhook_url:
        if not settings.webhook_url or not settings.webhook_secret:
            print("Webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET.", file=sys.stderr)
            return 2
        from bot.webhook import run_webhook

        run_webhook(app, settings)
        return 0
    # Telegram unreachable at start: keep retrying (PTB backs off between tries).
    app.run_polling(
        allowed_updates=["message", "callback_query", "my_chat_member"], bootstrap_retries=-1
    )
    return 0


def _console(args: argparse.Namespace) -> int:
    from bot.console import log_to_file, run_console

    settings = get_settings()
    log = log_to_file(level=settings.log_level)
    print(f"Logs go to {log}.")
    try:
        asyncio.run(
            run_console(
                settings,
                getattr(args, "lang", None) or "id",
                getattr(args, "user_id", None) or 1001,
            )
        )
    except KeyboardInterrupt:
        print("\nConsole closed (Ctrl-C).")
        return 130
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from bot.db import migrate
    from bot.db.engine import Database

    async def go() -> str | None:
        db = Database(get_settings().database_url)
        try:
            if args.downgrade:
                await migrate.downgrade(db, args.downgrade)
            else:
                await migrate.upgrade(db, args.revision)
            return await migrate.current_revision(db)
        finally:
            await db.close()

    print(f"database at revision {asyncio.run(go())}")
    return 0


def _content(args: argparse.Namespace) -> int:
    from bot.curriculum import ContentError, load_course
    from bot.curriculum.quizstats import quiz_stats
    from bot.curriculum.summary import render

    settings = get_settings()
    try:
        course = load_course(settings.content_dir)
    except ContentError as exc:
        print(f"content is invalid ({len(exc.problems)} problems):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(render(course), flush=True)
    for warning in quiz_stats(course).warnings():  # a warning, not an error: tests hold the line
        print(f"warning: {warning}", file=sys.stderr)
    print("content is valid")
    return 0


def _report(args: argparse.Namespace) -> int:
    from bot.cli_reports import ReportOptions, run_report

    options = ReportOptions(
        since=args.since,
        until=args.until,
        days=args.days,
        kota=args.kota,
        kecamatan=args.kecamatan,
        out=args.out,
        format=args.format,
        lang=args.lang,
        min_group=args.min_group,
        charts=not args.no_charts,
        quiet=args.quiet,
    )
    return run_report(get_settings(), options)


def _demo_data(args: argparse.Namespace) -> int:
    from bot.cli_reports import run_demo_data

    return run_demo_data(get_settings(), args.residents, args.days, args.seed, args.replace)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _report_parser(sub) -> None:
    report = sub.add_parser("report", help="staff report: summary, .xlsx (or CSV) and charts")
    period = report.add_argument_group("period (Jakarta dates, inclusive; default: all time)")
    period.add_argument("--since", metavar="YYYY-MM-DD", help="first day")
    period.add_argument("--until", metavar="YYYY-MM-DD", help="last day (default: today)")
    period.add_argument("--days", type=_positive, metavar="N", help="the last N days instead")
    report.add_argument("--kota", help='kota administrasi, by name or id ("Jakarta Utara", jakut)')
    report.add_argument("--kecamatan", help="one kecamatan of that kota, by name or id")
    report.add_argument(
        "--out",
        type=Path,
        help="the .xlsx file (laporan.xlsx) or, with --format csv, the folder (laporan/)",
    )
    report.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    report.add_argument(
        "--lang",
        choices=["id", "en"],
        default="id",
        help="language of the labels (default Indonesian)",
    )
    report.add_argument(
        "--min-group",
        type=_positive,
        metavar="K",
        help="show groups smaller than K residents as <K (default REPORT_MIN_GROUP, 5)",
    )
    report.add_argument("--no-charts", action="store_true", help="skip the PNG charts")
    report.add_argument("--quiet", action="store_true", help="do not print the summary")
    report.set_defaults(func=_report)
    demo = sub.add_parser("demo-data", help="fill an empty database with synthetic residents")
    demo.add_argument("--residents", type=_positive, default=5000)
    demo.add_argument(
        "--days", type=_positive, default=120, help="residents joined over this many days up to now"
    )
    demo.add_argument("--seed", type=int, default=1, help="the same seed makes the same data")
    demo.add_argument("--replace", action="store_true", help="delete earlier demo data first")
    demo.set_defaults(func=_demo_data)


def _dashboard(args: argparse.Namespace) -> int:
    settings = get_settings()
    if not settings.dashboard_enabled:
        print(
            "The dashboard needs DASHBOARD_URL and DASHBOARD_SECRET (32+ characters).",
            file=sys.stderr,
        )
        return 2
    from bot.dashboard.serve import run

    return run(settings)


def _doctor(args: argparse.Namespace) -> int:
    from bot.doctor import diagnose

    checks = asyncio.run(diagnose(get_settings()))
    for check in checks:
        print(check.line())
    broken = [c for c in checks if not c.ok]
    print("all good" if not broken else f"{len(broken)} problem(s) to fix")
    return 0 if not broken else 1


def database_url(value: str) -> str:
    """`--database`: a URL as it is, or a path to a SQLite file (its folder is created)."""
    if "://" in value:
        return value
    Path(value).parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite+aiosqlite:///{value}"


def parser() -> argparse.ArgumentParser:
    """The `python -m bot` argument parser."""
    p = argparse.ArgumentParser(prog="python -m bot", description="Warga Tangguh Telegram bot")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the bot (console chat when no token is set)")
    run.add_argument(
        "--webhook", action="store_true", help="serve Telegram's webhook instead of long polling"
    )
    run.set_defaults(func=_run)
    console = sub.add_parser("console", help="chat with the bot in this terminal, no Telegram")
    console.add_argument(
        "--lang",
        choices=["id", "en"],
        default="id",
        help="the Telegram language of the simulated resident",
    )
    console.add_argument("--user-id", type=int, default=1001, help="simulated Telegram user id")
    console.set_defaults(func=_console)
    mig = sub.add_parser("migrate", help="apply database migrations")
    mig.add_argument("--revision", default="head")
    mig.add_argument("--downgrade", metavar="REVISION", help="go down to REVISION (or 'base')")
    mig.set_defaults(func=_migrate)
    sub.add_parser(
        "doctor", help="check config, database, migrations, content and the token"
    ).set_defaults(func=_doctor)
    sub.add_parser(
        "dashboard",
        help="serve the staff dashboard (/dasbor) alone, on DASHBOARD_LISTEN:DASHBOARD_PORT",
    ).set_defaults(func=_dashboard)
    content = sub.add_parser("content", help="content tools")
    content.add_argument("action", choices=["check"])
    content.set_defaults(func=_content)
    _report_parser(sub)
    for command in sub.choices.values():
        command.add_argument(
            "--database",
            metavar="FILE_OR_URL",
            help="the database to use: "
            "a SQLite file (data/demo.db) or a URL (default DATABASE_URL)",
        )
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = parser().parse_args(argv)
    if args.database:
        os.environ["DATABASE_URL"] = database_url(args.database)
    settings = get_settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for noisy in ("httpx", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
