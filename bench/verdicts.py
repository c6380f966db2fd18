"""bench.network's verdicts: the figures of a run against the targets, one line each."""

from __future__ import annotations

from bench.offer import Figures, quantile

BARE_SHARE = 0.9
SLACK = 0.1  # seconds a tap may take beyond its round trips


def line(who: str, f: Figures) -> str:
    """One app's figures."""
    every = f.latencies()
    return (f"    {who:4} handled {f.handled:6.1f}/s  p50 {quantile(every, 0.5) * 1000:5.0f} ms  "
            f"p99 {quantile(every, 0.99) * 1000:5.0f} ms  backlog {f.backlog:3d} "
            f"({f.stale} > 0.1 s)  drain {f.drain:4.2f} s  lost {f.lost:3d}  "
            f"cpu {f.cpu_per_tap * 1000:3.1f} ms/tap")


def bounds(taps: Figures, trips: dict[str, int], delay: float) -> dict[str, float]:
    """Each kind of tap offered: its p99 bound, (sequential round trips x delay) + 100 ms (one
    round trip for a kind no resident tapped alone)."""
    return {kind: trips.get(kind, 1) * delay + SLACK for kind in taps.kinds()}


def by_kind(taps: Figures, limits: dict[str, float]) -> tuple[bool, str]:
    """Whether every kind's p99 is within its bound; the line that shows them."""
    kinds = []
    for kind, bound in limits.items():
        p99 = quantile(taps.latencies(kind), 0.99)
        kinds.append((p99 <= bound, f"{kind} {p99 * 1000:.0f}/{bound * 1000:.0f}"))
    return (all(ok for ok, _ in kinds),
            "    p99 by kind, ms / bound (round trips x delay + 100 ms): "
            + " · ".join(text + ("" if ok else " MISSED") for ok, text in kinds))


def verdict(bot: Figures, bare: Figures, trips: dict[str, int], delay: float) -> list[str]:
    """The p99 per kind against its bound, and every target met or missed."""
    limits = bounds(bot, trips, delay)
    within, kinds = by_kind(bot, limits)
    share = bot.handled / bare.handled if bare.handled else float("nan")
    drain = max(limits.values(), default=SLACK)
    targets = [(bot.lost == 0, f"lost {bot.lost}"),
               (bot.stale == 0, f"backlog waiting > 0.1 s {bot.stale}"),
               (bot.drain <= drain, f"drain {bot.drain:.2f} <= {drain:.2f} s"),
               (within, "p99 within bound for every kind"),
               (share >= BARE_SHARE, f"bot/bare {share:.2f} >= {BARE_SHARE}")]
    return [kinds, *judged(targets)]


def judged(targets: list[tuple[bool, str]]) -> list[str]:
    """Each target met or missed, and the conclusion."""
    missed = [text for ok, text in targets if not ok]
    return ["    targets: " + " · ".join(f"{text} {'ok' if ok else 'MISSED'}"
                                         for ok, text in targets),
            "    => " + ("all targets met" if not missed else "missed: " + ", ".join(missed))]
