"""The home screen: every deck with its new / learning / due counts (Anki's deck list)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from recall.errors import RecallError
from recall.model import Counts
from recall.tui import format as fmt
from recall.tui.text import clean, literal
from recall.tui.widgets.deck_table import DeckTable
from recall.tui.widgets.key_hints import KeyHints

if TYPE_CHECKING:
    from recall.tui.app import RecallApp

COLUMNS = ("Deck", "New", "Learn", "Due")
KEYS = (("↑↓", "choose"), ("enter", "study"), ("t", "statistics"), ("?", "help"), ("q", "quit"))


def _figure(number: int, colour: str) -> Text:
    """A right-aligned count in `colour`; zero is dimmed, as in Anki."""
    return Text(str(number), style=f"bold {colour}" if number else "dim", justify="right")


class DeckListScreen(Screen):
    """Decks with today's counts; Enter studies the highlighted deck.

    The figures are read from the Collection each time the screen is shown (at start and after
    a session), never while a review covers it. When nothing is due, a line says when the next
    card is.
    """

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("enter", "study", "Study"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit_app", "Quit"),
        Binding("t", "stats", "Statistics"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.decks: dict[str, Counts] = {}
        self._stale = True

    @property
    def recall_app(self) -> RecallApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(Content("Decks").stylize("bold"), id="decks-title")
        table = DeckTable(id="decks", cursor_type="row", zebra_stripes=False)
        table.add_column(COLUMNS[0], key="deck")
        for name in COLUMNS[1:]:
            table.add_column(Text(name, justify="right"), key=name.lower(), width=6)
        yield table
        yield Static(id="decks-status")
        yield KeyHints(id="keys")

    def on_mount(self) -> None:
        self.query_one(KeyHints).show(KEYS)

    def on_screen_resume(self) -> None:
        """Shown (first, or again after a session): read the counts, unless already covered."""
        if self.app.screen is self:
            self.reload()

    def on_screen_suspend(self) -> None:
        """Covered by a session: the counts will change."""
        self._stale = True

    def reload(self) -> None:
        """Read the decks and counts again and redraw."""
        app = self.recall_app
        now = app.now()
        table = self.query_one(DataTable)
        status = self.query_one("#decks-status", Static)
        try:
            self.decks = app.collection.decks(now)
            total = app.collection.counts(now)
            next_due = app.collection.next_due(now) if not total.due else None
            sample = app.collection.uses_sample()
        except RecallError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._stale = False
        selected = self._selected()
        table.clear()
        colours = self.app.theme_variables
        for name, counts in self.decks.items():
            table.add_row(
                Text(clean(name)),
                _figure(counts.new, colours.get("counts-new", "blue")),
                _figure(counts.learning, colours.get("counts-learning", "red")),
                _figure(counts.review, colours.get("counts-review", "green")),
                key=name,
            )
        if selected in self.decks:
            table.move_cursor(row=list(self.decks).index(selected), animate=False)
        lines: list[Content] = []
        if app.notice:
            lines.append(literal(app.notice, "$text-warning"))
        elif sample:
            lines.append(
                Content("Sample deck in use: add your own log with recall sync PATH").stylize(
                    "$text-warning"
                )
            )
        if not self.decks:
            lines.append(Content("No cards yet. Add your log: recall sync ~/notes/learning-log.md"))
        elif total.due:
            lines.append(
                Content(
                    f"Due today: {total.due} (new {total.new}, learning {total.learning}, "
                    f"review {total.review})"
                )
            )
        elif next_due is None:
            lines.append(Content("Nothing is due, and no card is scheduled."))
        else:
            lines.append(
                Content(
                    f"Nothing is due now. The next card is due {fmt.due_at(next_due, now, app.tz)}."
                )
            )
        status.update(Content("\n").join(lines))

    def _selected(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:
            return None
        return key.value

    def action_study(self) -> None:
        """Enter: study the highlighted deck (the list is read first if a key came before it)."""
        if self._stale:
            self.reload()
        deck = self._selected()
        if deck is not None:
            self.recall_app.study(deck)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A click on the highlighted row studies that deck (Enter is the screen's own key)."""
        event.stop()
        if event.row_key.value is not None:
            self.recall_app.study(event.row_key.value)

    def action_help(self) -> None:
        """?: the keys."""
        from recall.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_stats(self) -> None:
        """t: the statistics screen (all decks)."""
        from recall.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def action_quit_app(self) -> None:
        """q: leave recall."""
        self.app.exit()
