"""The line above a question: deck and heading path, so the question is answerable."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from recall.tui.text import clean

SEPARATOR = " › "


class Breadcrumb(Static):
    """Deck › heading › heading, shown literally (headings are data, never markup)."""

    def show(self, deck: str, context: Sequence[str]) -> None:
        """Show the deck name and the card's heading path."""
        parts = [Content(clean(deck)).stylize("$text-muted")]
        parts += [Content(clean(heading)) for heading in context]
        self.update(Content(SEPARATOR).join(parts))
