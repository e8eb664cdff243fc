"""Writing the .apkg: zip layout, media names, atomic replacement, no stray files."""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile

import genanki
import pytest

from recall.anki.models import basic_model
from recall.anki.package import write_package

TIMESTAMP = 1_772_000_000.0


def deck_with_one_note() -> genanki.Deck:
    deck = genanki.Deck(1 << 40, "Log")
    deck.add_note(genanki.Note(model=basic_model(), fields=["Q", "A", "", ""], guid="g1"))
    return deck


def test_layout_media_names_and_note_times(tmp_path):
    picture = tmp_path / "QA_SQL" / "image.png"
    picture.parent.mkdir()
    picture.write_bytes(b"png bytes")
    out = tmp_path / "deck.apkg"
    write_package([deck_with_one_note()], {"recall-0123.png": picture}, out, TIMESTAMP)

    with zipfile.ZipFile(out) as package:
        assert json.loads(package.read("media")) == {"0": "recall-0123.png"}
        assert package.read("0") == b"png bytes"
        (tmp_path / "col.anki2").write_bytes(package.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "col.anki2")
    try:
        assert db.execute("SELECT guid, mod FROM notes").fetchall() == [("g1", int(TIMESTAMP))]
    finally:
        db.close()


def test_failure_keeps_the_old_package_and_leaves_no_partial_file(tmp_path):
    out = tmp_path / "deck.apkg"
    out.write_bytes(b"previous package")
    with pytest.raises(OSError):
        write_package([deck_with_one_note()], {"x.png": tmp_path / "vanished.png"}, out, TIMESTAMP)
    assert out.read_bytes() == b"previous package"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg"]


def test_package_gets_ordinary_file_permissions(tmp_path):
    out = tmp_path / "deck.apkg"
    write_package([deck_with_one_note()], {}, out, TIMESTAMP)
    mask = os.umask(0o022)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask  # as `open()` would make it, not 0600
