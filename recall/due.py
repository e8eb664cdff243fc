"""The lean path behind `recall due`: today's counts read with the standard `sqlite3` module.

Nothing heavy is imported (no fsrs, sqlite-utils, markdown-it, rich, textual) unless there is
work to do first: on the first run (no collection or no source: the sample deck is synced), when
the collection needs a migration, or when a known source changed on disk (stat, then hash) and
must be re-synced. Only reads: it works while another process holds a review session open
(WAL readers never wait for writers).

The re-sync is kept short, as a shell prompt runs this: a change to sources holding more than
RESYNC_MAX_BYTES of markdown is left to `recall sync` (the counts are the stored ones, and one
line on stderr says so), and when another process holds the write lock for longer than
RESYNC_LOCK_WAIT_S the stored counts are given too (with a line saying the re-sync was skipped).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, tzinfo
from pathlib import Path

from recall import clock, days, locations
from recall.errors import CollectionLocked, RecallError
from recall.store import SCHEMA_VERSION, changes, queries
from recall.store.connection import LOCK_TIMEOUT_S, guarded

SAMPLE_IN_USE = "recall: counting the bundled sample deck; add your own log with `recall sync PATH`"

RESYNC_MAX_BYTES = 128 * 1024
"""The most markdown (bytes, summed over the changed sources' files) `recall due` re-syncs
before counting: about 1,400 cards, under a second once after an edit (their Anki fields are left to
`recall export` to render). A bigger change is left to
`recall sync`."""
RESYNC_LOCK_WAIT_S = 0.5
"""How long `recall due` waits for another process's write lock before counting without the
re-sync (a shell prompt must not hang for the 5 s a command waits)."""

BIG_CHANGE = (
    "recall: {names} changed ({size} to re-read); these counts are from the last sync: "
    "run `recall sync` to update them"
)
OUTDATED = (
    "recall: {names} must be re-read by this version of recall ({size}); these counts are "
    "from the last sync: run `recall sync` to update them"
)
BUSY = (
    "recall: {names} changed but the collection is busy (another recall is writing); "
    "these counts are from the last sync"
)
MISSING = (
    "recall: {path} no longer exists; its cards are still counted (sync it from its new place)"
)


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
        skipped: lines for stderr when a changed source was not re-synced (too big a change,
            or the collection busy): the counts are the stored ones.
        problems: lines for stderr naming known sources that no longer exist on disk, and what
            the re-sync could not read (a file no longer UTF-8 text...): their cards are counted
            as last synced.
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
        skipped: list[str] | None = None,
        problems: list[str] | None = None,
    ) -> None:
        self.total, self.decks, self.next_due = total, decks or {}, next_due
        self.notice, self.sample, self.synced = notice, sample, synced
        self.skipped, self.problems = skipped or [], problems or []


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

    The re-sync is skipped (and `DueReport.skipped` says why) when the changed sources hold
    more than RESYNC_MAX_BYTES of markdown, or another process keeps the write lock for longer
    than RESYNC_LOCK_WAIT_S.

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
    skipped: list[str] = []
    problems: list[str] = []
    try:
        if conn is not None:
            with guarded(path):
                known = changes.known_sources(conn)
            present = [s for s in known if s.exists()]
            problems = [
                MISSING.format(path=s.path) for s in known if not s.sample and s not in present
            ]
            changed = [s for s in present if s.changed()]
            sample = bool(known) and all(s.sample for s in known)
        if conn is None or not known:
            # First run (the sample deck) or a migration: the full Collection does the work.
            if conn is not None:
                conn.close()
                conn = None
            from recall.collection import Collection

            with Collection.open(db, tz=zone) as collection:
                notice = collection.ensure_source(now)
                if notice is None:
                    collection.sync(None, now, render=False)
                    synced = True
                sample = collection.uses_sample()
            conn = _open_current(path)
        elif changed:
            synced, skipped, errors = _resync(db, zone, now, changed)
            problems += [f"recall: {line}" for line in errors]
        with guarded(path):
            report = _count(
                conn, new_per_day, day_starts_at, now, zone, deck, with_decks, with_next_due
            )
        return DueReport(
            report.total,
            report.decks,
            report.next_due,
            notice=notice,
            sample=sample,
            synced=synced,
            skipped=skipped,
            problems=problems,
        )
    finally:
        if conn is not None:
            conn.close()


def _resync(
    db: str | os.PathLike | None, zone: tzinfo | None, now: datetime, changed: list
) -> tuple[bool, list[str], list[str]]:
    """Re-sync every known source when the change is small.

    Returns:
        (re-synced?, lines saying why not, the errors the re-sync reported for the changed
        sources' files).
    """
    names = ", ".join(s.path for s in changed)
    size = sum(_markdown_bytes(s) for s in changed)
    if size > RESYNC_MAX_BYTES:
        line = OUTDATED if all(s.outdated for s in changed) else BIG_CHANGE
        return False, [line.format(names=names, size=_size_text(size))], []
    from recall.collection import Collection

    try:
        with Collection.open(db, tz=zone, lock_timeout=RESYNC_LOCK_WAIT_S) as collection:
            report = collection.sync(None, now, render=False)
    except CollectionLocked:
        return False, [BUSY.format(names=names)], []
    # Vanished sources are named already (as `problems`); keep what the re-read met.
    errors = [
        line for line in report.errors if ": no longer exists; its cards are kept" not in line
    ]
    return True, [], errors


def _markdown_bytes(source: changes.KnownSource) -> int:
    """The bytes a re-sync of `source` would parse (every markdown file of it, as on disk now)."""
    if source.kind == "folder":
        files, _ = changes.walk(Path(source.path))
    else:
        files = [Path(source.path)]
    return sum((changes.signature(f) or (0,))[0] for f in files)


def _size_text(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size // 1024} KB"


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
