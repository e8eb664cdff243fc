"""`--explain` records: for every list item, heading, paragraph and code block, what happened."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Explanation:
    """Why a piece of the log made a card or not.

    Attributes:
        path: the file as shown to the user (``source.path``).
        line: 1-based line of the item, heading, paragraph or code block.
        text: its first line, as written.
        outcome: ``"card (label): How it works?"`` or the reason no card was made.
        card: whether a card was made.
    """

    path: str
    line: int
    text: str
    outcome: str
    card: bool

    def to_json(self) -> dict:
        """``{"path", "line", "text", "outcome", "card"}``."""
        return {
            "path": self.path,
            "line": self.line,
            "text": self.text,
            "outcome": self.outcome,
            "card": self.card,
        }
