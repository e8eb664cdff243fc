"""Opening the collection file: creation, schema version, backups, newer/foreign/damaged files, locks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from recall.collection import Collection
from recall.errors import CollectionError, CollectionLocked
from recall.rating import Rating
from recall.store import migrations
from recall.store.connection import write
from recall.store.database import wrap
from recall.store.schema import SCHEMA_VERSION, TABLES
from tests.collection.conftest import T0


def test_a_new_collection_has_the_schema_wal_and_foreign_keys(tmp_path):
    path = tmp_path / "collection.db"
    with Collection.open(path) as col:
        conn = col.connection
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert set(TABLES) <= names
    assert path.is_file()


def test_reopening_keeps_the_data_and_makes_no_backup(tmp_path):
    path = tmp_path / "collection.db"
    with Collection.open(path) as col:
        col.set_parameters(col.parameters())
    with Collection.open(path) as col:
        assert col.previous_parameters() is not None
    assert list(tmp_path.glob("*.bak-*")) == []


def test_the_due_query_is_an_index_range_scan(col):
    from recall.store import queries

    win = queries.window(col._window(None).now, 4, None)
    plan = col.connection.execute(
        "EXPLAIN QUERY PLAN " + queries.count_sql(None), win.params()
    ).fetchall()
    scans = [row[-1] for row in plan if row[-1].startswith(("SCAN", "SEARCH"))]
    assert len(scans) == 3, plan
    assert all(s.startswith("SEARCH cards USING COVERING INDEX") for s in scans), scans
    assert sum("due<?" in s for s in scans) == 2, scans  # learning and review: a range on due


def test_a_newer_schema_is_refused_and_the_file_is_untouched(tmp_path):
    path = tmp_path / "collection.db"
    with Collection.open(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(CollectionError, match="newer recall") as error:
        Collection.open(path)
    assert str(path) in str(error.value)
    assert path.read_bytes() == before
    assert list(tmp_path.glob("*.bak-*")) == []


def test_a_file_that_is_not_a_database_is_refused_by_name(tmp_path):
    path = tmp_path / "collection.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    before = path.read_bytes()
    with pytest.raises(CollectionError) as error:
        Collection.open(path)
    assert str(path) in str(error.value)
    assert "\n" not in str(error.value)
    assert path.read_bytes() == before


def test_a_damaged_database_is_refused_by_name(tmp_path):
    path = tmp_path / "collection.db"
    with Collection.open(path):
        pass
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page after the header
    path.write_bytes(bytes(data))
    with pytest.raises(CollectionError) as error, Collection.open(path) as col:
        col.cards()
    assert str(path) in str(error.value)


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.commit()
    conn.close()
    with pytest.raises(CollectionError, match="not a recall collection"):
        Collection.open(path)


def test_a_folder_at_the_collection_path_is_refused(tmp_path):
    (tmp_path / "collection.db").mkdir()
    with pytest.raises(CollectionError, match="not a file"):
        Collection.open(tmp_path / "collection.db")


def test_an_unwritable_folder_gives_a_clear_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("RECALL_HOME", str(blocker / "sub"))
    with pytest.raises(CollectionError, match="cannot create the folder"):
        Collection.open()


def test_recall_home_is_created_when_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("RECALL_HOME", str(tmp_path / "new" / "home"))
    with Collection.open() as col:
        assert col.path == tmp_path / "new" / "home" / "collection.db"
    assert col.path.is_file()


def test_an_explicit_db_in_a_missing_folder_is_refused_and_nothing_is_created(tmp_path):
    """`--db /nonexistent/dir/c.db` is most likely a typo: no new folder tree, no new collection."""
    with pytest.raises(CollectionError, match=r"the folder .*missing.* does not exist"):
        Collection.open(tmp_path / "missing" / "dir" / "c.db")
    assert not (tmp_path / "missing").exists()


def test_migration_backs_up_the_database_first(tmp_path):
    """A later schema step runs only after the old database is copied aside, intact."""
    path = tmp_path / "collection.db"
    with Collection.open(path) as col:
        col.set_parameters(col.parameters())

    def add_notes_column(db):
        db.table("cards").add_column("note", str)

    steps = {**migrations.MIGRATIONS, SCHEMA_VERSION + 1: add_notes_column}
    conn = migrations.open_store(path, lock_timeout=1, migrations=steps, target=SCHEMA_VERSION + 1)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(cards)")]
    assert "note" in columns
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    conn.close()
    (backup,) = tmp_path.glob(f"collection.db.bak-v{SCHEMA_VERSION}-*")
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "note" not in [row[1] for row in old.execute("PRAGMA table_info(cards)")]
    assert old.execute("SELECT count(*) FROM settings").fetchone()[0] >= 1
    old.close()


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path):
    path = tmp_path / "collection.db"
    with Collection.open(path):
        pass

    def broken(db):
        db.table("cards").add_column("note", str)
        raise RuntimeError("step failed half way")

    steps = {**migrations.MIGRATIONS, SCHEMA_VERSION + 1: broken}
    with pytest.raises(RuntimeError):
        migrations.open_store(path, lock_timeout=1, migrations=steps, target=SCHEMA_VERSION + 1)
    with Collection.open(path) as col:
        columns = [row[1] for row in col.connection.execute("PRAGMA table_info(cards)")]
        assert "note" not in columns
        assert col.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_every_schema_version_has_one_step():
    assert sorted(migrations.MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1))
    with pytest.raises(ValueError, match="two migration steps"):
        migrations.step(1)(lambda db: None)


def test_a_step_may_rebuild_a_table_keeping_constraints_indexes_and_history(tmp_path, log):
    """`table.transform` inside the migration (foreign keys on, a review log pointing at cards)."""
    path = tmp_path / "collection.db"
    with Collection.open(path, tz="UTC") as col:
        col.sync([log], T0)
        card = col.queue(T0)[0]
        col.review(card.id, Rating.GOOD, T0)
        indexes = sorted((i.name, tuple(i.columns)) for i in col.db.table("cards").indexes)

    def rename_url(db):
        # transform refuses to carry a partial index through a rename: drop it, then recreate.
        db.execute("DROP INDEX cards_buried")
        db.table("cards").transform(rename={"url": "link"})
        db.execute(
            "CREATE INDEX cards_buried ON cards (buried_until) WHERE buried_until IS NOT NULL"
        )

    steps = {**migrations.MIGRATIONS, SCHEMA_VERSION + 1: rename_url}
    conn = migrations.open_store(path, lock_timeout=1, migrations=steps, target=SCHEMA_VERSION + 1)
    try:
        db = wrap(conn)
        cards = db.table("cards")
        assert "link" in cards.columns_dict and "url" not in cards.columns_dict
        assert sorted((i.name, tuple(i.columns)) for i in cards.indexes) == indexes
        assert cards.count == 6
        assert db.table("review_log").count == 1
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            conn.execute("UPDATE cards SET status = 'lost' WHERE id = ?", (card.id,))
    finally:
        conn.close()


def test_a_held_write_lock_gives_collection_locked_after_a_bounded_wait(tmp_path):
    path = tmp_path / "collection.db"
    with Collection.open(path):
        pass
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Collection.open(path, lock_timeout=0.2) as col:
            col.counts()  # reading still works while another process writes (WAL)
            with pytest.raises(CollectionLocked, match="locked"):
                col.set_parameters(col.parameters())
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_new_database_waits_for_a_lock_then_says_so(tmp_path):
    path = tmp_path / "collection.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    try:
        with pytest.raises(CollectionLocked):
            Collection.open(path, lock_timeout=0.2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_write_rolls_back_on_error(col):
    with pytest.raises(ZeroDivisionError), write(col.connection, col.path) as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
        raise ZeroDivisionError
    assert col.connection.execute("SELECT count(*) FROM settings WHERE key='x'").fetchone()[0] == 0


def _damage(path: Path) -> None:
    """Zero bytes 8192-20480 of a collection file (its sources and settings pages, here)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    data[8192:20480] = bytes(20480 - 8192)
    path.write_bytes(bytes(data))


def test_a_small_damaged_collection_is_refused_on_open(tmp_path, log):
    path = tmp_path / "collection.db"
    with Collection.open(path) as col:
        col.sync([log], T0)
    _damage(path)
    with pytest.raises(CollectionError, match="not a usable recall collection"):
        Collection.open(path)


def test_a_big_damaged_collection_says_so_where_a_read_meets_the_damage(tmp_path, log, monkeypatch):
    """Over QUICK_CHECK_MAX_BYTES the file is not checked whole on open; every read that meets
    a damaged page (the scheduler's parameters included) gives the same CollectionError."""
    from recall.store import connection

    path = tmp_path / "collection.db"
    with Collection.open(path) as col:
        col.sync([log], T0)
    _damage(path)
    monkeypatch.setattr(connection, "QUICK_CHECK_MAX_BYTES", 0)
    with Collection.open(path, tz="UTC") as col:
        assert len(col.cards()) == 6  # the cards' pages are intact
        for read in (col.sources, lambda: col.scheduler, col.parameters):
            with pytest.raises(CollectionError, match="not a usable recall collection"):
                read()
