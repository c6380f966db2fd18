"""PNG charts of a report (matplotlib, no pyplot: nothing interactive, safe in a worker thread).

Labels are translated and numbers formatted for the reader's locale. A chart draws the same
figures the text shows: a suppressed figure is never drawn as a bar or a point, only written as
"<5" or "x", and a chart with nothing it may draw says "too few residents to show", never
"nobody", unless there really is nobody.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from io import BytesIO

from babel.dates import format_time
from matplotlib.axes import Axes
from matplotlib.dates import DayLocator, num2date
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot.i18n import BABEL_LOCALES, Translator
from bot.presentation.reports import fmt
from bot.services.reports.model import Hidden, Report

SIZE = (10, 6.2)
DPI = 150
BEFORE, AFTER, BAR, HIDDEN_TEXT = "#9bb7d4", "#1f5f99", "#2e7d5b", "#7a7a7a"
HIDDEN_BAND, PARTIAL = "#e6e6e6", "#a9cdb9"
TITLE_CHARS = 34
MAX_TICKS = 8  # date labels that fit side by side at this width without touching


@dataclass(frozen=True)
class Chart:
    """One chart: a file name, a caption, the PNG bytes and every text written on it."""

    name: str
    caption: str
    png: bytes
    texts: tuple[str, ...] = ()


def _figure() -> Figure:
    # The top strip is kept for the title and subtitle, which start at the figure's left edge
    # (not the axes', which long bar labels push to the right).
    return Figure(figsize=SIZE, dpi=DPI, layout=ConstrainedLayoutEngine(rect=(0, 0, 1, 0.88)))


def _chart(name: str, caption: str, fig: Figure) -> Chart:
    buffer = BytesIO()
    fig.savefig(buffer, format="png", facecolor="white")
    texts = tuple(a.get_text() for a in fig.findobj(Text) if a.get_text() and a.get_visible())
    return Chart(name, caption, buffer.getvalue(), texts)


def too_few(t: Translator, r: Report) -> str:
    """What a chart says when every figure it could draw is suppressed."""
    return t._("Too few residents to show (groups of fewer than {k} are not shown).", k=r.min_group)


def _titles(fig: Figure, ax: Axes, t: Translator, r: Report, title: str) -> None:
    subtitle = f"{fmt.period(t, r.period)} · {fmt.area(t, r)}"
    if r.demo:
        subtitle += " · " + t._("DEMO DATA")
    fig.text(0.012, 0.975, title, fontsize=14, fontweight="bold", va="top")
    fig.text(0.012, 0.925, subtitle, fontsize=10, color="#555555", va="top")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _empty(ax: Axes, text: str) -> None:
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=13,
        color=HIDDEN_TEXT,
    )


def _footnotes(ax: Axes, notes: list[str]) -> None:
    """Notes on what the chart leaves out, in grey under its lower right corner."""
    if notes:
        ax.text(
            1,
            -0.16,
            "   ".join(notes),
            transform=ax.transAxes,
            ha="right",
            fontsize=9,
            color=HIDDEN_TEXT,
        )


def _short(text: str) -> str:
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def funnel(t: Translator, r: Report) -> Chart:
    """Horizontal bars: registered, started, each module completed, finished."""
    fig = _figure()
    ax = fig.add_subplot()
    title = t._("Module funnel: residents who registered in the period")
    _titles(fig, ax, t, r, title)
    labels = {
        "registered": t._("Registered"),
        "started": t._("Started the course"),
        "finished": t._("Finished the course"),
    }
    steps = list(r.funnel)
    names = [
        labels.get(s.key)
        or t._(
            "Module {number}: {title}",
            number=s.number,
            title=_short(s.title.get(t.locale) if s.title else s.key),
        )
        for s in steps
    ]
    values = [0 if isinstance(s.residents, Hidden) else s.residents for s in steps]
    positions = list(range(len(steps)))[::-1]
    if steps[0].residents == 0:
        _empty(ax, t._("Nobody registered in this period."))
    elif not any(values):
        _empty(ax, too_few(t, r))
    else:
        ax.barh(positions, values, color=BAR, height=0.7)
        top = max(values)
        for y, step, value in zip(positions, steps, values, strict=True):
            label = fmt.count(t, step.residents)
            if not isinstance(step.share, Hidden) and step.share is not None:
                label += f" ({fmt.share(t, step.share, 0)})"
            ax.text(
                value + top * 0.01,
                y,
                label,
                va="center",
                fontsize=9,
                color=HIDDEN_TEXT if isinstance(step.residents, Hidden) else "black",
            )
        ax.set_yticks(positions, names, fontsize=9)
        ax.set_xlim(0, top * 1.18)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: t.number(v)))
        ax.set_xlabel(t._("Residents"))
        ax.set_ylabel(t._("Step"))
    return _chart("grafik-corong-modul.png", title, fig)


def _partial_day(t: Translator, r: Report) -> datetime | None:
    """When the period's last day is still going on as the report is made: that moment."""
    now = r.generated_at.astimezone(t.tz)
    return now if now.date() == r.period.until else None


def _date_axis(ax: Axes, t: Translator, days: list[datetime]) -> None:
    """At most MAX_TICKS labels, one per whole day, each naming a different day."""
    interval = max(1, math.ceil(len(days) / MAX_TICKS))
    ax.xaxis.set_major_locator(DayLocator(interval=interval))
    style = "d MMM" if days[0].year == days[-1].year else "d MMM yy"
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt.day(t, num2date(v).date(), style)))


