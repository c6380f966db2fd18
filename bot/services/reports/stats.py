"""Paired before/after statistics from aggregated sums, and Student's t quantile without SciPy.

The database returns sums of integer scores, so means and variances are computed exactly from
(n, Σbefore, Σafter, Σd²) with d = after − before; only the final division is floating point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

_TINY = 1e-300
_EPS = 1e-15
# Above this many degrees of freedom the t quantile is the normal one plus a Cornish-Fisher term
# (error below 1e-9), and the continued fraction would need thousands of steps.
_LARGE_DF = 100_000


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        for aa in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + aa / c
            c = c if abs(c) > _TINY else _TINY
            delta = d * c
            h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return h


def beta_regularized(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T ≤ t) for Student's t with `df` degrees of freedom."""
    tail = 0.5 * beta_regularized(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The t value below which a share `p` of Student's t distribution lies."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError("t_quantile needs 0 < p < 1 and df > 0")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if p == 0.5:
        return 0.0
    z = NormalDist().inv_cdf(p)
    if df >= _LARGE_DF:
        return z + (z**3 + z) / (4.0 * df)
    low, high = 0.0, max(1.0, 2.0 * z)
    while t_cdf(high, df) < p:
        low, high = high, high * 2.0
    for _ in range(200):  # bisection: t_cdf is monotone, 200 halvings reach double precision
        mid = (low + high) / 2.0
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
        if high - low < 1e-12 * max(1.0, high):
            break
    return (low + high) / 2.0


@dataclass(frozen=True)
class PairedSums:
    """Sums over residents of integer scores before, after, and the squared change.

    `scale` divides every score (the number of items averaged), so a resident's mean score is
    before / scale.
    """

    n: int = 0
    before: int = 0
    after: int = 0
    diff_sq: int = 0
    scale: int = 1

    def __add__(self, other: PairedSums) -> PairedSums:
        if self.n and other.n and self.scale != other.scale:
            raise ValueError("cannot add sums of different scales")
        return PairedSums(
            self.n + other.n,
            self.before + other.before,
            self.after + other.after,
            self.diff_sq + other.diff_sq,
            other.scale if not self.n else self.scale,
        )


@dataclass(frozen=True)
class PairedChange:
    """Mean before, mean after, mean paired change and its confidence interval."""

    n: int
    before: float | None
    after: float | None
    change: float | None
    low: float | None
    high: float | None
    sd: float | None


def paired_change(sums: PairedSums, confidence: float = 0.95) -> PairedChange:
    """Means and the t-based confidence interval of the mean paired change."""
    n, k = sums.n, sums.scale
    if n == 0:
        return PairedChange(0, None, None, None, None, None, None)
    diff = sums.after - sums.before
    before, after, change = sums.before / (n * k), sums.after / (n * k), diff / (n * k)
    if n < 2:
        return PairedChange(n, before, after, change, None, None, None)
    # Var(d) = (nΣd² − (Σd)²) / (n(n−1)), exact in integers before the division.
    variance = (n * sums.diff_sq - diff * diff) / (n * (n - 1)) / (k * k)
    sd = math.sqrt(max(variance, 0.0))
    half = t_quantile(0.5 + confidence / 2.0, n - 1) * sd / math.sqrt(n)
    return PairedChange(n, before, after, change, change - half, change + half, sd)
