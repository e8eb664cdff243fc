"""Anki note fields rendered at sync (`recall.store.rendered`): stored, kept current, used by export."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from recall.anki.fields import RENDERER, NoteRenderer, is_current
from recall.collection import Collection
from recall.store import rendered
from tests.collection.conftest import STUDY_LOG, T0, write_log
from tests.conftest import run_recall


def stored_rows(col) -> dict[str, tuple]:
    rows = col.connection.execute(
        "SELECT card_id, front, back, context, digest, renderer FROM rendered"
    )
    return {row[0]: row[1:] for row in rows}


def test_sync_stores_the_fields_export_would_render(col, log):
    col.sync([log], T0)
    cards = col.cards()
    fields = rendered.load(col.connection)
    assert set(fields) == {card.id for card in cards}
    fresh = NoteRenderer()
    for card in cards:
        text = (card.question, card.answer, card.context, card.kind)
        assert fields[card.id] == fresh.render(*text)  # identical HTML, digest and renderer
        assert is_current(fields[card.id], *text)


def test_an_unchanged_resync_writes_nothing(col, log):
    col.sync([log], T0)
    before = col.connection.total_changes
    report = col.sync(None, T0 + timedelta(hours=1))
    assert report.unchanged == len(col.cards())
    assert col.connection.total_changes == before


def test_an_edited_answer_renders_that_card_only(col, log):
    col.sync([log], T0)
    before = stored_rows(col)
    write_log(log, STUDY_LOG.replace("reads never see stale data", "reads see **fresh** data"))
    report = col.sync(None, T0 + timedelta(hours=1))
    assert report.updated == 1
    after = stored_rows(col)
    changed = [card_id for card_id in after if after[card_id] != before[card_id]]
    (card,) = [c for c in col.cards() if "fresh" in c.answer]
    assert changed == [card.id]
    assert "<strong>fresh</strong>" in after[card.id][1]
    assert is_current(rendered.load(col.connection)[card.id], card.question, card.answer,
                      card.context, card.kind)  # fmt: skip


def test_cards_showing_an_image_are_left_to_export(col, tmp_path):
    log = write_log(tmp_path / "log.md", "## Day\n\n- Diagram: ![d](d.png)\n- Term: meaning\n")
    col.sync([log], T0)
    cards = {c.question: c.id for c in col.cards()}
    assert set(rendered.load(col.connection)) == {cards["Term?"]}


def test_a_dry_run_renders_nothing(col, log):
    col.sync([log], T0, dry_run=True)
    assert stored_rows(col) == {}


def test_fields_of_another_renderer_are_not_loaded(col, log):
    col.sync([log], T0)
    col.connection.execute("UPDATE rendered SET renderer = 'fields 0; recall 0.0.1'")
    assert rendered.load(col.connection) == {}


def test_export_renders_stale_fields_again_and_stores_them(tmp_path, log):
    db = tmp_path / "collection.db"
    with Collection.open(db) as col:
        col.sync([log], T0)
        expected = stored_rows(col)
        col.connection.execute(
            "UPDATE rendered SET front = 'stale', renderer = 'fields 0; recall 0.0.1'"
        )
    out = tmp_path / "out.apkg"
    result = run_recall("--db", str(db), "export", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    with Collection.open(db) as col:
        assert stored_rows(col) == expected  # rendered again by export, written back
        assert {row[-1] for row in stored_rows(col).values()} == {RENDERER}


def test_export_still_works_when_it_cannot_store_the_fields(tmp_path, log):
    db = tmp_path / "collection.db"
    with Collection.open(db) as col:
        col.sync([log], T0)
        col.connection.execute("DELETE FROM rendered")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another recall writing: the write-back is skipped
    try:
        result = run_recall("--db", str(db), "export", "--out", str(tmp_path / "out.apkg"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (tmp_path / "out.apkg").is_file()
    with Collection.open(db) as col:
        assert stored_rows(col) == {}


def test_recall_due_resyncs_without_rendering_and_export_fills_in(tmp_path, log):
    """A shell prompt's `recall due` re-syncs an edited log but leaves the HTML to export."""
    db = tmp_path / "collection.db"
    with Collection.open(db) as col:
        col.sync([log], T0)
        before = stored_rows(col)
    write_log(log, STUDY_LOG + "\n- Prompt: a question added just before the prompt ran\n")
    now = {"RECALL_NOW": (T0 + timedelta(hours=1)).isoformat()}
    result = run_recall("--db", str(db), "due", "--count", env=now)
    assert result.returncode == 0, result.stderr
    with Collection.open(db) as col:
        (added,) = [c for c in col.cards() if c.question.startswith("Prompt")]
        assert stored_rows(col) == before  # re-synced, nothing rendered
    result = run_recall("--db", str(db), "export", "--out", str(tmp_path / "o.apkg"), env=now)
    assert result.returncode == 0, result.stderr
    with Collection.open(db) as col:
        after = stored_rows(col)
        assert set(after) == set(before) | {added.id}
        assert (
            after[added.id][0]
            == NoteRenderer().render(added.question, added.answer, added.context, added.kind).front
        )
