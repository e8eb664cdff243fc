"""Schema migrations by `PRAGMA user_version`, each run after copying the database aside.

A database from a newer recall is refused untouched; a non-empty database is backed up to
``collection.db.bak-v<N>-<timestamp>`` (the SQLite online backup, consistent even in WAL mode)
before any migration step runs. All steps run in one write transaction, so a failing step
leaves the file as it was.

A step is a function of the connection seen through sqlite-utils (`recall.store.database`),
registered with `@step(version)`. Schema version 3 could be these lines, plus raising
`recall.store.SCHEMA_VERSION` to 3 (and the earlier steps stay as they are: a new file runs every
step)::

    @step(3)
    def _card_flags(db: Database) -> None:
        db.table("cards").add_column("flag", int, not_null_default=0)
        db.execute("CREATE INDEX cards_flag ON cards (flag) WHERE flag != 0")

`table.add_column` adds a column; `table.transform(rename=..., drop=..., types=...)` rebuilds a
table in place, keeping its CHECK constraints, indexes and the foreign keys pointing at it (tested
on `cards` with a review log), except a partial index through a rename or drop (`cards_buried`:
drop it first, create it again after; sqlite-utils refuses and says so otherwise);
`db.table_names()` and `table.columns_dict` say what is there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from recall.errors import CollectionError
from recall.store.connection import check_damage, configure, connect, guarded, write
from recall.store.schema import SCHEMA_V1, SCHEMA_V2, SCHEMA_VERSION, TABLES

TYPE_CHECKING = False  # `recall.store.database` imports sqlite-utils: only when a step runs
if TYPE_CHECKING:
    from sqlite_utils import Database

Migration = Callable[["Database"], None]

MIGRATIONS: dict[int, Migration] = {}
"""Target version → the step that brings a database from the version before it."""


def step(version: int) -> Callable[[Migration], Migration]:
    """Register the decorated function as the step that brings a database to `version`."""

    def register(function: Migration) -> Migration:
        if version in MIGRATIONS:
            raise ValueError(f"two migration steps for schema version {version}")
        MIGRATIONS[version] = function
        return function

    return register


@step(1)
def _create_v1(db: Database) -> None:
    # Hand-written DDL: sqlite-utils' create_table cannot declare CHECK constraints.
    for statement in SCHEMA_V1:
        db.execute(statement)


@step(2)
def _rendered_fields(db: Database) -> None:
    # The Anki note fields rendered at sync. Existing cards get none here: export renders the
    # cards it finds none for (and stores them), so a migration stays instant.
    for statement in SCHEMA_V2:
        db.execute(statement)


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


def _is_foreign(db: Database) -> bool:
    """True when the database holds tables and they are not (a subset of) recall's."""
    names = set(db.table_names()) - {"sqlite_sequence"}
    return bool(names) and not names <= set(TABLES)


def open_store(
    path: Path,
    *,
    lock_timeout: float,
    create_folder: bool = True,
    migrations: Mapping[int, Migration] = MIGRATIONS,
    target: int = SCHEMA_VERSION,
) -> sqlite3.Connection:
    """Open the collection at `path`, creating or migrating its schema to `target`.

    Args:
        path: the collection file (created if missing).
        lock_timeout: seconds to wait for another writer.
        create_folder: create the file's folder when missing (False: CollectionError instead).
        migrations: target version → step (tests pass extra steps to exercise the backup).
        target: the schema version this recall writes.

    Returns:
        A configured connection (WAL, foreign keys, autocommit; write with `store.connection.write`).

    Raises:
        CollectionError: a newer schema (file left untouched), a database that is not recall's,
            a damaged file (checked whole when small: `connection.check_damage`), or a folder
            that cannot be written.
        CollectionLocked: another process held the write lock for longer than `lock_timeout`.
    """
    conn = connect(path, lock_timeout=lock_timeout, create_folder=create_folder)
    try:
        with guarded(path):
            version = user_version(conn)
        if version > target:
            raise CollectionError(
                f"{path} was written by a newer recall (schema {version}; this recall knows "
                f"up to {target}); upgrade recall to use it"
            )
        if version > 0:
            check_damage(conn, path)
        if version < target:
            _migrate(conn, path, version, migrations, target)
        else:
            configure(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _migrate(
    conn: sqlite3.Connection,
    path: Path,
    version: int,
    migrations: Mapping[int, Migration],
    target: int,
) -> None:
    """Create (version 0) or migrate the schema; the caller has checked `version < target`."""
    from recall.store.database import wrap

    db = wrap(conn)
    with guarded(path):
        if version == 0 and _is_foreign(db):
            raise CollectionError(
                f"{path} is an SQLite database but not a recall collection; "
                "use --db to pick another file"
            )
    configure(conn, path)
    if version > 0:
        backup(conn, path, version)
    with write(conn, path):
        # Re-read under the write lock: another process may have migrated meanwhile.
        current = user_version(conn)
        for number in range(current + 1, target + 1):
            migrations[number](db)
        if current < target:
            conn.execute(f"PRAGMA user_version = {int(target)}")
