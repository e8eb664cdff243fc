"""Export → import into REAL Anki (the `anki` package): fresh import, update in place, additions."""

from __future__ import annotations

import dataclasses
import html
import os
import stat
import tempfile
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from recall.anki import export_cards
from recall.anki.notes import SUSPENDED_TAG, note_guid
from recall.errors import ExportError
from recall.rating import Status
from tests.anki.conftest import make_card, visible_text

T1 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
T2 = T1 + timedelta(hours=1)
T3 = T1 + timedelta(hours=2)


@pytest.fixture
def log(tmp_path):
    """A log folder with two images of the same name in different folders (bugcase 27's shape)."""
    folder = tmp_path / "notes"
    (folder / "QA_SQL").mkdir(parents=True)
    (folder / "other").mkdir()
    (folder / "QA_SQL" / "image.png").write_bytes(b"\x89PNG pipeline")
    (folder / "other" / "image.png").write_bytes(b"\x89PNG other diagram")
    path = folder / "daily-learning-log.md"
    path.write_text("# Daily-Learning-Log\n", encoding="utf-8")
    return path


@pytest.fixture
def cards(log):
    kw = {"file": log, "path": "daily-learning-log.md"}
    return [
        make_card("How it works?", "Soft prompting learns input vectors.", id="a" * 16, **kw),
        make_card(
            "Architecture",
            "question -> SQL query -> answer\n![pipeline](QA_SQL/image.png)",
            id="b" * 16,
            context=("Sep 12, 2024: SQL question answering",),
            tags=("2024-09-12",),
            **kw,
        ),
        make_card(
            "Same file name, different folder",
            "![other](other/image.png)",
            id="c" * 16,
            **kw,
        ),
        make_card(
            "The ==capital== of Peru",
            "The **capital** of Peru",
            id="d" * 16,
            kind="cloze",
            deck="Geography::South America",
            **kw,
        ),
        make_card("Parked?", "yes", id="e" * 16, status=Status.SUSPENDED, **kw),
        make_card("Gone?", "this card left the log", id="f" * 16, status=Status.ORPHANED, **kw),
    ]


def test_fresh_import(anki, cards, tmp_path):
    report = export_cards(cards, tmp_path / "out.apkg", now=T1)
    assert (report.notes, report.suspended, report.media, report.orphaned) == (5, 1, 2, 1)
    assert report.decks == ("Daily-Learning-Log", "Geography::South America")
    assert report.warnings == ()

    log = anki.import_package(report.path)
    assert len(log.new) == 5 and not log.updated and not log.duplicate
    assert anki.col.note_count() == 5
    assert anki.notetype_names().count("recall") == 1
    assert anki.notetype_names().count("recall cloze") == 1
    assert {"Daily-Learning-Log", "Geography", "Geography::South America"} <= set(anki.deck_names())

    first = anki.note_by_guid(note_guid("a" * 16))
    assert first.note_type()["name"] == "recall"
    assert first["Question"] == "How it works?"
    assert first["Answer"] == "Soft prompting learns input vectors."
    assert first["Context"] == "Sep 9, 2024: Soft Prompting vs LoRA › Soft Prompting"
    assert "daily-learning-log.md:" in first["Source"]
    assert first.tags == ["2024-09-09"]
    assert anki.col.decks.name(first.cards()[0].did) == "Daily-Learning-Log"

    cloze = anki.note_by_guid(note_guid("d" * 16))
    assert cloze.note_type()["name"] == "recall cloze"
    assert cloze["Text"] == "The {{c1::capital}} of Peru"
    assert anki.col.decks.name(cloze.cards()[0].did) == "Geography::South America"
    assert "The [...] of Peru" in visible_text(cloze.cards()[0].question())
    assert "The capital of Peru" in visible_text(cloze.cards()[0].answer())

    # Media: both `image.png` files arrive, under distinct flat names, with their own bytes.
    media_dir = anki.col.media.dir()
    packed = {name: (Path(media_dir) / name).read_bytes() for name in anki.media_names()}
    assert sorted(packed.values()) == [b"\x89PNG other diagram", b"\x89PNG pipeline"]
    arch = anki.note_by_guid(note_guid("b" * 16))
    (name,) = [n for n, data in packed.items() if data == b"\x89PNG pipeline"]
    assert f'<img src="{name}" alt="pipeline">' in arch["Answer"]
    assert not anki.empty_cards()


