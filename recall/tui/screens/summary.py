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
from recall.tui.session import Ending, ReviewSession, Summary
from recall.tui.text import literal
from recall.tui.widgets.key_hints import KeyHints

if TYPE_CHECKING:
    from recall.tui.app import RecallApp


class SummaryScreen(Screen):
    """Shown over the review screen when the session ends: q, its limit reached, or nothing left.

    It congratulates only when nothing is due now; otherwise it says why the session ended and
    how many cards are still due today (Anki's wording is the guide).

    Keys: Enter the deck list, u (or Ctrl+Z) undo the last rating, suspend or bury (back to the review), q quit.
    """

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("enter", "decks", "Decks"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("q", "quit_app", "Quit"),
    ]

    def __init__(self, session: ReviewSession, summary: Summary) -> None:
        super().__init__()
        self.session = session
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-box"):
            yield Static(self._title(), id="summary-title")
            yield Static(self._figures(), id="summary-figures")
        yield KeyHints(id="keys")

    def on_mount(self) -> None:
        self.query_one(KeyHints).show((("enter", "decks"), ("u", "undo"), ("q", "quit")))

    def _title(self) -> Content:
        deck = self.session.deck
        heading = Content(ending_title(self.summary, every_deck=deck is None)).stylize("bold")
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


def ending_title(summary: Summary, *, every_deck: bool = False) -> str:
    """The summary's first line: why the session ended and, unless nothing is left, what is.

    ``Congratulations! You have finished this deck for now.`` (Anki's words) only when nothing is
    due now; ``Session limit reached (3 cards); 18 more due today.`` when `--limit` ended it;
    ``Session finished; 18 more due today.`` when the user did.

    Args:
        summary: the session's figures (`Summary.ending`, `remaining`, `limit`).
        every_deck: the session studied every deck, not one.
    """
    if summary.ending == Ending.DONE:
        if every_deck:
            return "Congratulations! Nothing more is due now."
        return "Congratulations! You have finished this deck for now."
    left = f"{summary.remaining.due} more due today."
    if summary.ending == Ending.LIMIT and summary.limit is not None:
        return f"Session limit reached ({fmt.plural(summary.limit, 'card')}); {left}"
    return f"Session finished; {left}"
