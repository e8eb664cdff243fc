"""Helpers for the TUI tests: the text on screen, a clock the test moves, a small log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from textual.app import App


def screen_text(app: App) -> str:
    """What the terminal shows now, as plain text lines (the compositor's output)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def find_text(app: App, needle: str) -> tuple[int, int]:
    """Screen (x, y) of the first cell of `needle`; AssertionError when it is not shown."""
    for y, line in enumerate(screen_text(app).splitlines()):
        x = line.find(needle)
        if x >= 0:
            return x, y
    raise AssertionError(f"{needle!r} is not on screen:\n{screen_text(app)}")


@dataclass
class StepClock:
    """A clock for the app that stands still until the test moves it (UTC-aware)."""

    now: datetime = field(default_factory=lambda: datetime(2026, 11, 29, 7, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class StepMonotonic:
    """A monotonic clock in seconds that the test moves (answer durations)."""

    seconds: float = 1000.0

    def __call__(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


@dataclass
class TickingClock:
    """A clock that moves on by `tick` every time it is read, as a real clock does between two
    reads (a fixed clock hides code that reads the time twice and mixes the two)."""

    now: datetime = field(default_factory=lambda: datetime(2026, 11, 29, 7, 0, tzinfo=UTC))
    tick: timedelta = timedelta(milliseconds=3)

    def __call__(self) -> datetime:
        self.now += self.tick
        return self.now
