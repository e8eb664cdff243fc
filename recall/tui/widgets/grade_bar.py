"""The buttons under a card: "Show answer", then Again / Hard / Good / Easy with their intervals.

Drawn as one widget (three lines of styled text with click regions) rather than five Button
widgets: the bar is redrawn for every card, and one widget lays out and paints several times
faster than five, which keeps key press → next card within SPEC §10's 30 ms.
"""

from __future__ import annotations

from textual.content import Content, Span
from textual.style import Style
from textual.widget import Widget

from recall.rating import Rating

VARIANTS = {
    Rating.AGAIN: "error",
    Rating.HARD: "warning",
    Rating.GOOD: "success",
    Rating.EASY: "primary",
}
GAP = 1


def grade_label(rating: Rating, interval: str | None) -> str:
    """``1 Again · 10m``: key, grade and the interval that grade gives."""
    label = f"{int(rating)} {rating.label}"
    return label if interval is None else f"{label} · {interval}"


class GradeBar(Widget):
    """Before the answer one "Show answer" button, after it the four grades.

    A click runs the review screen's action (``screen.reveal``, ``screen.grade(N)``), the same
    as the keys.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.buttons: list[tuple[str, str, str]] = []
        self.show_reveal()

    def show_reveal(self) -> None:
        """The question is on screen: only "Show answer"."""
        self.buttons = [("Show answer (space)", "primary", "screen.reveal")]
        self.refresh()

    def show_grades(self, intervals: dict[Rating, str]) -> None:
        """The answer is on screen: the four grades, each labelled with its interval."""
        self.buttons = [
            (
                grade_label(rating, intervals.get(rating)),
                VARIANTS[rating],
                f"screen.grade({int(rating)})",
            )
            for rating in Rating
        ]
        self.refresh()

    @property
    def labels(self) -> list[str]:
        """The button labels shown now, left to right."""
        return [label for label, _, _ in self.buttons]

    def render(self) -> Content:
        width = self.content_region.width
        count = len(self.buttons)
        base = max((width - GAP * (count - 1)) // count, 1)
        extra = max(width - GAP * (count - 1) - base * count, 0)
        parse = self.app.stylesheet.parse_style
        cells: list[tuple[int, str, Style]] = []
        for index, (label, variant, action) in enumerate(self.buttons):
            size = base + (1 if index < extra else 0)
            text = label if len(label) <= size else label[: max(size - 1, 0)] + "…"
            face = parse(f"bold $background on ${variant}") + Style.from_meta({"@click": action})
            cells.append((size, text, face))
        rows = []
        for row in range(3):
            text, spans, position = [], [], 0
            for index, (size, label, face) in enumerate(cells):
                if index:
                    text.append(" " * GAP)
                    position += GAP
                text.append(label.center(size) if row == 1 else " " * size)
                spans.append(Span(position, position + size, face))
                position += size
            rows.append(Content("".join(text), spans=spans))
        return Content("\n").join(rows)
