"""Ratings and card states, named as in Anki and FSRS (no scheduler import needed)."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Rating(IntEnum):
    """How well the answer was recalled; the value is the key pressed in review (1-4)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        """The button label: "Again", "Hard", "Good" or "Easy"."""
        return self.name.capitalize()


class State(StrEnum):
    """A card's scheduling state."""

    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"


class Status(StrEnum):
    """Whether a stored card takes part in review."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    ORPHANED = "orphaned"
