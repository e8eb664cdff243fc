"""The lean path behind `recall due`: today's counts read with the standard `sqlite3` module.

Nothing heavy is imported (no fsrs, sqlite-utils, markdown-it, rich, textual) unless there is
work to do first: on the first run (no collection or no source: the sample deck is synced), when
the collection needs a migration, or when a known source changed on disk (stat, then hash) and
must be re-synced. Only reads: it works while another process holds a review session open
(WAL readers never wait for writers).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, tzinfo
from pathlib import Path

from recall import clock, days, locations
from recall.errors import RecallError
from recall.store import SCHEMA_VERSION, changes, queries
from recall.store.connection import LOCK_TIMEOUT_S, guarded

SAMPLE_IN_USE = "recall: counting the bundled sample deck; add your own log with `recall sync PATH`"


# Settings used when there is no recall.toml (checked equal to `recall.settings.Settings()`
# by the tests): without the file, `recall due` does not import the settings module at all.
SETTINGS_FILE = "recall.toml"
DEFAULT_NEW_PER_DAY = 20
DEFAULT_DAY_STARTS_AT = 4


class DueReport:
    """Today's counts, as `recall due` prints them (a plain class: no dataclasses import).

    Attributes:
        total: learning (due within 20 minutes), review (due today), new (within today's limit).
        decks: deck name → its counts (a deck's new is capped by the shared daily limit).
        next_due: when the next card not due now becomes due, UTC-aware; None if never.
        notice: one line for stderr when this run just added the sample deck (first run), or None.
        sample: True while the bundled sample deck is the only source (`SAMPLE_IN_USE` says so).
        synced: True when a changed source was re-synced first.
    """

    def __init__(
        self,
        total: queries.DeckCounts,
        decks: dict[str, queries.DeckCounts] | None = None,
        next_due: datetime | None = None,
        *,
        notice: str | None = None,
        sample: bool = False,
        synced: bool = False,
    ) -> None:
        self.total, self.decks, self.next_due = total, decks or {}, next_due
        self.notice, self.sample, self.synced = notice, sample, synced


def _limits(db: str | os.PathLike | None) -> tuple[int, int]:
    """(new cards per day, day rollover hour) from recall.toml, or the defaults without one.

    Raises:
        SettingsError: an invalid recall.toml.
    """
    folder = locations.settings_dir(db)
    if not (folder / SETTINGS_FILE).exists():
        return DEFAULT_NEW_PER_DAY, DEFAULT_DAY_STARTS_AT
    from recall.settings import load_settings

    settings = load_settings(folder)
    return settings.new_per_day, settings.day_starts_at


def due_report(
    db: str | os.PathLike | None = None,
    now: datetime | None = None,
    deck: str | None = None,
    *,
    tz: tzinfo | str | None = None,
    with_decks: bool = False,
    with_next_due: bool = False,
) -> DueReport:
    """Count today's cards, re-syncing first only when a known source changed on disk.

    Args:
        db: the collection file (None: the location rules of SPEC §2).
        now: aware datetime (None: the clock / RECALL_NOW).
        deck: count this deck only.
        tz: zone of the scheduling days (None: the process's, `TZ` respected).
        with_decks: also count every deck with active cards.
        with_next_due: also compute the next due time.

    Raises:
        RecallError: unknown deck; CollectionError / CollectionLocked / SettingsError /
            ClockError as for `Collection.open`.
    """
    now = clock.resolve(now)
    path = locations.db_path(db)
    new_per_day, day_starts_at = _limits(db)
    zone = days.resolve_zone(tz) if tz is not None else None
    conn = _open_current(path)
    notice = None
    sample = synced = False
    collection = None
    try:
        if conn is not None:
            known = changes.known_sources(conn)
            needs_work = not known or any(s.exists() and s.changed() for s in known)
            sample = bool(known) and all(s.sample for s in known)
        if conn is None or needs_work:
            if conn is not None:
                conn.close()
            from recall.collection import Collection

            collection = Collection.open(db, tz=zone)
            conn = collection.connection
            notice = collection.ensure_source(now)
            if notice is None:
                collection.sync(None, now)
                synced = True
            sample = collection.uses_sample()
        with guarded(path):
            report = _count(
                conn, new_per_day, day_starts_at, now, zone, deck, with_decks, with_next_due
            )
        return DueReport(
            report.total, report.decks, report.next_due, notice=notice, sample=sample, synced=synced
        )
    finally:
        if collection is not None:
            collection.close()
        elif conn is not None:
            conn.close()


def _open_current(path: Path) -> sqlite3.Connection | None:
    """A read connection when the collection exists at the current schema, else None."""
    if not path.is_file():
        return None
    with guarded(path):
        conn = sqlite3.connect(path, timeout=LOCK_TIMEOUT_S, isolation_level=None)
        try:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
        except BaseException:
            conn.close()
            raise
    if version != SCHEMA_VERSION:
        conn.close()
        return None
    return conn


def _count(
    conn: sqlite3.Connection,
    new_per_day: int,
    day_starts_at: int,
    now: datetime,
    zone: tzinfo | None,
    deck: str | None,
    with_decks: bool,
    with_next_due: bool,
) -> DueReport:
    if (
        deck is not None
        and not conn.execute(
            "SELECT 1 FROM cards WHERE deck = ? AND status != 'orphaned' LIMIT 1", (deck,)
        ).fetchone()
    ):
        names = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT deck FROM cards WHERE status != 'orphaned' ORDER BY deck"
            )
        ]
        shown = ", ".join(names) if names else "none yet"
        raise RecallError(f"no deck named {deck!r} (decks: {shown})")
    win = queries.window(now, day_starts_at, zone)
    total, per_deck = queries.counts_by_deck(
        conn, win, new_per_day, deck, per_deck=with_decks, every_deck=with_decks
    )
    next_due = None
    if with_next_due:
        next_due = queries.next_due(conn, win, new_per_day, day_starts_at, zone, deck)
    return DueReport(total, per_deck if with_decks else {}, next_due)
