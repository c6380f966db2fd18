"""Peak memory of the running bot with 100,000 residents in the database.

The bot runs as production runs it, `python -m bot run` in a fresh process: long polling over
HTTP against the Bot API double (served by this process on 127.0.0.1, as a self-hosted Bot API
server would), the nudge sweep and the broadcast worker on. This process reads the bot's
/proc/<pid>/status: VmHWM is the peak resident set since the bot started, VmRSS the current one.
It reads them once the bot has started and sat idle, and again after a few residents have
tapped through onboarding and a module. Target: a peak under 150 MB.

Run: python -m bench.memory [--residents 100000] [--idle 10] [--db sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from bench.databases import fresh_database
from bench.residents import add_residents
from bench.taps import Tappers
from bot.config import PROJECT_ROOT
from bot.double import BOT_TOKEN, FakeTelegram
from bot.double.server import MAX_POLL_SECONDS, serve

TARGET_MB = 150.0
TAPPERS = 20
TAPS_EACH = 20


def status(pid: int) -> dict[str, float]:
    """VmHWM (peak resident set) and VmRSS of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            fields[key] = int(value.split()[0]) / 1024  # kB
    return fields


async def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the bot did not {what} within {seconds:.0f} s")
        await asyncio.sleep(0.02)


async def _tap_through(api: FakeTelegram, pid: int) -> int:
    """A few residents onboard and go through cards and quiz answers, one update at a time."""
    crowd = Tappers(api, 1, TAPPERS)
    handled = 0
    for n in range(TAPPERS * TAPS_EACH):
        tapper = crowd.order[n % TAPPERS]
        before = len(api.calls)
        api.updates.put_nowait(tapper.next_update())
        await _wait_for(
            lambda b=before, uid=tapper.user_id: any(
                c.method == "sendMessage" and c.chat_id == uid for c in api.calls[b:]
            ),
            20,
            "answer a resident",
        )
        crowd.observe()
        handled += 1
    return handled


async def measure(kind: str, residents: int, idle: float) -> dict[str, float]:
    """Start `python -m bot run` on a database of `residents`; read its memory idle and busy."""
    async with fresh_database(kind) as db:
        await add_residents(db, residents)
        api = FakeTelegram()
        server = await serve(api)
        port = server.sockets[0].getsockname()[1]
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "DATABASE_", "NUDGE_", "BROADCAST_"))
        }
        env.update(
            TELEGRAM_BOT_TOKEN=BOT_TOKEN,
            DATABASE_URL=db.url,
            LOG_LEVEL="WARNING",
            TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}/bot",
            TELEGRAM_API_FILE_URL=f"http://127.0.0.1:{port}/file/bot",
            NUDGE_SWEEP_SECONDS="2",
            PYTHONPATH=str(PROJECT_ROOT),
        )
        with tempfile.TemporaryDirectory() as cwd:  # no .env of a developer's is read
            bot = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                cwd=cwd,
                env=env,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )
            try:
                await _wait_for(lambda: api.commands, 60, "set its command menus")
                await asyncio.sleep(idle)
                started = status(bot.pid)
                handled = await _tap_through(api, bot.pid)
                busy = status(bot.pid)
            finally:
                if bot.returncode is None:
                    bot.send_signal(signal.SIGTERM)
                _, errors = await bot.communicate()
                await asyncio.sleep(MAX_POLL_SECONDS + 0.2)  # let the last long poll return
                server.close()
                await server.wait_closed()
        if bot.returncode not in (0, -signal.SIGTERM):
            print(errors.decode(errors="replace")[-2000:], file=sys.stderr)
    return {
        "idle_hwm": started["VmHWM"],
        "idle_rss": started["VmRSS"],
        "busy_hwm": busy["VmHWM"],
        "busy_rss": busy["VmRSS"],
        "handled": handled,
    }


def main() -> None:
    """Print the bot's peak memory per database, with the target and the ratio."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds idle before reading")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    print(
        f"memory: `python -m bot run` with {args.residents:,} residents in the database, "
        f"started and idle {args.idle:g} s, then {TAPPERS * TAPS_EACH} taps"
    )
    for kind in kinds:
        r = asyncio.run(measure(kind, args.residents, args.idle))
        print(
            f"  {kind:<10} peak {r['idle_hwm']:.0f} MB started and idle "
            f"= {r['idle_hwm'] / TARGET_MB:.2f} of the {TARGET_MB:.0f} MB target "
            f"(now {r['idle_rss']:.0f} MB); after {r['handled']} taps peak "
            f"{r['busy_hwm']:.0f} MB = {r['busy_hwm'] / TARGET_MB:.2f} "
            f"(now {r['busy_rss']:.0f} MB)"
        )


if __name__ == "__main__":
    main()
