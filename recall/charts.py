"""Bar charts of the statistics (due forecast, reviews per day), drawn by plotext.

`forecast_chart` / `reviews_chart` turn `Stats` into plain chart data; `draw` hands it to a
plotext plotting object (the `plotext` module itself, or the `plt` of a textual-plotext widget);
`render` draws it as text for `recall stats`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from recall.stats import Stats

BAR_WIDTH = 0.25
"""Bar width in days; with two columns per day and half-block markers each bar is one column
wide with a one-column gap (wider bars merge with their neighbours in plotext's raster)."""


@dataclass(frozen=True)
class BarChart:
    """A bar chart of counts per day.

    Attributes:
        title: shown above the chart.
        values: one count per day, in date order.
        ticks: ``(day index, label)`` pairs to label on the x axis.
    """

    title: str
    values: tuple[int, ...]
    ticks: tuple[tuple[int, str], ...]


def _label(day: date, today: date) -> str:
    return "today" if day == today else f"{day:%b} {day.day}"


def _ticks(dates: list[date], today: date) -> tuple[tuple[int, str], ...]:
    """Labels at the first and last day and every 7 days from the first (not too close to the last)."""
    last = len(dates) - 1
    marks = [k for k in range(0, last, 7) if last - k >= 5] + [last]
    return tuple((k, _label(dates[k], today)) for k in marks)


def forecast_chart(stats: Stats) -> BarChart:
    """Cards due per day from today (overdue cards count today)."""
    dates = [day for day, _ in stats.forecast]
    return BarChart(
        title=f"Due in the next {len(dates)} days",
        values=tuple(count for _, count in stats.forecast),
        ticks=_ticks(dates, stats.today),
    )


def reviews_chart(stats: Stats) -> BarChart:
    """Reviews per day over the last days, today last."""
    dates = [day for day, _ in stats.reviews_per_day]
    return BarChart(
        title=f"Reviews per day, last {len(dates)} days",
        values=tuple(count for _, count in stats.reviews_per_day),
        ticks=_ticks(dates, stats.today),
    )


def y_ticks(top: int) -> list[int]:
    """Whole-number y ticks from 0 to at least `top`: 3 to 6 steps of 1, 2 or 5 times a power of ten."""
    top = max(int(top), 1)
    step = 1
    for power in range(0, 12):
        for base in (1, 2, 5):
            step = base * 10**power
            if math.ceil(top / step) <= 5:
                return list(range(0, step * math.ceil(top / step) + 1, step))
    return [0, top]  # pragma: no cover - counts beyond 10**12


def draw(
    plt,
    chart: BarChart,
    *,
    color: str | tuple[int, int, int] | None = "cyan",
    marker: str = "hd",
    width: float = BAR_WIDTH,
) -> None:
    """Draw `chart` with a plotext plotting object (the module or a textual-plotext `plt`).

    Clears that figure's data first; sizes and themes are the caller's.

    Args:
        plt: the plotext object.
        chart: the data.
        color: bar colour (a plotext name or RGB); None for the theme's.
        marker: plotext bar marker: ``"hd"`` (half blocks) for `render`'s exact two columns a
            day; ``"sd"`` (whole cells) where the width is not chosen (a widget).
        width: bar width in days.
    """
    n = len(chart.values)
    plt.clear_data()
    plt.bar(list(range(n)), list(chart.values), width=width, marker=marker, color=color)
    plt.xlim(-0.5, n - 0.5)
    plt.xticks([k for k, _ in chart.ticks], [label for _, label in chart.ticks])
    ticks = y_ticks(max(chart.values, default=0))
    plt.ylim(0, ticks[-1])
    plt.yticks(ticks)
    plt.title(chart.title)


def render(chart: BarChart, *, color: bool = False, height: int = 12) -> str:
    """The chart as text: two columns per day, so 30 days take about 66 columns.

    Args:
        chart: the data.
        color: keep plotext's ANSI colours (for a terminal); False gives plain text.
        height: lines of the chart, title and axes included.
    """
    import plotext as plt

    plt.clear_figure()
    plt.theme("clear")
    draw(plt, chart, color="cyan" if color else None)
    inner = 2 * len(chart.values)
    width = inner + 8
    text = ""
    for _ in range(3):  # the y labels' width decides the plot area: measure and adjust
        plt.plotsize(width, height)
        text = plt.build()
        frame = next(
            (line for line in plt.uncolorize(text).splitlines() if "┌" in line), ""
        ).strip()
        if len(frame) - 2 == inner or not frame:
            break
        width += inner - (len(frame) - 2)
    plt.clear_figure()
    lines = [line.rstrip() for line in (text if color else plt.uncolorize(text)).splitlines()]
    return "\n".join(lines)
