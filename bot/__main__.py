"""Command line: run, console, migrate, content check. Parses arguments, nothing else."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.config import get_settings


def _run(args: argparse.Namespace) -> int:
    from bot.app import build_application

    settings = get_settings()
    if not settings.token:
        print("TELEGRAM_BOT_TOKEN is not set: starting the console chat instead.\n")
        return _console(args)
    app = build_application(settings)
    app.run_polling(allowed_updates=["message", "callback_query", "my_chat_member"])
    return 0


def _console(args: argparse.Namespace) -> int:
    from bot.console import run_console

    asyncio.run(run_console(get_settings(), getattr(args, "lang", None) or "id",
                            getattr(args, "user_id", None) or 1001))
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
    from bot.curriculum.summary import render

    settings = get_settings()
    try:
        course = load_course(settings.content_dir)
    except ContentError as exc:
        print(f"content is invalid ({len(exc.problems)} problems):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(render(course))
    print("content is valid")
    return 0


def parser() -> argparse.ArgumentParser:
    """The `python -m bot` argument parser."""
    p = argparse.ArgumentParser(prog="python -m bot", description="Warga Tangguh Telegram bot")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the bot (console chat when no token is set)").set_defaults(
        func=_run)
    console = sub.add_parser("console", help="chat with the bot in this terminal, no Telegram")
    console.add_argument("--lang", choices=["id", "en"], default="id",
                         help="the Telegram language of the simulated resident")
    console.add_argument("--user-id", type=int, default=1001, help="simulated Telegram user id")
    console.set_defaults(func=_console)
    mig = sub.add_parser("migrate", help="apply database migrations")
    mig.add_argument("--revision", default="head")
    mig.add_argument("--downgrade", metavar="REVISION", help="go down to REVISION (or 'base')")
    mig.set_defaults(func=_migrate)
    content = sub.add_parser("content", help="content tools")
    content.add_argument("action", choices=["check"])
    content.set_defaults(func=_content)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = parser().parse_args(argv)
    settings = get_settings()
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
