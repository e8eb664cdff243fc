"""The records recall's public API hands out: cards, review-log entries, counts, sync reports.

Plain frozen dataclasses with no heavy imports, shared by the collection, the scheduler, the
TUI, the exporter and the statistics. All datetimes are UTC-aware; durations are named with units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from recall.rating import Rating, State, Status


@dataclass(frozen=True)
class SourceRef:
    """Where a card comes from in the log.

    Attributes:
        path: the file as the user gave it (inside a folder given as PATH: relative to that folder),
            with forward slashes.
        line: 1-based line of the item that made the card.
        end_line: 1-based last line of the card's text.
        url: link of the nearest link heading above the item, or None.
    """

    path: str
    line: int
    end_line: int
    url: str | None = None

    def to_dict(self) -> dict:
        """``{"path", "line", "end_line", "url"}`` as in SPEC §3."""
        return {"path": self.path, "line": self.line, "end_line": self.end_line, "url": self.url}


@dataclass(frozen=True)
class Memory:
    """A card's scheduling fields (FSRS).

    Attributes:
        state: new / learning / review / relearning.
        step: index of the current (re)learning step, None outside learning.
        stability: FSRS stability in days (time for retrievability to fall to 90%), None when new.
        difficulty: FSRS difficulty, 1.0-10.0, None when new.
        due: when the card is next due, UTC-aware; None for a new card.
        last_review: time of the last review, UTC-aware; None when new.
        reps: number of reviews.
        lapses: number of times a review-state card was rated Again.
    """

    state: State = State.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0


@dataclass(frozen=True)
class Card:
    """A card stored in the collection.

    Attributes:
        id: permanent id (16 hex digits); never changes, even when the card's text is relinked.
            The Anki note GUID derives from it.
        key: content key (source file, context, question) used to match a new extraction.
        deck: deck name.
        context: the heading path above the item.
        question, answer: markdown text.
        kind: the extraction rule that made the card ("label", "parent", "question", ...).
        tags: tags from the log (e.g. the entry date ``2024-09-09``).
        source: where the card is in the log.
        file: absolute path of the log file holding the card (for media and the editor), or None.
        status: active / suspended / orphaned.
        buried_until: when a bury ends (the next day start), UTC-aware; None when not buried.
        memory: scheduling fields.
        position: order of the card in its log, used to introduce new cards in log order.
        created: when the card was first stored, UTC-aware.
    """

    id: str
    key: str
    deck: str
    context: tuple[str, ...]
    question: str
    answer: str
    kind: str
    tags: tuple[str, ...]
    source: SourceRef
    file: str | None = None
    status: Status = Status.ACTIVE
    buried_until: datetime | None = None
    memory: Memory = field(default_factory=Memory)
    position: int = 0
    created: datetime | None = None

    # Shortcuts used by the CLI and the TUI (SPEC §9 names).
    @property
    def state(self) -> State:
        return self.memory.state

    @property
    def due(self) -> datetime | None:
        return self.memory.due

    @property
    def reps(self) -> int:
        return self.memory.reps

    @property
    def lapses(self) -> int:
        return self.memory.lapses


class ReviewMark(NamedTuple):
    """One review as the statistics read it: what a `ReviewLog` says, without the memory fields.

    Attributes:
        card_id: permanent card id.
        reviewed_at: when the grade was given, UTC-aware.
        rating: the grade given.
        state_before: the card's state before the review.
    """

    card_id: str
    reviewed_at: datetime
    rating: Rating
    state_before: State


@dataclass(frozen=True)
class ReviewLog:
    """One review, as committed; never edited (undo deletes the last one and restores `before`).

    Attributes:
        id: row id, increasing.
        card_id: permanent card id.
        rating: the grade given.
        reviewed_at: when the grade was given, UTC-aware.
        duration_ms: time from showing the question to grading, in milliseconds (None if unknown).
        before: the card's scheduling fields before the review.
        after: the card's scheduling fields after the review.
    """

    id: int
    card_id: str
    rating: Rating
    reviewed_at: datetime
    duration_ms: int | None
    before: Memory
    after: Memory

    @property
    def state_before(self) -> State:
        return self.before.state

    @property
    def state_after(self) -> State:
        return self.after.state


@dataclass(frozen=True)
class Counts:
    """Cards to study today (SPEC §6): `due` = review + learning + new."""

    review: int = 0
    learning: int = 0
    new: int = 0

    @property
    def due(self) -> int:
        return self.review + self.learning + self.new


@dataclass(frozen=True)
class SyncReport:
    """What a sync did (or, for a dry run, would do), as counts of cards.

    `warnings` and `errors` are one-line messages (errors: files that could not be read);
    `notices` are one-line news for the user (e.g. the sample deck retiring).
    """

    added: int = 0
    updated: int = 0
    relinked: int = 0
    orphaned: int = 0
    unchanged: int = 0
    restored: int = 0
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
