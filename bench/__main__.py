"""Run every benchmark, one after another, each in its own process; print their figures.

    python -m bench                  # the full sizes (about an hour: the broadcast alone
                                     # sends 10,000 messages at 25/s four times)
    python -m bench --quick          # smaller sizes, a few minutes
    python -m bench --only updates memory
                                     # (network: about 20 minutes at full size)

Each benchmark prints one line per database (SQLite, then PostgreSQL on 127.0.0.1:5432) with
its figure, its target and, where a ratio makes sense, the figure as a share of the target.
Benchmarks never pass or fail; this exits non-zero only when a benchmark could not run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from bot.config import PROJECT_ROOT

# name -> (arguments at full size, arguments with --quick)
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "updates": ([], ["--quick"]),
    "network": (["--broadcast", "1000"], ["--quick", "--broadcast", "200"]),
    "memory": ([], ["--idle", "3"]),
    "nudge_sweep": ([], ["--residents", "20000", "--due", "1000"]),
    "broadcast": ([], ["--recipients", "500", "--processes", "1,2"]),
    "reports": ([], ["--residents", "5000"]),
    "dashboard": ([], ["--residents", "5000"]),
}


def main() -> int:
    """Run the chosen benchmarks in order; return 1 if any of them failed to run."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=list(BENCHMARKS),
        metavar="NAME",
        help=f"run only these: {', '.join(BENCHMARKS)}",
    )
    args = parser.parse_args()
    failed = []
    for name in args.only or BENCHMARKS:
        full, quick = BENCHMARKS[name]
        command = [sys.executable, "-m", f"bench.{name}", *(quick if args.quick else full)]
        print(f"\n$ python -m bench.{name} {' '.join(command[3:])}".rstrip(), flush=True)
        started = time.monotonic()
        if subprocess.run(command, cwd=PROJECT_ROOT).returncode != 0:
            failed.append(name)
        print(f"  ({time.monotonic() - started:.0f} s)", flush=True)
    if failed:
        print(f"\ncould not run: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
