"""The statistics screen of the review app: key t on the deck list, figures, charts, back.

Update the snapshot after an intended change of the look:
`pytest tests/stats/test_screen.py --snapshot-update`, then look at the SVG before committing it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from textual_plotext import PlotextPlot

from recall.collection import Collection
from recall.rating import Rating
from recall.tui.app import create_app
from recall.tui.screens.deck_list import DeckListScreen
from recall.tui.screens.stats import StatsScreen

NOW = datetime(2026, 11, 29, 10, tzinfo=UTC)
SIZE = (80, 24)


@pytest.fixture(autouse=True)
def _utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture
def col(db):
    with Collection.open(db, tz=UTC) as collection:
        yield collection


def make_app(col):
    return create_app(col, clock_fn=lambda: NOW, tz=UTC)


async def test_t_opens_the_statistics_and_escape_goes_back(col):
    app = make_app(col)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DeckListScreen)
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        stats = screen.stats
        assert stats.today == date(2026, 11, 29)
        assert stats.cards["total"] == 5
        assert stats.retention[0].passed == 2 and stats.retention[0].reviews == 3
        figures = str(screen.query_one("#stats-figures").render())
        assert "7 days 66.7% (2/3)" in figures
        plots = list(screen.query(PlotextPlot))
        assert len(plots) == 2
        assert all(plot.size.height >= 7 for plot in plots)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DeckListScreen)


async def test_reload_reads_new_reviews(col):
    app = make_app(col)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        before = app.screen.stats.reviews_total
        col.review(col.cards()[0].id, Rating.GOOD, now=NOW)
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.stats.reviews_total == before + 1


async def test_empty_collection(tmp_path):
    with Collection.open(tmp_path / "empty.db", tz=UTC) as empty:
        app = make_app(empty)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()
            assert app.screen.stats.cards["total"] == 0
            assert "no card studied yet" in str(app.screen.query_one("#stats-figures").render())


def test_snapshot(snap_compare, col):
    assert snap_compare(make_app(col), press=["t"], terminal_size=SIZE)
