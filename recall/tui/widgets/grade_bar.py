"""The buttons under a card: "Show answer", then Again / Hard / Good / Easy with their intervals."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button

from recall.rating import Rating

VARIANTS = {
    Rating.AGAIN: "error",
    Rating.HARD: "warning",
    Rating.GOOD: "success",
    Rating.EASY: "primary",
}


class _KeylessButton(Button):
    """A button for the mouse only: keys stay with the screen's bindings (Enter reveals, 1-4 grade)."""

    can_focus = False


def grade_label(rating: Rating, interval: str | None) -> Content:
    """``1 Again · 10m``: key, grade and the interval that grade gives."""
    label = Content(f"{int(rating)} {rating.label}")
    if interval is None:
        return label
    return Content.assemble(label, Content(" · "), Content(interval).stylize("bold"))


class GradeBar(Horizontal):
    """Before the answer: one "Show answer" button; after: the four grade buttons.

    Buttons post `Button.Pressed` with ids ``reveal``, ``grade-1`` ... ``grade-4``.
    """

    def compose(self) -> ComposeResult:
        yield _KeylessButton(Content("Show answer (space)"), id="reveal", variant="primary")
        for rating in Rating:
            yield _KeylessButton(
                grade_label(rating, None),
                id=f"grade-{int(rating)}",
                variant=VARIANTS[rating],
                classes="grade",
            )

    def show_reveal(self) -> None:
        """The question is on screen: only "Show answer"."""
        self.set_class(False, "-answered")

    def show_grades(self, intervals: dict[Rating, str]) -> None:
        """The answer is on screen: the four grades, each labelled with its interval."""
        for rating in Rating:
            self.query_one(f"#grade-{int(rating)}", Button).label = grade_label(
                rating, intervals.get(rating)
            )
        self.set_class(True, "-answered")
