"""Schema migrations by `PRAGMA user_version`, each run after copying the database aside.

A database from a newer recall is refused untouched; a non-empty database is backed up to
``collection.db.bak-v<N>-<timestamp>`` (the SQLite online backup, consistent even in WAL mode)
before any migration step runs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from recall.errors import CollectionError
from recall.store.connection import configure, connect, guarded, write
from recall.store.schema import SCHEMA_V1, SCHEMA_VERSION, TABLES


def _create_v1(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA_V1:
        conn.execute(statement)


Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: Mapping[int, Migration] = {1: _create_v1}
"""Target version → the step that brings a database from the version before it."""


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def backup(conn: sqlite3.Connection, path: Path, version: int, now: datetime | None = None) -> Path:
    """Copy the database to ``<name>.bak-v<version>-<UTC timestamp>`` beside it; returns that path."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.bak-v{version}-{stamp}")
    copy = sqlite3.connect(target)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    return target


def _is_foreign(conn: sqlite3.Connection) -> bool:
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    names.discard("sqlite_sequence")
    return bool(names) and not names <= set(TABLES)


def open_store(
    path: Path,
    *,
    lock_timeout: float,
    migrations: Mapping[int, Migration] = MIGRATIONS,
    target: int = SCHEMA_VERSION,
) -> sqlite3.Connection:
    """Open the collection at `path`, creating or migrating its schema to `target`.

    Args:
        path: the collection file (created if missing).
        lock_timeout: seconds to wait for another writer.
        migrations: target version → step (tests pass extra steps to exercise the backup).
        target: the schema version this recall writes.

    Returns:
        A configured connection (WAL, foreign keys, autocommit; write with `store.connection.write`).

    Raises:
        CollectionError: a newer schema (file left untouched), a database that is not recall's,
            a damaged file, or a folder that cannot be written.
        CollectionLocked: another process held the write lock for longer than `lock_timeout`.
    """
    conn = connect(path, lock_timeout=lock_timeout)
    try:
        with guarded(path):
            version = user_version(conn)
            if version > target:
                raise CollectionError(
                    f"{path} was written by a newer recall (schema {version}; this recall knows "
                    f"up to {target}); upgrade recall to use it"
                )
            if version == 0 and _is_foreign(conn):
                raise CollectionError(
                    f"{path} is an SQLite database but not a recall collection; "
                    "use --db to pick another file"
                )
        configure(conn, path)
        if version < target:
            if version > 0:
                backup(conn, path, version)
            with write(conn, path):
                # Re-read under the write lock: another process may have migrated meanwhile.
                current = user_version(conn)
                for step in range(current + 1, target + 1):
                    migrations[step](conn)
                if current < target:
                    conn.execute(f"PRAGMA user_version = {int(target)}")
    except BaseException:
        conn.close()
        raise
    return conn
