"""The undo stack's steps: what one review, suspend or bury changed, and how to take it back exactly."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from recall.errors import RecallError
from recall.store.rows import LOG_SELECT, MEMORY_SET, memory_values, review_from

Flags = tuple[str, int, str | None]
"""A card's review flags as stored: (status, suspended 0/1, buried_until as UTC ISO-8601 text)."""

_FLAGS_SELECT = "SELECT status, suspended, buried_until FROM cards WHERE id = ?"


def read_flags(conn: sqlite3.Connection, card_id: str) -> Flags | None:
    """The card's stored (status, suspended, buried_until), or None when there is no such card."""
    row = conn.execute(_FLAGS_SELECT, (card_id,)).fetchone()
    return None if row is None else (row[0], row[1], row[2])


@dataclass(frozen=True)
class ReviewStep:
    """A review: its review-log row (which holds the card's full Memory before it).

    Attributes:
        log_id: the review-log row's id.
    """

    log_id: int

    def take_back(self, conn: sqlite3.Connection) -> str | None:
        """Delete the review-log row and put the card's Memory back as it was (inside a write).

        Returns:
            The card's id, or None when the row is already gone (undone by another session).

        Raises:
            RecallError: the card was reviewed again since by another session (nothing changed).
        """
        row = conn.execute(LOG_SELECT + " WHERE id = ?", (self.log_id,)).fetchone()
        if row is None:
            return None
        entry = review_from(row)
        (last,) = conn.execute(
            "SELECT max(id) FROM review_log WHERE card_id = ?", (entry.card_id,)
        ).fetchone()
        if last != self.log_id:
            raise RecallError(
                f"cannot undo: card {entry.card_id} was reviewed again since (by another session)"
            )
        conn.execute(
            f"UPDATE cards SET {MEMORY_SET} WHERE id = ?",
            (*memory_values(entry.before), entry.card_id),
        )
        conn.execute("DELETE FROM review_log WHERE id = ?", (self.log_id,))
        return entry.card_id


@dataclass(frozen=True)
class FlagStep:
    """A suspend, unsuspend, bury or unbury: the card's flags before and after it.

    Attributes:
        action: "suspend", "unsuspend", "bury" or "unbury" (for messages).
        card_id: the card's permanent id.
        before: the flags the step found.
        after: the flags the step left.
    """

    action: str
    card_id: str
    before: Flags
    after: Flags

    def take_back(self, conn: sqlite3.Connection) -> str | None:
        """Put the card's status, suspended flag and buried_until back as they were (inside a write).

        Returns:
            The card's id, or None when the card no longer exists.

        Raises:
            RecallError: the card's flags changed since (another session, or a sync orphaned or
                restored it); nothing changed.
        """
        now = read_flags(conn, self.card_id)
        if now is None:
            return None
        if now != self.after:
            raise RecallError(
                f"cannot undo the {self.action}: card {self.card_id} changed since "
                "(by another session or a sync)"
            )
        status, suspended, buried_until = self.before
        conn.execute(
            "UPDATE cards SET status = ?, suspended = ?, buried_until = ? WHERE id = ?",
            (status, suspended, buried_until, self.card_id),
        )
        return self.card_id


UndoStep = ReviewStep | FlagStep
"""One entry of a Collection's undo stack."""
