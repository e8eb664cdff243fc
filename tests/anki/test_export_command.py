"""`recall export` end to end: log → `recall sync` → `recall export` → import into REAL Anki."""

from __future__ import annotations

import os
import re
import stat

import pytest

from recall.collection import Collection
from recall.commands.export import package_file_name
from recall.rating import Status
from tests.anki.conftest import visible_text
from tests.conftest import run_recall

LOG = """\
# Learning Log

## Sep 9, 2024: Soft Prompting vs LoRA

### Soft Prompting:

- How it works: adds a learned prefix to the input; the model weights stay frozen.
- Training: only the prefix vectors are trained.

### LoRA:

- How it works: learns low-rank updates to the weight matrices.
- Entropy formula: $H = -\\sum_i p_i \\log p_i$
- Raw HTML stays text: <b>bold?</b> and a<b
- The ==capital== of Peru is ==Lima==
"""

T1 = "2026-03-01T09:00:00+00:00"
T2 = "2026-03-01T10:00:00+00:00"
T3 = "2026-03-01T11:00:00+00:00"


def recall(*args, cwd, now=T1):
    result = run_recall(*args, cwd=cwd, env={"RECALL_NOW": now})
    return result


@pytest.fixture
def log(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    path = folder / "learning-log.md"
    path.write_text(LOG, encoding="utf-8")
    return path


@pytest.fixture
def out_dir(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def stored(status=None):
    with Collection.open() as col:
        return col.cards(status=status)


def test_export_prints_path_and_count_and_writes_only_the_package(log, out_dir, anki):
    assert recall("sync", str(log), cwd=out_dir).returncode == 0
    cards = stored()
    result = recall("export", cwd=out_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Learning-Log.apkg: {len(cards)} notes (1 deck)\n"
    assert result.stderr == ""
    assert [p.name for p in out_dir.iterdir()] == ["Learning-Log.apkg"]

    import_log = anki.import_package(out_dir / "Learning-Log.apkg")
    assert len(import_log.new) == len(cards) == anki.col.note_count()
    assert "Learning Log" in anki.deck_names()
    by_guid = {note.guid: note for note in anki.notes()}
    assert set(by_guid) == {card.id for card in cards}
    assert not anki.empty_cards()

    how = next(c for c in cards if c.question.startswith("How it works") and "LoRA" in c.context)
    note = by_guid[how.id]
    assert note["Answer"] == "learns low-rank updates to the weight matrices."
    assert note["Context"] == "Sep 9, 2024: Soft Prompting vs LoRA › LoRA"
    assert "learning-log.md:" in note["Source"]
    assert "2024-09-09" in note.tags

    cloze = next(note for note in anki.notes() if note.note_type()["name"] == "recall cloze")
    assert cloze["Text"] == "The {{c1::capital}} of Peru is {{c2::Lima}}"
    assert len(cloze.cards()) == 2
    html = next(note for note in anki.notes() if "Raw HTML" in note.fields[0])
    assert "&lt;b&gt;bold?&lt;/b&gt;" in html["Answer"] and "<b>" not in html["Answer"]
    math = next(note for note in anki.notes() if "Entropy" in note.fields[0])
    assert math["Answer"] == "\\(H = -\\sum_i p_i \\log p_i\\)"


def test_edit_sync_export_updates_the_note_in_place(log, out_dir, anki):
    recall("sync", str(log), cwd=out_dir)
    recall("export", "--out", "one.apkg", cwd=out_dir)
    anki.import_package(out_dir / "one.apkg")
    before = {note.guid: note.id for note in anki.notes()}
    notetypes = anki.notetype_names()

    log.write_text(LOG.replace("only the prefix vectors", "only the prefix vectors (soft tokens)"))
    assert recall("sync", cwd=out_dir, now=T2).returncode == 0
    result = recall("export", "--out", "two.apkg", cwd=out_dir, now=T2)
    assert result.returncode == 0, result.stderr
    import_log = anki.import_package(out_dir / "two.apkg")

    assert not import_log.new
    assert {note.guid: note.id for note in anki.notes()} == before
    assert anki.notetype_names() == notetypes
    edited = next(note for note in anki.notes() if note.fields[0] == "Training?")
    assert edited["Answer"] == "only the prefix vectors (soft tokens) are trained."


def test_adding_a_card_adds_exactly_one_note(log, out_dir, anki):
    recall("sync", str(log), cwd=out_dir)
    recall("export", "--out", "one.apkg", cwd=out_dir)
    anki.import_package(out_dir / "one.apkg")
    count = anki.col.note_count()

    log.write_text(LOG + "- Initial pool: holds only the starting prompt\n", encoding="utf-8")
    recall("sync", cwd=out_dir, now=T2)
    recall("export", "--out", "two.apkg", cwd=out_dir, now=T2)
    import_log = anki.import_package(out_dir / "two.apkg")

    assert len(import_log.new) == 1
    assert anki.col.note_count() == count + 1
    assert anki.notetype_names().count("recall") == 1


def test_orphaned_cards_are_left_out_and_suspended_are_tagged(log, out_dir, anki):
    recall("sync", str(log), cwd=out_dir)
    training = next(c for c in stored() if c.question == "Training?")
    with Collection.open() as col:
        col.suspend(training.id)
    log.write_text(LOG.replace("- Raw HTML stays text: <b>bold?</b> and a<b\n", ""))
    recall("sync", cwd=out_dir, now=T2)
    assert len(stored(Status.ORPHANED)) == 1

    result = recall("export", cwd=out_dir, now=T3)
    assert result.returncode == 0, result.stderr
    live = len(stored()) - 1
    assert f": {live} notes (1 deck, 1 suspended)" in result.stdout
    anki.import_package(out_dir / "Learning-Log.apkg", with_scheduling=True)
    assert anki.col.note_count() == live
    note = next(note for note in anki.notes() if note.guid == training.id)
    assert "recall::suspended" in note.tags
    assert [card.queue for card in note.cards()] == [-1]


def test_deck_option_and_default_names(log, out_dir, tmp_path):
    other = tmp_path / "notes" / "stats.md"
    other.write_text("## Basics\n\n- Variance: mean squared deviation\n", encoding="utf-8")
    recall("sync", str(log), str(other), cwd=out_dir)

    result = recall("export", cwd=out_dir)
    assert result.returncode == 0 and result.stdout.startswith("recall.apkg: ")
    assert "(2 decks)" in result.stdout

    result = recall("export", "--deck", "stats", cwd=out_dir)
    assert result.returncode == 0
    assert result.stdout == "stats.apkg: 1 note (1 deck)\n"

    result = recall("export", "--deck", "nope", cwd=out_dir)
    assert result.returncode == 1
    assert result.stderr == "recall: error: no deck named 'nope' (decks: Learning Log, stats)\n"


def test_nothing_to_export_is_a_clear_error(out_dir, log):
    result = recall("export", cwd=out_dir)
    assert result.returncode == 1
    assert result.stderr == (
        "recall: error: nothing to export: the collection has no cards; "
        "add your log with 'recall sync PATH'\n"
    )
    recall("sync", str(log), cwd=out_dir)
    log.write_text("# Learning Log\n\nNo cards here any more.\n", encoding="utf-8")
    recall("sync", cwd=out_dir, now=T2)
    result = recall("export", cwd=out_dir)
    assert result.returncode == 1
    assert result.stderr == "recall: error: nothing to export: every card is orphaned\n"
    assert list(out_dir.iterdir()) == []


def test_unwritable_output_is_a_clear_error(log, out_dir):
    recall("sync", str(log), cwd=out_dir)
    result = recall("export", "--out", str(out_dir / "missing" / "x.apkg"), cwd=out_dir)
    assert result.returncode == 1
    assert result.stderr.startswith("recall: error: cannot write ")
    assert len(result.stderr.splitlines()) == 1


def test_fifo_output_is_a_clear_error_and_stays_a_fifo(log, out_dir):
    recall("sync", str(log), cwd=out_dir)
    fifo = out_dir / "f.apkg"
    os.mkfifo(fifo)
    result = recall("export", "--out", "f.apkg", cwd=out_dir)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f"recall: error: cannot write {fifo}: it is a FIFO (named pipe); give a file name\n"
    )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in out_dir.iterdir()] == ["f.apkg"]


def test_output_through_a_link_writes_the_linked_file(log, out_dir, tmp_path, anki):
    recall("sync", str(log), cwd=out_dir)
    real = tmp_path / "Dropbox" / "real.apkg"
    real.parent.mkdir()
    (out_dir / "link.apkg").symlink_to(real)
    result = recall("export", "--out", "link.apkg", cwd=out_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("link.apkg: ")
    assert (out_dir / "link.apkg").is_symlink()
    assert len(anki.import_package(real).new) == len(stored())


def test_image_warnings_go_to_stderr(out_dir, tmp_path, anki):
    folder = tmp_path / "sql"
    (folder / "QA_SQL").mkdir(parents=True)
    (folder / "other").mkdir()
    (folder / "QA_SQL" / "image.png").write_bytes(b"\x89PNG one")
    (folder / "other" / "image.png").write_bytes(b"\x89PNG two")
    (folder / "log.md").write_text(
        "## SQL\n\n"
        "- Architecture: question to SQL ![a](QA_SQL/image.png)\n"
        "- Other: same name ![b](other/image.png)\n"
        "- Missing: a picture that is not there ![c](nowhere.png)\n"
        "- Outside: a picture outside the folder ![d](../../secret.png)\n",
        encoding="utf-8",
    )
    recall("sync", str(folder / "log.md"), cwd=out_dir)
    result = recall("export", cwd=out_dir)
    assert result.returncode == 0
    assert "(1 deck, 2 images)" in result.stdout
    warnings = result.stderr.splitlines()
    assert len(warnings) == 2
    assert "'nowhere.png' not found" in warnings[0]
    assert "'../../secret.png' is outside the log's folder" in warnings[1]
    anki.import_package(out_dir / "log.apkg")
    assert len(anki.media_names()) == 2


def test_package_file_names():
    assert package_file_name("Daily-Learning-Log") == "Daily-Learning-Log.apkg"
    assert package_file_name("ML::Sep") == "ML-Sep.apkg"
    assert package_file_name("a/b\\c d") == "a-b-c-d.apkg"
    assert package_file_name("..") == "recall.apkg"
    assert package_file_name("日本語") == "日本語.apkg"


# --- the user's log, the corpus and the bug cases (../shared) --------------------------------


def synced_export_import(paths, out_dir, anki, **options):
    result = recall("sync", *map(str, paths), cwd=out_dir)
    assert result.returncode == 0, result.stderr
    result = recall("export", "--out", "all.apkg", cwd=out_dir)
    assert result.returncode == 0, result.stderr
    import_log = anki.import_package(out_dir / "all.apkg", **options)
    return result, import_log


def assert_no_empty_notes(anki):
    assert not anki.empty_cards()
    for note in anki.notes():
        first = note.fields[0]
        assert visible_text(first).strip() or "<img" in first, note.fields
        for card in note.cards():
            assert visible_text(card.question()).strip()
            assert visible_text(card.answer()).strip()


def test_seed_log_exports_and_imports_cleanly(shared, out_dir, anki):
    _, import_log = synced_export_import([shared / "seed"], out_dir, anki)
    live = [c for c in stored() if c.status != Status.ORPHANED]
    assert len(live) > 20
    assert len(import_log.new) == len(live) == anki.col.note_count()
    assert_no_empty_notes(anki)


def test_corpus_exports_and_imports_cleanly(shared, out_dir, anki):
    _, import_log = synced_export_import([shared / "corpus"], out_dir, anki)
    live = [c for c in stored() if c.status != Status.ORPHANED]
    assert len(import_log.new) == len(live) == anki.col.note_count()
    assert not import_log.conflicting and not import_log.missing_notetype
    assert_no_empty_notes(anki)
    for note in anki.notes():
        for field in note.fields:
            assert "<script" not in field.lower()


@pytest.mark.parametrize(
    "name",
    [
        "10-cloze-export-double-brace-in-latex.md",
        "15-raw-inline-html.md",
        "25-same-text-two-decks.md",
        "27-media-in-subfolder.md",
    ],
)
def test_export_bugcases_import_cleanly(shared, out_dir, anki, name):
    _, import_log = synced_export_import([shared / "bugcases" / name], out_dir, anki)
    assert len(import_log.new) == anki.col.note_count() > 0
    assert_no_empty_notes(anki)


def test_bugcase_10_latex_braces_keep_each_cloze_whole(shared, out_dir, anki):
    synced_export_import(
        [shared / "bugcases" / "10-cloze-export-double-brace-in-latex.md"], out_dir, anki
    )
    notes = anki.notes()
    assert notes and all(note.note_type()["name"] == "recall cloze" for note in notes)
    for note in notes:
        (card,) = note.cards()
        assert "[...]" in visible_text(card.question())
        assert "\\frac" not in visible_text(card.question())
        assert "\\frac" in visible_text(card.answer())
        assert visible_text(card.answer()).count("\\(") == 1


def test_bugcase_26_reimport_adds_one_note_and_no_note_type(shared, out_dir, anki, tmp_path):
    text = (shared / "bugcases" / "26-reimport-after-adding-card.md").read_text(encoding="utf-8")
    log = tmp_path / "26.md"
    log.write_text(text, encoding="utf-8")
    synced_export_import([log], out_dir, anki)
    count, notetypes = anki.col.note_count(), anki.notetype_names()

    log.write_text(re.sub(r"<!-- (- Initial pool.*?) -->", r"\1", text), encoding="utf-8")
    assert recall("sync", cwd=out_dir, now=T2).returncode == 0
    recall("export", "--out", "again.apkg", cwd=out_dir, now=T2)
    import_log = anki.import_package(out_dir / "again.apkg")
    assert len(import_log.new) == 1 and anki.col.note_count() == count + 1
    assert anki.notetype_names() == notetypes


def test_subdecks_setting_names_decks_after_folders(tmp_path, out_dir, anki, recall_home):
    notes = tmp_path / "kb"
    (notes / "sql").mkdir(parents=True)
    (notes / "sql" / "joins.md").write_text("## Joins\n\n- Inner join: rows in both\n")
    (notes / "top.md").write_text("## Top\n\n- Entropy: expected surprise\n")
    (recall_home / "recall.toml").write_text("subdecks = true\n", encoding="utf-8")
    recall("sync", str(notes), cwd=out_dir)
    result = recall("export", cwd=out_dir)
    assert result.returncode == 0, result.stderr
    anki.import_package(out_dir / "recall.apkg")
    decks = {anki.col.decks.name(n.cards()[0].did) for n in anki.notes()}
    assert decks == {"sql::joins", "top"}


def test_deck_option_takes_the_package_deck_names_with_subdecks(
    tmp_path, out_dir, anki, recall_home
):
    notes = tmp_path / "notes"
    (notes / "ML" / "deep").mkdir(parents=True)
    (notes / "ML" / "basics.md").write_text("# basics\n\n- Bias: error from wrong assumptions\n")
    (notes / "ML" / "deep" / "tr.md").write_text("# Transformers\n\n- Attention: weighted mix\n")
    (notes / "SQL").mkdir()
    (notes / "SQL" / "joins.md").write_text("# joins\n\n- Inner join: rows in both\n")
    (recall_home / "recall.toml").write_text("subdecks = true\n", encoding="utf-8")
    recall("sync", str(notes), cwd=out_dir)

    result = recall("export", "--deck", "ML", cwd=out_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ML.apkg: 2 notes (2 decks)\n"
    anki.import_package(out_dir / "ML.apkg")
    decks = {anki.col.decks.name(n.cards()[0].did) for n in anki.notes()}
    assert decks == {"ML::basics", "ML::deep::Transformers"}

    result = recall("export", "--deck", "ML::deep", cwd=out_dir)
    assert result.stdout == "ML-deep.apkg: 1 note (1 deck)\n"
    result = recall("export", "--deck", "Transformers", cwd=out_dir)  # recall's name works too
    assert result.stdout == "Transformers.apkg: 1 note (1 deck)\n"

    result = recall("export", "--deck", "ML::nope", cwd=out_dir)
    assert result.returncode == 1
    assert result.stderr == (
        "recall: error: no deck named 'ML::nope' (decks: ML, ML::basics, ML::deep, "
        "ML::deep::Transformers, SQL, SQL::joins)\n"
    )


def test_a_log_changed_since_the_sync_is_named_and_its_stored_cards_exported(log, out_dir, anki):
    recall("sync", str(log), cwd=out_dir)
    count = len(stored())
    log.write_text(LOG + "- Late: added after the sync\n", encoding="utf-8")

    result = recall("export", "--out", "x.apkg", cwd=out_dir, now=T2)
    assert result.returncode == 0
    assert result.stdout == f"x.apkg: {count} notes (1 deck)\n"
    assert result.stderr == (
        f"recall: {log} changed since the last sync; run `recall sync` to export its new text\n"
    )
    anki.import_package(out_dir / "x.apkg")
    assert anki.col.note_count() == count

    recall("sync", cwd=out_dir, now=T2)
    result = recall("export", "--out", "y.apkg", cwd=out_dir, now=T3)
    assert result.stderr == ""
    assert result.stdout == f"y.apkg: {count + 1} notes (1 deck)\n"


def test_a_log_synced_by_another_recall_version_is_named_as_such(log, out_dir):
    recall("sync", str(log), cwd=out_dir)
    with Collection.open() as col:
        col.connection.execute("UPDATE sources SET extracted_by = '0.0.1'")
    result = recall("export", "--out", "x.apkg", cwd=out_dir, now=T2)
    assert result.returncode == 0
    assert result.stderr == (
        f"recall: {log} was last synced by another version of recall; run `recall sync` to "
        "export its cards as this version reads them\n"
    )


def test_the_sample_deck_alone_is_nothing_to_export_unless_named(out_dir, log, anki):
    assert recall("due", cwd=out_dir).returncode == 0  # the first run loads the sample deck
    with Collection.open() as col:
        assert col.uses_sample()
        (sample,) = {c.deck for c in col.cards()}
    result = recall("export", cwd=out_dir)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        "recall: error: nothing to export: the collection holds only the bundled sample deck; "
        f"add your log with 'recall sync PATH' (--deck '{sample}' exports the sample)\n"
    )
    assert list(out_dir.iterdir()) == []

    result = recall("export", "--deck", sample, cwd=out_dir)
    assert result.returncode == 0, result.stderr
    anki.import_package(out_dir / package_file_name(sample))
    assert anki.col.note_count() > 0

    recall("sync", str(log), cwd=out_dir)  # the user's own log retires the sample
    result = recall("export", "--out", "mine.apkg", cwd=out_dir)
    assert result.returncode == 0, result.stderr
    live = [c for c in stored() if c.status != Status.ORPHANED]
    assert {c.deck for c in live} == {"Learning Log"}
    assert result.stdout == f"mine.apkg: {len(live)} notes (1 deck)\n"
