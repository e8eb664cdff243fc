"""The collection: cards and their review log in one SQLite file (SPEC §2, §4, §5, §9).

INTERFACE STUB (foundation): the signatures below are the contract the TUI, the exporter and
the statistics build on. Issue #4 replaces the bodies; keep the names and shapes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import datetime

from recall.errors import NotImplementedYet
from recall.model import Card, Counts, ReviewLog, SyncReport
from recall.rating import Rating
from recall.settings import Settings


def _todo():
    raise NotImplementedYet("the collection is not built yet (issue #4)")


class Collection:
    """A recall collection (one SQLite file). Open with `Collection.open()`; use as a context manager."""

    settings: Settings

    @classmethod
    def open(cls, db: str | os.PathLike | None = None) -> Collection:
        """Open (creating if needed) the collection at `db` or the location rules of SPEC §2.

        Raises:
            CollectionError: corrupt file, newer schema, unwritable folder.
            CollectionLocked: another process held the write lock for too long.
            SettingsError: invalid `recall.toml` beside it.
        """
        _todo()

    def close(self) -> None:
        _todo()

    def __enter__(self) -> Collection:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- sources and sync -------------------------------------------------------------------
    def sync(
        self,
        paths: Iterable[str | os.PathLike] | None = None,
        now: datetime | None = None,
        *,
        dry_run: bool = False,
    ) -> SyncReport:
        """Extract `paths` (files or folders; None = every known source) and store the cards."""
        _todo()

    def sources(self) -> list[str]:
        """The known source paths (as given to sync), in the order they were added."""
        _todo()

    # --- cards ------------------------------------------------------------------------------
    def cards(self, *, deck: str | None = None, status: str | None = None) -> list[Card]:
        """Stored cards in log order (deck, source, position); `status` filters active/suspended/orphaned."""
        _todo()

    def card(self, card_id: str) -> Card:
        """One card. Raises CardNotFound."""
        _todo()

    def decks(self, now: datetime | None = None) -> dict[str, Counts]:
        """Deck name → today's counts for that deck (every deck with active cards, sorted by name)."""
        _todo()

    # --- review -----------------------------------------------------------------------------
    def queue(self, now: datetime | None = None, deck: str | None = None) -> list[Card]:
        """Cards to review now, in review order (learning due now, then reviews, then new up to the limit)."""
        _todo()

    def counts(self, now: datetime | None = None, deck: str | None = None) -> Counts:
        """Today's counts (SPEC §6): learning due within 20 minutes, reviews due today, new within the limit."""
        _todo()

    def next_due(self, now: datetime | None = None, deck: str | None = None) -> datetime | None:
        """When the next card after `now` becomes due (UTC-aware), or None."""
        _todo()

    def preview(self, card_id: str, now: datetime | None = None) -> dict[Rating, datetime]:
        """{Rating: next due datetime (UTC-aware)} for the four ratings; exactly what `review` would give."""
        _todo()

    def review(
        self,
        card_id: str,
        rating: Rating,
        now: datetime | None = None,
        duration_ms: int | None = None,
    ) -> Card:
        """Grade a card; the rating and its review-log row are committed before returning."""
        _todo()

    def undo(self) -> Card | None:
        """Undo the last review (delete its log row, restore the card exactly); None when nothing to undo."""
        _todo()

    def suspend(self, card_id: str) -> Card:
        _todo()

    def unsuspend(self, card_id: str) -> Card:
        _todo()

    def bury(self, card_id: str, now: datetime | None = None) -> Card:
        """Hide the card until the start of the next scheduling day."""
        _todo()

    def reviews(self, card_id: str | None = None) -> list[ReviewLog]:
        """The review log, oldest first (one card's, or all)."""
        _todo()

    # --- FSRS parameters --------------------------------------------------------------------
    def parameters(self) -> tuple[float, ...]:
        """The FSRS parameters in use (defaults until `recall optimize --apply`)."""
        _todo()

    def set_parameters(self, parameters: Sequence[float]) -> None:
        """Store new FSRS parameters, keeping the previous ones for `revert_parameters`."""
        _todo()
