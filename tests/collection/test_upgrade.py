"""Upgrading a real schema-1 collection (written by recall before schema 2) to this recall's schema.

`data/collection-v1.db` was made by recall at schema 1 (before the `rendered` table) from
`data/upgrade-log.md`: 6 cards (one suspended, one cloze), 4 reviews.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from recall.collection import Collection
from recall.errors import CollectionError
from recall.store import SCHEMA_VERSION
from tests.anki.conftest import AnkiDesktop
from tests.conftest import run_recall

DATA = Path(__file__).parent / "data"


@pytest.fixture
def v1(tmp_path) -> Path:
    path = tmp_path / "collection.db"
    shutil.copyfile(DATA / "collection-v1.db", path)
    return path


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


CARDS = "SELECT * FROM cards ORDER BY id"
REVIEWS = "SELECT * FROM review_log ORDER BY id"


def test_the_v1_file_is_what_it_claims(v1):
    assert rows(v1, "PRAGMA user_version") == [(1,)]
    assert len(rows(v1, CARDS)) == 6 and len(rows(v1, REVIEWS)) == 4


def test_opening_a_v1_collection_backs_it_up_then_migrates_keeping_everything(v1):
    cards, reviews = rows(v1, CARDS), rows(v1, REVIEWS)
    with Collection.open(v1) as col:
        assert col.connection.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert col.connection.execute("SELECT count(*) FROM rendered").fetchone() == (0,)
        assert len(col.reviews()) == 4
    (backup,) = v1.parent.glob("collection.db.bak-v1-*")
    assert rows(backup, "PRAGMA user_version") == [(1,)]
    assert rows(backup, CARDS) == cards and rows(backup, REVIEWS) == reviews
    assert rows(v1, CARDS) == cards and rows(v1, REVIEWS) == reviews
    with Collection.open(v1):
        pass
    assert len(list(v1.parent.glob("collection.db.bak-*"))) == 1  # migrated once


def test_a_migrated_v1_collection_exports_and_anki_imports_it(v1, tmp_path):
    out = tmp_path / "upgrade.apkg"
    result = run_recall("--db", str(v1), "export", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no genanki UserWarning either
    assert result.stdout == f"{out}: 6 notes (1 deck, 1 suspended)\n"
    assert len(rows(v1, "SELECT * FROM rendered")) == 6  # rendered by export, stored for next time
    folder = tmp_path / "anki"
    folder.mkdir()
    anki = AnkiDesktop(folder)
    try:
        log = anki.import_package(out)
        assert len(log.new) == 6
        fields = {note.guid: note.fields for note in anki.notes()}
    finally:
        anki.col.close()
    assert fields["52264335aa6a49f9"][:2] == ["Windows path?", "C:\\Users\\me"]
    assert fields["3e35b51634455255"][1] == "costs $5, not *five*"
    assert (
        fields["18009425dd2d5cce"][0] == "The page size of SQLite is {{c1::4096}} bytes by default"
    )


def test_a_collection_from_a_newer_recall_is_still_refused(v1):
    conn = sqlite3.connect(v1)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = v1.read_bytes()
    with pytest.raises(CollectionError, match="newer recall") as error:
        Collection.open(v1)
    assert "\n" not in str(error.value)
    assert v1.read_bytes() == before
    result = run_recall("--db", str(v1), "export")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "newer recall" in result.stderr
