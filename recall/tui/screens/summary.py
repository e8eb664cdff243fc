"""The end of a session: cards reviewed, again rate, time spent, what is left and when the next card is due."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from recall.rating import Rating
from recall.tui import format as fmt
from recall.tui.session import ReviewSession, Summary
from recall.tui.text import literal
from recall.tui.widgets.key_hints import KeyHints

if TYPE_CHECKING:
    from recall.tui.app import RecallApp


class SummaryScreen(Screen):
    """Shown over the review screen when the session ends (q) or nothing is left (done).

    Keys: Enter the deck list, u (or Ctrl+Z) undo the last rating, suspend or bury (back to the review), q quit.
    """

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("enter", "decks", "Decks"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("q", "quit_app", "Quit"),
    ]

    def __init__(self, session: ReviewSession, summary: Summary, *, done: bool) -> None:
        super().__init__()
        self.session = session
        self.summary = summary
        self.done = done

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-box"):
            yield Static(self._title(), id="summary-title")
            yield Static(self._figures(), id="summary-figures")
        yield KeyHints(id="keys")

    def on_mount(self) -> None:
        self.query_one(KeyHints).show((("enter", "decks"), ("u", "undo"), ("q", "quit")))

    def _title(self) -> Content:
        deck = self.session.deck
        if self.done:
            title = "Congratulations! You have finished this deck for now."
            if deck is None:
                title = "Congratulations! Nothing more is due now."
        else:
            title = "Session finished."
        heading = Content(title).stylize("bold")
        if deck is not None:
            heading = Content.assemble(heading, Content("\n"), literal(deck, "$text-muted"))
        return heading

    def _figures(self) -> Content:
        app: RecallApp = self.app  # type: ignore[assignment]
        s = self.summary
        now = self.session.now()
        again = "-" if s.again_rate is None else f"{s.again_rate:.0%}"
        ratings = "  ".join(f"{r.label} {s.ratings[r]}" for r in Rating)
        remaining = s.remaining
        if s.next_due is None:
            next_due = "no card is scheduled"
        else:
            next_due = fmt.due_at(s.next_due, now, app.tz)
        rows = [
            (
                "Cards reviewed",
                f"{s.reviewed}"
                + (f" ({fmt.plural(s.cards, 'card')})" if s.cards != s.reviewed else ""),
            ),
            ("Again rate", again),
            ("Ratings", ratings),
            ("Time spent", fmt.time_spent(s.time_ms)),
            (
                "Left today",
                f"{remaining.due} (new {remaining.new}, learning {remaining.learning}, "
                f"review {remaining.review})",
            ),
            ("Next card due", next_due),
        ]
        width = max(len(label) for label, _ in rows)
        lines = [
            Content.assemble(Content(f"{label:<{width}}  ").stylize("$text-muted"), Content(value))
            for label, value in rows
        ]
        return Content("\n").join(lines)

    def action_decks(self) -> None:
        """Enter: back to the deck list."""
        app: RecallApp = self.app  # type: ignore[assignment]
        app.show_decks()

    async def action_undo(self) -> None:
        """u: undo the last rating, suspend or bury and show that card again."""
        from recall.tui.screens.review import ReviewScreen

        if not self.session.can_undo:
            self.notify("Nothing to undo in this session.", markup=False)
            return
        self.dismiss()
        review = self.app.screen
        if isinstance(review, ReviewScreen):
            await review.action_undo()

    def action_quit_app(self) -> None:
        """q: leave recall."""
        self.app.exit()
