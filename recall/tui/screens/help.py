"""The keys of the review app, shown over the current screen with ?."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from recall.tui.widgets.key_hints import KeyHints

KEYS: tuple[tuple[str, str], ...] = (
    ("space / enter", "show the answer; with the answer shown, grade Good"),
    ("1 2 3 4", "grade Again, Hard, Good, Easy (buttons show intervals)"),
    ("u / ctrl+z", "undo a rating, suspend or bury; again to go further back"),
    ("s / @ / !", "suspend the card (until: recall cards --unsuspend ID)"),
    ("b / - / =", "bury the card until tomorrow"),
    ("e", "edit the source in $VISUAL/$EDITOR at the card's line"),
    ("o", "open the card's source link in the web browser"),
    ("↑ ↓ PgUp PgDn", "scroll a long answer"),
    ("?", "this help"),
    ("q", "finish: the session summary"),
    ("ctrl+c", "quit recall (every rating is already saved)"),
)
"""Review keys (also the README's "Reviewing" table). The aliases are Anki's desktop keys
(Ctrl+Z undo, - bury, @ suspend; = and ! act on Anki's whole note, which in recall is the card)."""

DECK_KEYS: tuple[tuple[str, str], ...] = (
    ("up / down", "choose a deck"),
    ("enter", "study the highlighted deck"),
    ("t", "statistics: retention, reviews, forecast"),
    ("q", "quit"),
)
"""Deck list keys."""


def keys_table(keys: tuple[tuple[str, str], ...]) -> Content:
    """Two columns, key and what it does."""
    width = max(len(key) for key, _ in keys)
    return Content("\n").join(
        Content.assemble(Content(f"{key:>{width}}").stylize("bold $accent"), Content(f"  {what}"))
        for key, what in keys
    )


class HelpScreen(ModalScreen[None]):
    """The keys; any of escape, ? or q closes it (its own key line says so, covering the
    screen's below, whose keys do not act while the help is open)."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(
                Content.assemble(
                    Content("Reviewing").stylize("bold"),
                    Content("  (esc closes this help)").stylize("$text-muted"),
                )
            )
            yield Static(keys_table(KEYS))
            yield Static(Content("Deck list").stylize("bold"), classes="help-heading")
            yield Static(keys_table(DECK_KEYS))
            yield Static(
                Content("Mouse: click a button; the wheel scrolls a long answer."),
                classes="help-note",
            )
        yield KeyHints(id="keys")

    def on_mount(self) -> None:
        self.query_one(KeyHints).show((("esc", "close help"), ("ctrl+c", "quit")))

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
