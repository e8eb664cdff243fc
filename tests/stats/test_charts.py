"""recall.charts: chart data from Stats and the text plotext draws for `recall stats`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from recall.charts import BarChart, forecast_chart, render, reviews_chart, y_ticks
from recall.stats import Stats

TODAY = date(2026, 11, 29)


def make_stats(history: list[int], forecast: list[int]) -> Stats:
    return Stats(
        deck=None,
        now=datetime(2026, 11, 29, 10, tzinfo=UTC),
        today=TODAY,
        cards={},
        reviews_per_day=tuple(
            (TODAY - timedelta(days=len(history) - 1 - k), n) for k, n in enumerate(history)
        ),
        retention=(),
        average_stability=None,
        average_retrievability=None,
        forecast=tuple((TODAY + timedelta(days=k), n) for k, n in enumerate(forecast)),
    )


HISTORY = [
    3,
    0,
    5,
    12,
    7,
    0,
    0,
    1,
    2,
    30,
    4,
    4,
    6,
    7,
    8,
    9,
    2,
    1,
    0,
    0,
    3,
    4,
    5,
    6,
    7,
    8,
    2,
    3,
    1,
    2,
]


def test_chart_data_from_stats():
    stats = make_stats(HISTORY, list(range(30)))
    reviews = reviews_chart(stats)
    assert reviews.values == tuple(HISTORY)
    assert reviews.ticks[-1] == (29, "today")
    assert reviews.ticks[0] == (0, "Oct 31")
    forecast = forecast_chart(stats)
    assert forecast.values == tuple(range(30))
    assert forecast.ticks[0] == (0, "today")
    assert (7, "Dec 6") in forecast.ticks
    assert forecast.ticks[-1] == (29, "Dec 28")
    assert "30 days" in forecast.title and "30 days" in reviews.title


def test_y_ticks_are_whole_and_cover_the_top():
    assert y_ticks(0) == [0, 1]
    assert y_ticks(3) == [0, 1, 2, 3]
    assert y_ticks(30) == [0, 10, 20, 30]
    assert y_ticks(1110) == [0, 500, 1000, 1500]
    for top in (1, 7, 13, 99, 101, 4321):
        ticks = y_ticks(top)
        assert ticks[0] == 0 and ticks[-1] >= top and 2 <= len(ticks) <= 6


def bar_columns(text: str) -> list[int]:
    """Columns (inside the frame) of the bars on the chart's bottom row."""
    bottom = [line for line in text.splitlines() if "┤" in line][-1]
    inner = bottom[bottom.index("┤") + 1 : bottom.rindex("│")]
    return [i for i, ch in enumerate(inner) if ch != " "]


def test_render_draws_one_bar_per_day_with_a_value():
    chart = BarChart("t", tuple(HISTORY), ((0, "a"), (29, "b")))
    text = render(chart, color=False)
    assert "\x1b" not in text
    assert text.splitlines()[0].strip() == "t"
    columns = bar_columns(text)
    days_with_bars = sorted({c // 2 for c in columns})
    assert days_with_bars == [k for k, n in enumerate(HISTORY) if n]
    # Two columns per day, so the frame is 60 wide inside.
    frame = next(line for line in text.splitlines() if "┌" in line).strip()
    assert len(frame) == 62


def test_render_keeps_the_plot_area_for_wide_labels():
    chart = BarChart("t", tuple(n * 1000 for n in HISTORY), ((0, "a"),))
    frame = next(line for line in render(chart).splitlines() if "┌" in line).strip()
    assert len(frame) == 62


def test_render_in_colour_for_a_terminal():
    chart = BarChart("t", tuple(HISTORY), ((0, "a"),))
    assert "\x1b[" in render(chart, color=True)


def test_render_all_zero():
    text = render(BarChart("nothing due", (0,) * 30, ((0, "today"),)))
    assert bar_columns(text) == []
    assert "today" in text
