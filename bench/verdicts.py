"""bench.network's verdicts: the figures of a run against the targets, one line each."""

from __future__ import annotations

from bench.offer import Figures, quantile

BARE_SHARE = 0.9
SLACK = 0.1  # seconds a tap may take beyond its round trips


def line(who: str, f: Figures) -> str:
    """One app's figures."""
    every = f.latencies()
    return (
        f"    {who:4} handled {f.handled:6.1f}/s  p50 {quantile(every, 0.5) * 1000:5.0f} ms  "
        f"p99 {quantile(every, 0.99) * 1000:5.0f} ms  backlog {f.backlog:3d} "
        f"({f.stale} > 0.1 s)  drain {f.drain:4.2f} s  lost {f.lost:3d}  "
        f"cpu {f.cpu_per_tap * 1000:3.1f} ms/tap, core {f.core:.0%}"
    )


def by_kind(taps: Figures, delay: float) -> tuple[bool, str]:
    """Whether every kind's p99 is within its bound: each tap's own sequential round trips x
    `delay` + 100 ms (judged as the p99 of the time beyond its round trips); the line that shows
    them, with the round trips the kind's taps took."""
    kinds = []
    for kind in taps.kinds():
        beyond = quantile(taps.beyond_trips(kind, delay), 0.99)
        trips = sorted({t.trips for t in taps.taps if t.handled and t.kind == kind})
        span = f"{trips[0]}" if len(trips) == 1 else f"{trips[0]}-{trips[-1]}"
        p99 = quantile(taps.latencies(kind), 0.99)
        kinds.append(
            (beyond <= SLACK, f"{kind} {p99 * 1000:.0f} ms ({span} trips, +{beyond * 1000:.0f})")
        )
    return (
        all(ok for ok, _ in kinds),
        "    p99 by kind (its taps' round trips; p99 beyond them, bound +100 ms): "
        + " · ".join(text + ("" if ok else " MISSED") for ok, text in kinds),
    )


def verdict(bot: Figures, bare: Figures, delay: float) -> list[str]:
    """The p99 per kind against its bound, and every target met or missed."""
    within, kinds = by_kind(bot, delay)
    share = bot.handled / bare.handled if bare.handled else float("nan")
    drain = max((t.trips for t in bot.taps), default=1) * delay + SLACK
    targets = [
        (bot.lost == 0, f"lost {bot.lost}"),
        (bot.stale == 0, f"backlog waiting > 0.1 s {bot.stale}"),
        (bot.drain <= drain, f"drain {bot.drain:.2f} <= {drain:.2f} s"),
        (within, "p99 within bound for every kind"),
        (share >= BARE_SHARE, f"bot/bare {share:.2f} >= {BARE_SHARE}"),
    ]
    return [kinds, *judged(targets)]


def judged(targets: list[tuple[bool, str]]) -> list[str]:
    """Each target met or missed, and the conclusion."""
    missed = [text for ok, text in targets if not ok]
    return [
        "    targets: " + " · ".join(f"{text} {'ok' if ok else 'MISSED'}" for ok, text in targets),
        "    => " + ("all targets met" if not missed else "missed: " + ", ".join(missed)),
    ]
