"""The statistics screen (key t on the deck list): figures, due forecast and reviews-per-day charts."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual_plotext import PlotextPlot

from recall.charts import BarChart, draw, forecast_chart, reviews_chart
from recall.errors import RecallError
from recall.stats import Stats, compute, describe, history_start
from recall.tui.text import clean
from recall.tui.widgets.key_hints import KeyHints

KEYS = (("esc", "back to the decks"), ("r", "reload"))


class StatsScreen(Screen):
    """Statistics of the app's collection (all decks, or one), read when the screen opens.

    Args:
        deck: one deck's figures; None for all decks.
    """

    CSS_PATH = "../stats.tcss"
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape", "back", "Back"),
        Binding("q", "back", "Back", show=False),
        Binding("t", "back", "Back", show=False),
        Binding("r", "reload", "Reload"),
    ]

    def __init__(self, deck: str | None = None) -> None:
        super().__init__()
        self.deck = deck
        self.stats: Stats | None = None
        """The figures on screen (None until read)."""

    def compose(self) -> ComposeResult:
        yield Static(id="stats-title")
        yield Static(id="stats-figures")
        yield PlotextPlot(id="stats-forecast", classes="stats-chart")
        yield PlotextPlot(id="stats-reviews", classes="stats-chart")
        yield KeyHints(id="stats-keys")

    def on_mount(self) -> None:
        self.query_one(KeyHints).show(KEYS)
        self.action_reload()

    def _now(self) -> datetime:
        return self.app.now()  # type: ignore[attr-defined]

    def action_reload(self) -> None:
        """r: read the collection again and redraw."""
        collection = self.app.collection  # type: ignore[attr-defined]
        try:
            stats = compute(
                collection.cards(deck=self.deck),
                collection.review_marks(since=history_start(collection.scheduler, self._now())),
                collection.scheduler,
                self._now(),
                deck=self.deck,
            )
        except RecallError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.show(stats)

    def show(self, stats: Stats) -> None:
        """Put `stats` on screen."""
        self.stats = stats
        where = "All decks" if stats.deck is None else clean(stats.deck)
        self.query_one("#stats-title", Static).update(
            Content.assemble(
                Content("Statistics").stylize("bold"),
                Content(f"  {where}, {stats.today.isoformat()}"),
            )
        )
        self.query_one("#stats-figures", Static).update(
            Content("\n".join(describe(stats, compact=True)))
        )
        variables = self.app.theme_variables
        self._plot("#stats-forecast", forecast_chart(stats), variables.get("primary", "blue"))
        self._plot("#stats-reviews", reviews_chart(stats), variables.get("counts-review", "green"))

    def _plot(self, selector: str, chart: BarChart, colour: str) -> None:
        plot = self.query_one(selector, PlotextPlot)
        draw(plot.plt, chart, color=Color.parse(colour).rgb, marker="sd", width=0.5)
        plot.refresh()

    def action_back(self) -> None:
        """esc, q or t: back to the deck list."""
        self.dismiss()