def test_orphaned_cards_are_not_exported(anki, cards, tmp_path):
    report = export_cards(cards, tmp_path / "out.apkg", now=T1)
    anki.import_package(report.path)
    guids = {note.guid for note in anki.notes()}
    assert note_guid("f" * 16) not in guids


def test_reimport_after_edit_updates_the_note_in_place(anki, cards, tmp_path):
    anki.import_package(export_cards(cards, tmp_path / "one.apkg", now=T1).path)
    before = anki.note_by_guid(note_guid("a" * 16))
    notetypes = anki.notetype_names()

    cards[0] = dataclasses.replace(cards[0], answer="Soft prompting learns *input* vectors.")
    log = anki.import_package(export_cards(cards, tmp_path / "two.apkg", now=T2).path)

    after = anki.note_by_guid(note_guid("a" * 16))
    assert after.id == before.id
    assert after["Answer"] == "Soft prompting learns <em>input</em> vectors."
    assert anki.col.note_count() == 5
    assert anki.notetype_names() == notetypes
    assert not log.new and not log.conflicting


def test_adding_a_card_adds_exactly_one_note(anki, cards, tmp_path, log):
    anki.import_package(export_cards(cards, tmp_path / "one.apkg", now=T1).path)
    ids = {note.guid: note.id for note in anki.notes()}

    cards.append(
        make_card("Initial pool?", "only the starting prompt", id="1" * 16, file=log, path="l.md")
    )
    result = anki.import_package(export_cards(cards, tmp_path / "two.apkg", now=T2).path)

    assert len(result.new) == 1
    assert anki.col.note_count() == 6
    assert {g: i for g, i in ((n.guid, n.id) for n in anki.notes()) if g in ids} == ids
    assert anki.notetype_names().count("recall") == 1


def test_unchanged_reexport_changes_nothing(anki, cards, tmp_path):
    anki.import_package(export_cards(cards, tmp_path / "one.apkg", now=T1).path)
    fields = {n.guid: n.fields for n in anki.notes()}
    anki.import_package(export_cards(cards, tmp_path / "two.apkg", now=T3).path)
    assert {n.guid: n.fields for n in anki.notes()} == fields


def test_suspended_card_arrives_suspended_with_learning_progress(anki, cards, tmp_path):
    report = export_cards(cards, tmp_path / "out.apkg", now=T1)
    anki.import_package(report.path, with_scheduling=True)
    note = anki.note_by_guid(note_guid("e" * 16))
    assert [card.queue for card in note.cards()] == [-1]
    assert SUSPENDED_TAG in note.tags
    active = anki.note_by_guid(note_guid("a" * 16))
    assert [card.queue for card in active.cards()] == [0]


def test_suspended_card_is_tagged_under_default_import(anki, cards, tmp_path):
    anki.import_package(export_cards(cards, tmp_path / "out.apkg", now=T1).path)
    found = anki.col.find_notes(f"tag:{SUSPENDED_TAG}")
    assert [anki.col.get_note(n).guid for n in found] == [note_guid("e" * 16)]


def test_script_in_a_log_never_reaches_anki_as_html(anki, tmp_path):
    card = make_card(
        "Evil <script>alert('q')</script>?",
        "<img src=x onerror=alert(1)> and a<b",
        context=("<script>alert('ctx')</script>",),
    )
    anki.import_package(export_cards([card], tmp_path / "out.apkg", now=T1).path)
    (anki_card,) = anki.notes()[0].cards()
    html = anki_card.answer()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert('q')&lt;/script&gt;" in html
    assert "a&lt;b" in html


