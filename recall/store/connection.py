"""Opening the collection file with the standard `sqlite3` module, and turning SQLite's errors into RecallErrors.

WAL journal (readers never wait for a writer), foreign keys on, `synchronous=FULL` (a committed
rating survives a crash), and a bounded busy wait before `CollectionLocked`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from recall.errors import CollectionError, CollectionLocked

LOCK_TIMEOUT_S = 5.0
"""How long a writer waits for another process's write lock before CollectionLocked, in seconds."""


def translate(exc: sqlite3.Error, path: Path) -> CollectionError | None:
    """The RecallError a user should see for an SQLite error on `path`, or None for a bug.

    Locked/busy → CollectionLocked; not a database/malformed → CollectionError naming the file;
    cannot open, read-only, disk full or I/O error → CollectionError naming the file.
    """
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return CollectionLocked(
            f"the collection {path} is locked by another recall process; "
            "finish that session (or wait) and try again"
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return CollectionError(
            f"{path} is not a usable recall collection (not an SQLite database, or damaged); "
            "move it aside or use --db to pick another file"
        )
    if "unable to open" in text:
        return CollectionError(
            f"cannot open the collection {path} (missing folder or no permission)"
        )
    if "readonly" in text or "read-only" in text:
        return CollectionError(f"the collection {path} is read-only; recall needs to write to it")
    if "disk is full" in text or "disk i/o" in text:
        return CollectionError(f"cannot write the collection {path}: {exc}")
    return None


class guarded:  # used like a function: `with guarded(path):`
    """Run a block, raising the user-facing error of `translate` for SQLite errors it knows.

    A small class rather than `contextlib.contextmanager`: `recall due` skips importing contextlib.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        if exc is not None and isinstance(exc, sqlite3.Error):
            error = translate(exc, self.path)
            if error is not None:
                raise error from None
        return False


def connect(
    path: Path, *, lock_timeout: float = LOCK_TIMEOUT_S, create_folder: bool = True
) -> sqlite3.Connection:
    """Open `path` (created if missing) in autocommit mode; writes use `write()`.

    Only opens: it does not change the file (no WAL switch, no schema), so a newer or foreign
    database can still be refused untouched by `recall.store.migrations.open_store`.

    Args:
        path: the collection file.
        lock_timeout: seconds to wait for another process's write lock.
        create_folder: create the file's folder (with its parents) when missing; False for a
            path the user typed (`--db`), where a missing folder is more likely a typo.

    Raises:
        CollectionError: the folder is missing (`create_folder` False) or cannot be created,
            or the file cannot be opened.
    """
    if not create_folder:
        if not path.parent.is_dir():
            raise CollectionError(
                f"cannot use the collection {path}: the folder {path.parent} does not exist "
                "(create it first, or check the path)"
            )
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CollectionError(
                f"cannot create the folder of the collection {path} ({exc.strerror})"
            ) from None
    if path.exists() and not path.is_file():
        raise CollectionError(f"the collection path {path} is not a file")
    with guarded(path):
        conn = sqlite3.connect(path, timeout=lock_timeout, isolation_level=None)
    return conn


QUICK_CHECK_MAX_BYTES = 1 << 20
"""Collections up to this size (bytes) are checked whole (`PRAGMA quick_check`) when opened:
a few milliseconds to ~30 ms. Bigger ones are checked page by page as they are read."""


def check_damage(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a small damaged collection at once, whatever the command goes on to read.

    SQLite meets a damaged page only when a query reads it, so without this check a command
    reading undamaged tables (`recall cards`) would succeed where another fails. Files over
    QUICK_CHECK_MAX_BYTES are not checked here (it costs ~27 ms per MB); their damage is
    reported by the query that meets it (the same CollectionError, through `guarded`).

    Raises:
        CollectionError: `PRAGMA quick_check` finds the file damaged.
    """
    try:
        size = path.stat().st_size
    except OSError:
        return
    if size > QUICK_CHECK_MAX_BYTES:
        return
    with guarded(path):
        rows = conn.execute("PRAGMA quick_check(1)").fetchall()
        if rows != [("ok",)]:
            raise sqlite3.DatabaseError("database disk image is malformed")


def configure(conn: sqlite3.Connection, path: Path) -> None:
    """Switch to WAL, enforce foreign keys, and make every commit durable (`synchronous=FULL`)."""
    with guarded(path):
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise CollectionError(f"cannot use write-ahead logging on {path} (journal mode {mode})")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=FULL")


class write:  # used like a function: `with write(conn, path) as conn:`
    """One write transaction (`BEGIN IMMEDIATE`): committed when the block ends, rolled back on error.

    Raises:
        CollectionLocked: another process kept the write lock longer than the busy timeout.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn, self.path = conn, path

    def __enter__(self) -> sqlite3.Connection:
        with guarded(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, kind, exc, tb) -> bool:
        with guarded(self.path):
            if exc is not None:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                return False
            self.conn.execute("COMMIT")
        return False
