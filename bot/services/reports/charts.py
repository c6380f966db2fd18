"""PNG charts of a report (matplotlib, no pyplot: nothing interactive, safe in a worker thread).

Labels are translated and numbers formatted for the reader's locale; a hidden group is never
drawn as a bar or a point, only written as "<5".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from io import BytesIO

from matplotlib.dates import AutoDateLocator, num2date
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot.i18n import Translator
from bot.services.reports import fmt
from bot.services.reports.model import Hidden, Report

SIZE = (10, 6.2)
DPI = 150
BEFORE, AFTER, BAR, HIDDEN_TEXT = "#9bb7d4", "#1f5f99", "#2e7d5b", "#7a7a7a"
HIDDEN_BAND = "#e6e6e6"
TITLE_CHARS = 34


@dataclass(frozen=True)
class Chart:
    """One chart: a file name, a caption and the PNG bytes."""

    name: str
    caption: str
    png: bytes


def _figure() -> Figure:
    # The top strip is kept for the title and subtitle, which start at the figure's left edge
    # (not the axes', which long bar labels push to the right).
    return Figure(figsize=SIZE, dpi=DPI, layout=ConstrainedLayoutEngine(rect=(0, 0, 1, 0.88)))


def _png(fig: Figure) -> bytes:
    buffer = BytesIO()
    fig.savefig(buffer, format="png", facecolor="white")
    return buffer.getvalue()


def _titles(fig: Figure, ax, t: Translator, r: Report, title: str) -> None:
    subtitle = f"{fmt.period(t, r.period)} · {fmt.area(t, r)}"
    if r.demo:
        subtitle += " · " + t._("DEMO DATA")
    fig.text(0.012, 0.975, title, fontsize=14, fontweight="bold", va="top")
    fig.text(0.012, 0.925, subtitle, fontsize=10, color="#555555", va="top")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _empty(ax, text: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=13,
            color=HIDDEN_TEXT)


def _short(text: str) -> str:
    return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS - 1].rstrip() + "…"


def funnel(t: Translator, r: Report) -> Chart:
    """Horizontal bars: registered, started, each module completed, finished."""
    fig = _figure()
    ax = fig.add_subplot()
    title = t._("Module funnel: residents who registered in the period")
    _titles(fig, ax, t, r, title)
    labels = {"registered": t._("Registered"), "started": t._("Started the course"),
              "finished": t._("Finished the course")}
    steps = list(r.funnel)
    names = [labels.get(s.key) or t._("Module {number}: {title}", number=s.number,
                                       title=_short(s.title.get(t.locale) if s.title else s.key))
             for s in steps]
    values = [0 if isinstance(s.residents, Hidden) else s.residents for s in steps]
    positions = list(range(len(steps)))[::-1]
    if not any(values):
        _empty(ax, t._("Nobody registered in this period."))
    else:
        ax.barh(positions, values, color=BAR, height=0.7)
        top = max(values)
        for y, step, value in zip(positions, steps, values, strict=True):
            label = fmt.count(t, step.residents)
            if not isinstance(step.share, Hidden) and step.share is not None:
                label += f" ({fmt.share(t, step.share, 0)})"
            ax.text(value + top * 0.01, y, label, va="center", fontsize=9,
                    color=HIDDEN_TEXT if isinstance(step.residents, Hidden) else "black")
        ax.set_yticks(positions, names, fontsize=9)
        ax.set_xlim(0, top * 1.18)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: t.number(v)))
        ax.set_xlabel(t._("Residents"))
        ax.set_ylabel(t._("Step"))
    return Chart("grafik-corong-modul.png", title, _png(fig))


def daily(t: Translator, r: Report) -> Chart:
    """Residents active per day; days with a hidden count are left as gaps."""
    fig = _figure()
    ax = fig.add_subplot()
    title = t._("Daily active residents")
    _titles(fig, ax, t, r, title)
    # Datetimes at midnight, so that half a day either side is a real width.
    days = [datetime.combine(d.day, time()) for d in r.daily]
    values = [math.nan if isinstance(d.active, Hidden) else d.active for d in r.daily]
    if not days or not any(v for v in values if not math.isnan(v)):
        _empty(ax, t._("No activity in this period."))
        return Chart("grafik-aktif-harian.png", title, _png(fig))
    half = timedelta(hours=12)
    hidden = [day for day, d in zip(days, r.daily, strict=True) if isinstance(d.active, Hidden)]
    for day in hidden:  # a grey band says "withheld" without suggesting any height
        ax.axvspan(day - half, day + half, color=HIDDEN_BAND, linewidth=0)
    if len(days) <= 45:
        ax.bar(days, values, color=BAR, width=0.8)
    else:
        ax.plot(days, values, color=BAR, linewidth=1.6)
        ax.fill_between(days, values, color=BAR, alpha=0.15)
    ax.set_xlim(days[0] - half, days[-1] + half)
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=4, maxticks=9))
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda v, _: fmt.day(t, num2date(v).date(), "d MMM yy")))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: t.number(v)))
    ax.set_ylim(bottom=0)
    ax.set_xlabel(t._("Date (Jakarta time)"))
    ax.set_ylabel(t._("Active residents"))
    ax.grid(axis="y", alpha=0.3)
    if hidden:
        ax.text(1, -0.16, t._("Grey days: fewer than {k} active residents, not shown.",
                              k=r.min_group), transform=ax.transAxes, ha="right", fontsize=9,
                color=HIDDEN_TEXT)
    return Chart("grafik-aktif-harian.png", title, _png(fig))


def distribution(t: Translator, r: Report) -> Chart:
    """Share of paired residents per mean-score band, before next to after."""
    fig = _figure()
    ax = fig.add_subplot()
    s = r.shift
    title = t._("Attitude score before and after the course")
    _titles(fig, ax, t, r, title)
    pairs = s.overall.pairs
    bins = list(s.distribution)
    drawable = [c for b in bins for c in (b.before, b.after) if not isinstance(c, Hidden) and c]
    if pairs == 0 or isinstance(pairs, Hidden) or not drawable:
        _empty(ax, t._("Not enough residents have answered both surveys."))
        return Chart("grafik-sebaran-survei.png", title, _png(fig))
    x = list(range(len(bins)))
    width = 0.4
    for offset, attr, colour, label, mean in (
            (-width / 2, "before", BEFORE, t._("Before"), s.overall.before),
            (width / 2, "after", AFTER, t._("After"), s.overall.after)):
        counts = [getattr(b, attr) for b in bins]
        shares = [0 if isinstance(c, Hidden) else 100 * c / pairs for c in counts]
        name = t._("{label} (mean {mean})", label=label, mean=fmt.score(t, mean))
        ax.bar([i + offset for i in x], shares, width=width, color=colour, label=name)
        for i, c in enumerate(counts):
            if isinstance(c, Hidden):
                ax.text(i + offset, 0, str(c), ha="center", va="bottom", fontsize=8,
                        color=HIDDEN_TEXT)
    ax.set_ylim(0, 100 * max(drawable) / pairs * 1.12)
    ax.set_xticks(x, [f"{t.number(b.low, 1)}–{t.number(b.high, 1)}" for b in bins])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: t.number(v) + "%"))
    ax.set_xlabel(t._("Mean attitude score ({low} = sees only loss, {high} = sees opportunity)",
                      low=s.scale_min, high=s.scale_max))
    ax.set_ylabel(t._("Share of residents"))
    ax.grid(axis="y", alpha=0.3)
    ax.legend(frameon=False, loc="best", alignment="left",
              title=t._("{n} residents answered both surveys", n=fmt.count(t, pairs)))
    return Chart("grafik-sebaran-survei.png", title, _png(fig))


def render(t: Translator, r: Report) -> list[Chart]:
    """Every chart of the report."""
    return [funnel(t, r), daily(t, r), distribution(t, r)]