def daily(t: Translator, r: Report) -> Chart:
    """Residents active per day; days with a suppressed count are grey bands, and a last day
    that is not over yet is drawn lighter and named."""
    fig = _figure()
    ax = fig.add_subplot()
    title = t._("Daily active residents")
    _titles(fig, ax, t, r, title)
    # Datetimes at midnight, so that half a day either side is a real width.
    days = [datetime.combine(d.day, time()) for d in r.daily]
    values = [math.nan if isinstance(d.active, Hidden) else d.active for d in r.daily]
    hidden = [day for day, d in zip(days, r.daily, strict=True) if isinstance(d.active, Hidden)]
    if not days or (not hidden and not any(values)):
        _empty(ax, t._("No activity in this period."))
        return _chart("grafik-aktif-harian.png", title, fig)
    half = timedelta(hours=12)
    for day in hidden:  # a grey band says "withheld" without suggesting any height
        ax.axvspan(day - half, day + half, color=HIDDEN_BAND, linewidth=0)  # type: ignore[arg-type]  # matplotlib's date units take datetimes
    partial = _partial_day(t, r)
    colours = [BAR] * len(days)
    if partial is not None:
        colours[-1] = PARTIAL
    if len(days) <= 45:
        ax.bar(days, values, color=colours, width=0.8)  # type: ignore[arg-type]  # matplotlib's date units take datetimes
    else:
        ax.plot(days, values, color=BAR, linewidth=1.6)  # type: ignore[arg-type]  # matplotlib's date units take datetimes
        ax.fill_between(days, values, color=BAR, alpha=0.15)  # type: ignore[arg-type]  # matplotlib's date units take datetimes
    ax.set_xlim(days[0] - half, days[-1] + half)  # type: ignore[arg-type]  # matplotlib's date units take datetimes
    _date_axis(ax, t, days)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: t.number(v)))
    ax.set_ylim(bottom=0)
    ax.set_xlabel(t._("Date (Jakarta time)"))
    ax.set_ylabel(t._("Active residents"))
    ax.grid(axis="y", alpha=0.3)
    notes = []
    if hidden and all(math.isnan(v) or v == 0 for v in values):
        ax.text(
            0.5,
            0.5,
            t._(
                "Too few residents active on any one day to show (fewer than {k} each day).",
                k=r.min_group,
            ),
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=12,
            color=HIDDEN_TEXT,
        )
    elif hidden:
        notes.append(t._("Grey days: fewer than {k} active residents, not shown.", k=r.min_group))
    if partial is not None:
        notes.append(
            t._(
                "{day}: so far, up to {time} WIB (the day is not over).",
                day=fmt.day(t, partial.date(), "d MMM"),
                time=format_time(partial, "HH.mm", locale=BABEL_LOCALES[t.locale]),
            )
        )
    _footnotes(ax, notes)
    return _chart("grafik-aktif-harian.png", title, fig)


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
    if pairs == 0:
        _empty(ax, t._("No resident has answered both surveys with the second one in this period."))
        return _chart("grafik-sebaran-survei.png", title, fig)
    if isinstance(pairs, Hidden) or not drawable:
        _empty(ax, too_few(t, r))
        return _chart("grafik-sebaran-survei.png", title, fig)
    x = list(range(len(bins)))
    width = 0.4
    notes = []
    for offset, attr, colour, label, mean in (
        (-width / 2, "before", BEFORE, t._("Before"), s.overall.before),
        (width / 2, "after", AFTER, t._("After"), s.overall.after),
    ):
        counts = [getattr(b, attr) for b in bins]
        if not any(c for c in counts if not isinstance(c, Hidden)):
            notes.append(t._("{label}: too few residents in each score band to show.", label=label))
        shares = [0 if isinstance(c, Hidden) else 100 * c / pairs for c in counts]
        name = t._("{label} (mean {mean})", label=label, mean=fmt.score(t, mean))
        ax.bar([i + offset for i in x], shares, width=width, color=colour, label=name)
        for i, c in enumerate(counts):
            if isinstance(c, Hidden):
                ax.text(
                    i + offset, 0, str(c), ha="center", va="bottom", fontsize=8, color=HIDDEN_TEXT
                )
    ax.set_ylim(0, 100 * max(drawable) / pairs * 1.12)
    ax.set_xticks(x, [f"{t.number(b.low, 1)}–{t.number(b.high, 1)}" for b in bins])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: t.number(v) + "%"))
    ax.set_xlabel(
        t._(
            "Mean attitude score, {low}–{high} (higher: a stronger opportunity frame)",
            low=s.scale_min,
            high=s.scale_max,
        )
    )
    ax.set_ylabel(t._("Share of residents"))
    ax.grid(axis="y", alpha=0.3)
    _footnotes(ax, notes)
    ax.legend(
        frameon=False,
        loc="best",
        alignment="left",
        title=t._("{n} residents answered both surveys", n=fmt.count(t, pairs)),
    )
    return _chart("grafik-sebaran-survei.png", title, fig)


def render(t: Translator, r: Report) -> list[Chart]:
    """Every chart of the report."""
    return [funnel(t, r), daily(t, r), distribution(t, r)]
