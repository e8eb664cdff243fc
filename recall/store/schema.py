"""The collection's tables and indexes, as SQL run by the migrations (`SCHEMA_V1`, then `SCHEMA_V2`).

Instants are TEXT in the fixed form of `recall.store.times` (UTC, microseconds, ``+00:00``); CHECK
constraints refuse any other form, so text comparison is time comparison in every query.
"""

from __future__ import annotations

from recall.store import SCHEMA_VERSION
from recall.store.times import STORED_GLOB

__all__ = ["SCHEMA_V1", "SCHEMA_V2", "SCHEMA_VERSION", "TABLES"]

TABLES = ("settings", "sources", "source_files", "cards", "review_log", "rendered")


def _instant(column: str, *, null: bool = True) -> str:
    check = f"{column} GLOB '{STORED_GLOB}'"
    if null:
        return f"{column} TEXT CHECK ({column} IS NULL OR {check})"
    return f"{column} TEXT NOT NULL CHECK ({check})"


_MEMORY_COLUMNS = """
    {p}state TEXT NOT NULL CHECK ({p}state IN ('new', 'learning', 'review', 'relearning')),
    {p}step INTEGER,
    {p}stability REAL,
    {p}difficulty REAL,
    {due},
    {last_review},
    {p}reps INTEGER NOT NULL DEFAULT 0,
    {p}lapses INTEGER NOT NULL DEFAULT 0"""


def _memory(prefix: str) -> str:
    return _MEMORY_COLUMNS.format(
        p=prefix,
        due=_instant(f"{prefix}due"),
        last_review=_instant(f"{prefix}last_review"),
    )


SCHEMA_V1 = [
    # Key/value store for JSON values: FSRS parameters (+ previous ones), the scheduler's JSON.
    """CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
)""",
    # A path given to `recall sync` (file or folder), by resolved absolute path.
    f"""CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    given TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('file', 'folder')),
    sample INTEGER NOT NULL DEFAULT 0,
    retired INTEGER NOT NULL DEFAULT 0,
    {_instant("added", null=False)},
    {_instant("last_sync")},
    listing TEXT,
    folders TEXT,
    extracted_by TEXT
)""",
    # Every markdown file a source read at its last sync, with what detects a change.
    f"""CREATE TABLE source_files (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    path TEXT NOT NULL,
    display TEXT NOT NULL,
    id_path TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    {_instant("last_sync", null=False)},
    UNIQUE (source_id, path)
)""",
    f"""CREATE TABLE cards (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    extraction_id TEXT NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    deck TEXT NOT NULL,
    context TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    kind TEXT NOT NULL,
    tags TEXT NOT NULL,
    source_path TEXT NOT NULL,
    line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    url TEXT,
    file TEXT,
    id_path TEXT NOT NULL,
    file_order INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'orphaned')),
    suspended INTEGER NOT NULL DEFAULT 0,
    {_instant("buried_until")},{_memory("")},
    {_instant("created", null=False)},
    {_instant("updated", null=False)}
)""",
    # Append-only: a row is never edited; undo deletes the last one and restores `before_*`.
    f"""CREATE TABLE review_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    card_id TEXT NOT NULL REFERENCES cards(id),
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    {_instant("reviewed_at", null=False)},
    duration_ms INTEGER,{_memory("before_")},{_memory("after_")}
)""",
    # The due query: equality on status and state, range on due; covering (deck, buried_until).
    "CREATE INDEX cards_due ON cards (status, state, due, buried_until, deck)",
    # New cards in log order (deck, source, file, position) without a sort; covering the count.
    "CREATE INDEX cards_new ON cards "
    "(status, state, deck, source_id, file_order, position, buried_until)",
    # Buried cards only (a bury ends at the next day start), for the next due time.
    "CREATE INDEX cards_buried ON cards (buried_until) WHERE buried_until IS NOT NULL",
    "CREATE INDEX cards_source_key ON cards (source_id, key)",
    # Cards of a source by status: the count an unchanged source reports, without reading rows.
    "CREATE INDEX cards_source_status ON cards (source_id, status)",
    "CREATE INDEX cards_log_order ON cards (deck, source_id, file_order, position)",
    "CREATE INDEX review_log_card ON review_log (card_id, id)",
    "CREATE INDEX review_log_time ON review_log (reviewed_at, before_state)",
    "CREATE INDEX source_files_source ON source_files (source_id, seq)",
]

SCHEMA_V2 = [
    # Derived data, rendered again whenever it does not match (`recall.store.rendered`): the
    # HTML fields of a card's Anki note, with a digest of the card text they were rendered from
    # and the renderer's version. No foreign key: a cache row never blocks anything on `cards`.
    """CREATE TABLE rendered (
    card_id TEXT PRIMARY KEY,
    model TEXT NOT NULL CHECK (model IN ('basic', 'cloze')),
    front TEXT NOT NULL,
    back TEXT NOT NULL,
    context TEXT NOT NULL,
    digest TEXT NOT NULL,
    renderer TEXT NOT NULL
)""",
]