def test_latex_double_braces_keep_the_cloze_whole_in_anki(anki, tmp_path):
    card = make_card(
        "Normal density constant: {{c1::$\\frac{1}{\\sqrt{2\\pi\\sigma^{2}}}$}}",
        "",
        kind="cloze",
    )
    anki.import_package(export_cards([card], tmp_path / "out.apkg", now=T1).path)
    (anki_card,) = anki.notes()[0].cards()
    question, answer = visible_text(anki_card.question()), anki_card.answer()
    assert "\\frac" not in question and "constant: [...]" in question
    assert "\\(\\frac{1}{\\sqrt{2\\pi\\sigma^{2} } }\\)" in answer


@pytest.mark.parametrize(
    ("question", "front", "back"),
    [
        ("C++ maps are ==std::map== in the standard library", "are [...] in", "are std::map in"),
        ("Scope: ==$a::b$== in TeX", "Scope: [...] in", "Scope: \\(a::b\\) in"),
        ("Odd: ==f(x) }} g== end", "Odd: [...] end", "Odd: f(x) }} g end"),
        ("Short: {{std::set}} too", "Short: [...] too", "Short: std::set too"),
        ("The {{c1::Paris::capital}} of France", "The [capital] of", "The Paris of"),
    ],
)
def test_colons_and_braces_in_a_cloze_stay_its_answer_in_anki(
    anki, tmp_path, question, front, back
):
    card = make_card(question, "", kind="cloze")
    anki.import_package(export_cards([card], tmp_path / "out.apkg", now=T1).path)
    (anki_card,) = anki.notes()[0].cards()
    # What the reader sees (entities decoded, as the webview and MathJax read them).
    shown_front = html.unescape(visible_text(anki_card.question()))
    shown_back = html.unescape(visible_text(anki_card.answer()))
    assert front in shown_front and back in shown_back
    assert "}}" not in shown_front and shown_back.count("}}") == back.count("}}")


def test_sound_and_latex_tags_in_math_are_inert_in_anki(anki, tmp_path):
    card = make_card("Math: $[sound:m.mp3]$ eq", "$$[latex]x[/latex] \\left[ 0, 1 \\right]$$")
    anki.import_package(export_cards([card], tmp_path / "out.apkg", now=T1).path)
    (anki_card,) = anki.notes()[0].cards()
    assert anki_card.question_av_tags() == [] and anki_card.answer_av_tags() == []
    assert "latex" not in "".join(anki.media_names())  # no LaTeX image asked for
    # MathJax reads the page's text: delimiters intact, `&#91;` read as `[`.
    shown = html.unescape(visible_text(anki_card.answer()))
    assert "\\([sound:m.mp3]\\)" in shown
    assert "\\[[latex]x[/latex] \\left[ 0, 1 \\right]\\]" in shown


def test_two_decks_same_text_give_two_notes(anki, tmp_path):
    a = make_card("entropy", "expected value of surprise", deck="ML::Sep", path="a.md")
    b = make_card("entropy", "expected value of surprise", deck="Stats::Basics", path="b.md")
    anki.import_package(export_cards([a], tmp_path / "a.apkg", now=T1).path)
    log = anki.import_package(export_cards([b], tmp_path / "b.apkg", now=T1).path)
    assert len(log.new) == 1 and anki.col.note_count() == 2


def test_missing_and_outside_images_are_warnings(tmp_path, log):
    card = make_card("Q", "![a](nope.png) ![b](../../etc/passwd)", file=log, path="l.md", line=3)
    report = export_cards([card], tmp_path / "out.apkg", now=T1)
    assert report.media == 0
    assert report.warnings == (
        "l.md:3: image 'nope.png' not found; left out",
        "l.md:3: image '../../etc/passwd' is outside the log's folder; left out",
    )


def test_package_layout(tmp_path, cards):
    report = export_cards(cards, tmp_path / "out.apkg", now=T1)
    with zipfile.ZipFile(report.path) as package:
        names = sorted(package.namelist())
        assert names == ["0", "1", "collection.anki2", "media"]


