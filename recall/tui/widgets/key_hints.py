"""The bottom line of every screen: the keys that act now, e.g. ``space show answer  u undo  ? help``."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static


class KeyHints(Static):
    """One line of key hints (fixed text, never markup)."""

    def show(self, hints: Sequence[tuple[str, str]]) -> None:
        """Show `(key, what it does)` pairs."""
        self.update(
            Content("  ").join(
                Content.assemble(Content(key).stylize("bold $accent"), Content(f" {what}"))
                for key, what in hints
            )
        )
