"""recall's explicit colour theme (dark), so the app looks the same whatever Textual's default is."""

from __future__ import annotations

from textual.theme import Theme

RECALL_THEME = Theme(
    name="recall",
    primary="#4C8BF5",
    secondary="#7E9CD8",
    accent="#E6B450",
    warning="#E6B450",
    error="#E05252",
    success="#5FB36B",
    foreground="#E4E4E4",
    background="#16181D",
    surface="#1F2229",
    panel="#2A2E37",
    dark=True,
    variables={
        # Anki's queue colours: new blue, learning red, review green.
        "counts-new": "#5B9BF8",
        "counts-learning": "#E86A6A",
        "counts-review": "#6CC47A",
        "footer-key-foreground": "#E6B450",
    },
)