def test_nothing_to_export(tmp_path):
    with pytest.raises(ExportError, match="nothing to export"):
        export_cards([], tmp_path / "out.apkg", now=T1)
    with pytest.raises(ExportError, match="nothing to export"):
        export_cards([make_card(status=Status.ORPHANED)], tmp_path / "out.apkg", now=T1)
    assert not (tmp_path / "out.apkg").exists()


def test_bad_output_paths(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        export_cards([make_card()], tmp_path / "missing" / "out.apkg", now=T1)
    with pytest.raises(ExportError, match="is a folder"):
        export_cards([make_card()], tmp_path, now=T1)


def test_unwritable_folder_is_an_export_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        # As root the mode does not stop writes; /proc refuses new files to everyone on Linux.
        target = folder if not os.access(folder, os.W_OK) else Path("/proc")
        if not target.is_dir():
            pytest.skip("no folder here that refuses writes")
        with pytest.raises(ExportError, match="cannot write"):
            export_cards([make_card()], target / "recall-test.apkg", now=T1)
    finally:
        folder.chmod(0o700)


def test_export_writes_nothing_but_the_package(tmp_path, cards, monkeypatch):
    scratch = tmp_path / "system-temp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    export_cards(cards, out_dir / "deck.apkg", now=T1)
    assert [p.name for p in out_dir.iterdir()] == ["deck.apkg"]
    assert list(scratch.iterdir()) == []


def test_replacing_an_existing_package(tmp_path, cards):
    out = tmp_path / "deck.apkg"
    out.write_bytes(b"old")
    export_cards(cards, out, now=T1)
    assert zipfile.is_zipfile(out)


def test_naive_now_is_refused(tmp_path):
    from recall.errors import ClockError

    with pytest.raises(ClockError):
        export_cards([make_card()], tmp_path / "out.apkg", now=datetime(2026, 1, 1))


def test_field_separator_in_card_text_keeps_the_fields_apart_in_anki(anki, tmp_path):
    card = make_card("Unit\x1fseparator?", "escape \x1b[31m and \x1f", context=("A\x1fB",))
    anki.import_package(export_cards([card], tmp_path / "out.apkg", now=T1).path)
    (note,) = anki.notes()
    assert note["Question"] == "Unit␟separator?"
    assert note["Answer"] == "escape ␛&#91;31m and ␟"
    assert note["Context"] == "A␟B"
    assert "recall-file" in note["Source"]


def test_a_link_to_a_package_is_kept_and_its_target_written(tmp_path, anki):
    real = tmp_path / "synced" / "real.apkg"
    real.parent.mkdir()
    real.write_bytes(b"last week's package")
    link = tmp_path / "link.apkg"
    link.symlink_to(real)
    report = export_cards([make_card()], link, now=T1)
    assert report.path == link and link.is_symlink() and link.resolve() == real
    assert zipfile.is_zipfile(real)
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.apkg"]  # no temp file left
    assert len(anki.import_package(link).new) == 1


def test_a_dangling_link_creates_its_target(tmp_path):
    link = tmp_path / "link.apkg"
    link.symlink_to(tmp_path / "new.apkg")
    export_cards([make_card()], link, now=T1)
    assert link.is_symlink() and zipfile.is_zipfile(tmp_path / "new.apkg")


def test_a_fifo_is_refused_and_left_alone(tmp_path):
    fifo = tmp_path / "f.apkg"
    os.mkfifo(fifo)
    link = tmp_path / "link.apkg"
    link.symlink_to(fifo)
    for out in (fifo, link):
        with pytest.raises(ExportError, match=r"it is a FIFO \(named pipe\); give a file name"):
            export_cards([make_card()], out, now=T1)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.apkg", "link.apkg"]


def test_a_device_node_is_refused_and_left_alone(tmp_path):
    device = tmp_path / "full"
    try:  # a copy of /dev/full (char 1,7) in tmp: only root may make one
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("making a device node needs root")
    with pytest.raises(ExportError, match="it is a character device"):
        export_cards([make_card()], device, now=T1)
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert os.lstat(device).st_rdev == os.makedev(1, 7)


def test_a_link_loop_is_an_export_error(tmp_path):
    a, b = tmp_path / "a.apkg", tmp_path / "b.apkg"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(ExportError, match="cannot write"):
        export_cards([make_card()], a, now=T1)
    assert a.is_symlink() and b.is_symlink()


# The back template of the first releases: `{{FrontSide}}` inside a second `<div class="recall">`.
OLD_BACK = (
    '<div class="recall">{{FrontSide}}<hr id="answer">'
    '<div class="recall-answer">{{Answer}}</div>'
    '{{#Source}}<div class="recall-source">{{Source}}</div>{{/Source}}</div>'
)


def test_notes_of_the_old_back_template_update_in_place(anki, tmp_path, monkeypatch):
    from recall.anki import models

    current_back = models.BASIC_TEMPLATE["afmt"]
    card = make_card("Capital of Peru?", "Lima", id="a" * 16)
    monkeypatch.setitem(models.BASIC_TEMPLATE, "afmt", OLD_BACK)
    anki.import_package(export_cards([card], tmp_path / "old.apkg", now=T1).path)
    monkeypatch.setitem(models.BASIC_TEMPLATE, "afmt", current_back)
    (note_id,) = anki.col.find_notes("")

    edited = dataclasses.replace(card, answer="Lima (since 1535)")
    log = anki.import_package(export_cards([edited], tmp_path / "new.apkg", now=T2).path)
    assert len(log.updated) == 1 and not log.new and not log.conflicting
    assert anki.notetype_names().count("recall") == 1 and "recall+" not in anki.notetype_names()
    assert anki.col.models.by_name("recall")["tmpls"][0]["afmt"] == current_back
    (note,) = anki.notes()
    assert note.id == note_id and note["Answer"] == "Lima (since 1535)"
    answer = note.cards()[0].answer()
    assert answer.count('<div class="recall">') == 2  # the front's, then the back's: not nested
    assert answer.index("Capital of Peru?") < answer.index("Lima (since 1535)")
    assert '<div class="recall"><div class="recall">' not in answer


# What README "## Anki export" says Anki's import does (Anki's behaviour, pinned here).


def test_anki_import_never_moves_a_card_to_its_new_deck(anki, tmp_path):
    card = make_card("Capital of Peru?", "Lima", id="a" * 16, deck="NT")
    anki.import_package(export_cards([card], tmp_path / "one.apkg", now=T1).path)
    renamed = dataclasses.replace(card, deck="Geography", answer="Lima, since 1535")
    log = anki.import_package(export_cards([renamed], tmp_path / "two.apkg", now=T2).path)
    assert len(log.updated) == 1
    (note,) = anki.notes()
    assert note["Answer"] == "Lima, since 1535"
    assert anki.col.decks.name(note.cards()[0].did) == "NT"
    assert "Geography" in anki.deck_names()  # created, and left empty


def test_a_field_added_in_anki_stops_updates_but_css_edits_do_not(anki, tmp_path):
    card = make_card("Capital of Peru?", "Lima", id="a" * 16)
    anki.import_package(export_cards([card], tmp_path / "one.apkg", now=T1).path)
    notetype = anki.col.models.by_name("recall")
    notetype["css"] += "\n.card { font-size: 30px; }"
    anki.col.models.update_dict(notetype)
    card = dataclasses.replace(card, answer="Lima, since 1535")
    log = anki.import_package(export_cards([card], tmp_path / "two.apkg", now=T2).path)
    assert len(log.updated) == 1 and "30px" in anki.col.models.by_name("recall")["css"]

    notetype = anki.col.models.by_name("recall")
    anki.col.models.add_field(notetype, anki.col.models.new_field("MyNotes"))
    anki.col.models.update_dict(notetype)
    card = dataclasses.replace(card, answer="Lima, on the Rimac")
    log = anki.import_package(export_cards([card], tmp_path / "three.apkg", now=T3).path)
    assert len(log.conflicting) == 1 and not log.updated
    assert anki.notes()[0]["Answer"] == "Lima, since 1535"
