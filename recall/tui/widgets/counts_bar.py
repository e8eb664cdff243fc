"""Today's remaining counts, always visible while reviewing: new / learning / review (Anki's colours)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from recall.model import Counts
from recall.rating import State


class CountsBar(Static):
    """``New 3  Learning 1  Review 12``; the queue of the card on screen is underlined, as in Anki."""

    def show(self, counts: Counts, current: State | None = None) -> None:
        """Show `counts`; `current` is the state of the card on screen (None: no card)."""
        learning = current in (State.LEARNING, State.RELEARNING)
        parts = [
            ("New", counts.new, "$counts-new", current == State.NEW),
            ("Learning", counts.learning, "$counts-learning", learning),
            ("Review", counts.review, "$counts-review", current == State.REVIEW),
        ]
        pieces = []
        for label, number, colour, active in parts:
            figure = Content(str(number)).stylize(f"bold {colour}")
            if active:
                figure = figure.stylize("underline")
            pieces.append(Content.assemble(Content(f"{label} "), figure))
        self.update(Content("   ").join(pieces))
