"""Sync end to end: identity across edits, skipping unchanged sources, folders, bad files, the sample."""

from __future__ import annotations

import hashlib
import os
from datetime import timedelta

import pytest

from recall.collection import Collection
from recall.errors import SourceError
from recall.rating import Rating, Status
from recall.store.sync import allocate_ids
from tests.collection.conftest import STUDY_LOG, T0, write_log


def _by_question(col):
    return {(c.context[-1] if c.context else "", c.question): c for c in col.cards()}


def _reviewed(col, now=T0):
    """Review every card in the queue once (Good), so each has a schedule to keep."""
    for card in col.queue(now):
        col.review(card.id, Rating.GOOD, now)
    return {c.id: c for c in col.cards()}


def test_an_unchanged_source_is_skipped_and_nothing_is_written(col, log):
    col.sync([log], T0)
    before = log.read_bytes(), log.stat().st_mtime_ns
    changes = col.connection.total_changes
    report = col.sync(None, T0 + timedelta(days=1))
    assert (report.added, report.updated, report.unchanged) == (0, 0, 6)
    assert col.connection.total_changes == changes
    # Touched but identical content: the hash decides, still nothing written.
    os.utime(log, ns=(log.stat().st_atime_ns, log.stat().st_mtime_ns + 5_000_000_000))
    report = col.sync([log], T0 + timedelta(days=2))
    assert report.unchanged == 6 and col.connection.total_changes == changes
    assert log.read_bytes() == before[0]  # the log is never written


def test_answer_edit_updates_text_and_keeps_the_schedule(col, log):
    col.sync([log], T0)
    reviewed = _reviewed(col)
    write_log(log, STUDY_LOG.replace("reads never see stale data", "reads never see old data"))
    report = col.sync([log], T0 + timedelta(hours=1))
    assert (report.updated, report.added, report.orphaned, report.unchanged) == (1, 0, 0, 5)
    card = _by_question(col)[("Write-through cache", "Cost?")]
    assert card.answer.endswith("reads never see old data.")
    assert card.memory == reviewed[card.id].memory
    assert len(col.reviews(card.id)) == 1


def test_heading_rename_relinks_and_keeps_history(col, log):
    col.sync([log], T0)
    reviewed = _reviewed(col)
    write_log(log, STUDY_LOG.replace("### Write-back cache:", "### Write-behind cache:"))
    report = col.sync([log], T0 + timedelta(hours=1))
    assert report.relinked == 2 and report.added == 0 and report.orphaned == 0
    cards = _by_question(col)
    for question in ("How it works?", "Risk?"):
        card = cards[("Write-behind cache", question)]
        assert card.memory == reviewed[card.id].memory
        assert card.context[-1] == "Write-behind cache"
    assert len(col.cards()) == 6


def test_question_typo_relinks(col, log):
    col.sync([log], T0)
    reviewed = _reviewed(col)
    write_log(
        log, STUDY_LOG.replace("What does a p-value measure?", "What does a p value measure?")
    )
    report = col.sync([log], T0 + timedelta(hours=1))
    assert report.added == 0 and report.relinked + report.updated == 1
    card = next(c for c in col.cards() if "p value" in c.question)
    assert card.memory == reviewed[card.id].memory


def test_same_label_under_two_headings_never_swaps(col, log):
    """Deleting one of two "How it works" cards orphans that one, never the other."""
    col.sync([log], T0)
    ids = {(c.context[-1], c.question): c.id for c in col.cards() if c.context}
    reviewed = _reviewed(col)
    write_log(
        log,
        STUDY_LOG.replace(
            "- How it works: every write goes to the cache and to the backing store at once.\n", ""
        ),
    )
    report = col.sync([log], T0 + timedelta(hours=1))
    assert (report.orphaned, report.added, report.relinked) == (1, 0, 0)
    (orphan,) = col.cards(status="orphaned")
    assert orphan.id == ids[("Write-through cache", "How it works?")]
    back = col.card(ids[("Write-back cache", "How it works?")])
    assert back.status is Status.ACTIVE and back.answer.startswith("writes land")
    assert back.memory == reviewed[back.id].memory


def test_deleted_card_is_orphaned_with_history_then_restored(col, log):
    col.sync([log], T0)
    reviewed = _reviewed(col)
    gone = STUDY_LOG.replace("- Risk: a crash can lose writes that were not flushed yet.\n", "")
    write_log(log, gone)
    report = col.sync([log], T0 + timedelta(hours=1))
    assert report.orphaned == 1
    (orphan,) = col.cards(status="orphaned")
    assert orphan.question == "Risk?" and orphan.status is Status.ORPHANED
    assert len(col.reviews(orphan.id)) == 1
    later = T0 + timedelta(days=30)
    assert orphan.id not in [c.id for c in col.queue(later)]
    assert col.counts(later).due == 5
    write_log(log, STUDY_LOG)
    report = col.sync([log], T0 + timedelta(hours=2))
    assert report.restored == 1 and report.added == 0
    back = col.card(orphan.id)
    assert back.status is Status.ACTIVE and back.memory == reviewed[orphan.id].memory


def test_a_suspended_card_stays_suspended_through_orphan_and_restore(col, log):
    col.sync([log], T0)
    card = _by_question(col)[("Write-back cache", "Risk?")]
    col.suspend(card.id)
    write_log(
        log, STUDY_LOG.replace("- Risk: a crash can lose writes that were not flushed yet.\n", "")
    )
    col.sync([log], T0)
    assert col.card(card.id).status is Status.ORPHANED
    write_log(log, STUDY_LOG)
    col.sync([log], T0)
    assert col.card(card.id).status is Status.SUSPENDED


def test_a_new_card_never_takes_the_id_of_a_relinked_one(col, log):
    col.sync([log], T0)
    cost = _by_question(col)[("Write-through cache", "Cost?")]
    write_log(log, STUDY_LOG.replace("- Cost: writes", "- Costs: writes"))
    col.sync([log], T0)
    assert col.card(cost.id).question == "Costs?"  # relinked: same permanent id
    # Now a genuinely new "Cost:" item appears under the same heading: its extraction id is
    # the relinked card's permanent id, so it must get a fresh one.
    write_log(
        log,
        STUDY_LOG.replace("- Cost: writes", "- Costs: writes").replace(
            "### Write-back cache:", "- Cost: paid in write latency.\n\n### Write-back cache:"
        ),
    )
    report = col.sync([log], T0)
    assert report.added == 1
    ids = [c.id for c in col.cards()]
    assert len(ids) == len(set(ids)) == 7
    new = _by_question(col)[("Write-through cache", "Cost?")]
    assert new.id != cost.id and col.card(cost.id).question == "Costs?"


def test_dry_run_reports_and_writes_nothing(col, log):
    report = col.sync([log], T0, dry_run=True)
    assert report.added == 6
    assert col.sources() == [] and col.cards() == []
    col.sync([log], T0)
    write_log(log, STUDY_LOG.replace("- Cost: writes", "- Costs: writes"))
    changes = col.connection.total_changes
    report = col.sync(None, T0, dry_run=True)
    assert report.relinked == 1 and report.unchanged == 5
    assert col.connection.total_changes == changes
    assert _by_question(col)[("Write-through cache", "Cost?")]


def test_the_same_file_from_another_folder_is_the_same_source(col, log, monkeypatch):
    monkeypatch.chdir(log.parent)
    col.sync(["study-log.md"], T0)
    monkeypatch.chdir(log.parent.parent)
    report = col.sync([os.path.join("notes", "study-log.md")], T0)
    assert report.unchanged == 6 and report.added == 0
    assert col.sources() == [str(log.resolve())]
    assert len(col.cards()) == 6
    monkeypatch.chdir("/")
    write_log(log, STUDY_LOG + "- mean = sum divided by count\n")
    assert col.sync(None, T0).added == 1
    assert len(col.cards()) == 7


def test_a_missing_path_is_a_source_error(col, tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        col.sync([tmp_path / "nope.md"], T0)
    assert col.sources() == []


def test_a_known_source_that_vanished_keeps_its_cards(col, log):
    col.sync([log], T0)
    log.unlink()
    report = col.sync(None, T0)
    assert any("no longer exists" in e for e in report.errors)
    assert len(col.cards(status="active")) == 6


def test_a_renamed_log_file_carries_its_history_to_the_new_name(col, log):
    """`sync log.md; mv log.md renamed.md; sync renamed.md`: the cards follow the file (relinked,
    schedules kept) and the vanished source is retired, never two active copies of the log."""
    col.sync([log], T0)
    reviewed = _reviewed(col)
    renamed = log.with_name("renamed-log.md")
    log.rename(renamed)
    assert any("no longer exists" in e for e in col.sync(None, T0).errors)
    report = col.sync([renamed], T0)
    assert (report.added, report.relinked, report.orphaned) == (0, 6, 0)
    assert len(report.notices) == 1
    assert "study-log.md" in report.notices[0] and "renamed-log.md" in report.notices[0]
    assert col.sources() == [str(renamed.resolve())]
    cards = col.cards()
    assert {c.id for c in cards} == set(reviewed) and len(cards) == 6
    assert all(c.memory == reviewed[c.id].memory for c in cards)
    assert all(c.file == str(renamed.resolve()) for c in cards)
    assert col.sync(None, T0).errors == ()  # the old name is no longer a source
    # An edit after the rename is an ordinary edit of the renamed log.
    write_log(renamed, STUDY_LOG + "- mean = sum divided by count\n")
    assert col.sync(None, T0).added == 1


def test_a_renamed_log_that_was_edited_too_keeps_what_matches(col, log):
    col.sync([log], T0)
    reviewed = _reviewed(col)
    log.unlink()
    moved = write_log(
        log.parent / "moved.md",
        STUDY_LOG.replace("- Risk: a crash can lose writes that were not flushed yet.\n", ""),
    )
    report = col.sync([moved], T0)
    assert (report.added, report.relinked, report.orphaned) == (0, 5, 1)
    assert {c.id for c in col.cards(status="active")} < set(reviewed)
    assert [c.question for c in col.cards(status="orphaned")] == ["Risk?"]


def test_a_vanished_log_is_not_taken_over_by_an_unrelated_new_log(col, log, tmp_path):
    """Only a log whose cards match a vanished source's cards takes them over."""
    col.sync([log], T0)
    log.unlink()
    other = write_log(
        tmp_path / "other.md", "# Other\n\n- Median: the middle value of sorted data.\n"
    )
    report = col.sync([other], T0)
    assert (report.added, report.relinked, report.orphaned) == (1, 0, 0)
    assert report.notices == ()
    assert col.sources() == [str(log.resolve()), str(other.resolve())]
    assert len(col.cards(status="active")) == 7  # the vanished log's cards are kept as they were


def test_a_moved_folder_source_carries_its_history(col, tmp_path):
    folder = tmp_path / "log"
    folder.mkdir()
    write_log(folder / "a.md")
    write_log(folder / "b.md", "# B\n\n- Mode: the most frequent value.\n")
    col.sync([folder], T0)
    reviewed = _reviewed(col)
    moved = folder.rename(tmp_path / "learning")
    report = col.sync([moved], T0)
    assert (report.added, report.orphaned) == (0, 0)
    assert report.unchanged + report.relinked == 7
    assert col.sources() == [str(moved.resolve())]
    assert {c.id for c in col.cards()} == set(reviewed)
    assert all(c.memory == reviewed[c.id].memory for c in col.cards())


def test_a_dry_run_of_a_renamed_log_reports_the_relink_and_writes_nothing(col, log):
    col.sync([log], T0)
    renamed = log.rename(log.with_name("renamed.md"))
    changes = col.connection.total_changes
    report = col.sync([renamed], T0, dry_run=True)
    assert (report.added, report.relinked) == (0, 6)
    assert col.connection.total_changes == changes
    assert col.sources() == [str(log.resolve())]


def test_folder_source_sees_new_changed_and_removed_files(col, tmp_path):
    folder = tmp_path / "log"
    (folder / "2026").mkdir(parents=True)
    write_log(folder / "2026" / "nov.md")
    report = col.sync([folder], T0)
    assert report.added == 6
    changes = col.connection.total_changes
    assert col.sync(None, T0).unchanged == 6 and col.connection.total_changes == changes
    write_log(folder / "2026" / "dec.md", "# Dec\n\n- Median: the middle value of sorted data.\n")
    report = col.sync(None, T0)
    assert (report.added, report.unchanged) == (1, 6)
    (folder / "2026" / "nov.md").unlink()
    report = col.sync(None, T0)
    assert report.orphaned == 6
    card = col.cards(deck="Dec")[0]
    assert card.source.path == "2026/dec.md"


def test_a_file_inside_a_known_folder_syncs_as_part_of_it(col, tmp_path):
    folder = tmp_path / "log"
    folder.mkdir()
    write_log(folder / "a.md")
    col.sync([folder], T0)
    report = col.sync([folder / "a.md"], T0)
    assert report.added == 0 and col.sources() == [str(folder.resolve())]
    assert len(col.cards()) == 6


def test_a_folder_around_a_known_file_absorbs_it_with_history(col, tmp_path):
    folder = tmp_path / "log"
    folder.mkdir()
    write_log(folder / "a.md")
    col.sync([folder / "a.md"], T0)
    reviewed = _reviewed(col)
    report = col.sync([folder], T0)
    assert report.added == 0 and report.orphaned == 0
    assert col.sources() == [str(folder.resolve())]
    cards = col.cards()
    assert len(cards) == 6 and {c.id for c in cards} == set(reviewed)
    assert all(c.memory == reviewed[c.id].memory for c in cards)


def test_an_unreadable_file_is_reported_and_keeps_its_cards(col, tmp_path):
    folder = tmp_path / "log"
    folder.mkdir()
    write_log(folder / "a.md")
    write_log(folder / "b.md", "# B\n\n- Mode: the most frequent value.\n")
    col.sync([folder], T0)
    (folder / "b.md").write_bytes(b"# B\n\n- Mode: caf\xe9 latin-1 text\n")
    write_log(folder / "a.md", STUDY_LOG + "- mean = sum divided by count\n")
    report = col.sync(None, T0)
    assert report.added == 1
    assert len(report.errors) == 1 and "b.md" in report.errors[0] and "UTF-8" in report.errors[0]
    assert [c.question for c in col.cards(deck="B")] == ["Mode?"]
    assert col.cards(deck="B")[0].status is Status.ACTIVE
    # Fixed later: synced again (the bad version was never recorded as seen).
    write_log(folder / "b.md", "# B\n\n- Mode: the most common value.\n")
    report = col.sync(None, T0)
    assert report.updated == 1 and not report.errors


def test_binary_and_empty_files_lose_nothing(col, tmp_path):
    folder = tmp_path / "log"
    folder.mkdir()
    write_log(folder / "a.md")
    (folder / "empty.md").write_bytes(b"")
    (folder / "blob.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    report = col.sync([folder], T0)
    assert report.added == 6
    assert any("blob.md" in e for e in report.errors)


def test_first_run_sample_then_retired_by_the_users_own_log(col, log):
    notice = col.ensure_source(T0)
    assert notice and "sample deck" in notice and "recall sync PATH" in notice
    assert col.ensure_source(T0) is None
    sample_cards = col.cards()
    assert len(sample_cards) >= 20 and col.uses_sample()
    card = col.queue(T0)[0]
    col.review(card.id, Rating.GOOD, T0)
    report = col.sync([log], T0)
    assert report.added == 6
    assert len(report.notices) == 1 and "sample deck is retired" in report.notices[0]
    assert f"{len(sample_cards)} cards" in report.notices[0]
    assert not col.uses_sample()
    assert col.sources() == [str(log.resolve())]
    orphaned = col.cards(status="orphaned")
    assert len(orphaned) == len(sample_cards)
    assert len(col.reviews(card.id)) == 1  # history kept
    assert all(c.deck == "Study Log" for c in col.queue(T0 + timedelta(days=1)))
    # Later syncs do not bring the sample back, and say nothing more about it.
    report = col.sync(None, T0)
    assert report.notices == () and report.unchanged == 6


def test_studying_the_sample_deck_leaves_todays_new_cards_to_the_users_own_log(tmp_path, log):
    """Two sample cards studied, then the user's log added: its first day offers the full
    new_per_day (the retired sample's first reviews no longer count toward the limit)."""
    (tmp_path / "recall.toml").write_text("new_per_day = 3\n")
    with Collection.open(tmp_path / "collection.db", tz="UTC") as col:
        col.ensure_source(T0)
        for card in col.queue(T0)[:2]:
            col.review(card.id, Rating.GOOD, T0)
        assert col.counts(T0).new == 1  # while the sample is in use, its reviews count
        col.sync([log], T0)
        assert col.counts(T0).new == 3
        assert [c.question for c in col.queue(T0)] == ["How it works?", "Cost?", "How it works?"]
        assert len(col.reviews()) == 2  # the sample's history is kept all the same
        # The user's own first reviews still count, and undo gives them back.
        first = col.queue(T0)[0]
        col.review(first.id, Rating.GOOD, T0)
        assert col.counts(T0).new == 2
        col.undo()
        assert col.counts(T0).new == 3


def test_bugcase_answer_edit_keeps_history(col, shared, tmp_path):
    """Bugcase 21: a typo fix in the answer keeps the card id and its FSRS state."""
    bugs = shared / "bugcases"
    log = tmp_path / "entropy.md"
    log.write_bytes((bugs / "21-edit-answer-keeps-history.before.md").read_bytes())
    col.sync([log], T0)
    reviewed = _reviewed(col)
    log.write_bytes((bugs / "21-edit-answer-keeps-history.md").read_bytes())
    report = col.sync([log], T0 + timedelta(days=1))
    assert report.added == 0 and report.orphaned == 0
    (card,) = col.cards()
    assert "surprise" in card.answer
    assert card.memory == reviewed[card.id].memory


def test_bugcase_heading_rename_keeps_history(col, shared, tmp_path):
    """Bugcase 23: "7 x 8 = 54" corrected to "= 56" must not silently fork."""
    bugs = shared / "bugcases"
    log = tmp_path / "arithmetic.md"
    log.write_bytes((bugs / "23-heading-rename-keeps-history.before.md").read_bytes())
    col.sync([log], T0)
    reviewed = _reviewed(col)
    assert reviewed
    log.write_bytes((bugs / "23-heading-rename-keeps-history.md").read_bytes())
    report = col.sync([log], T0 + timedelta(days=1))
    kept = [c for c in col.cards(status="active") if c.id in reviewed]
    if report.warnings:  # flagged as ambiguous: the user is told, nothing merged silently
        assert report.added >= 1
    else:
        assert report.added == 0 and report.orphaned == 0
        assert all(c.memory == reviewed[c.id].memory for c in kept)
        assert len(kept) == len(reviewed)


def test_bugcase_repeated_question_text_gives_distinct_cards(col, shared, tmp_path):
    """Bugcase 20: the same label under different headings: distinct cards, none dropped."""
    log = tmp_path / "repeated.md"
    log.write_bytes((shared / "bugcases" / "20-repeated-question-text.md").read_bytes())
    report = col.sync([log], T0)
    cards = col.cards()
    assert report.added == len(cards) >= 6
    how = [c for c in cards if c.question.startswith("How it works")]
    assert len(how) == 2 and how[0].id != how[1].id
    assert col.sync([log], T0).unchanged == len(cards)


def test_bugcase_writeback_comment_file_is_never_written(col, shared, tmp_path):
    """Bugcase 32: recall keeps all state in SQLite; the log file stays byte for byte the same."""
    log = tmp_path / "zettel.md"
    log.write_bytes((shared / "bugcases" / "32-writeback-comment-breaks-list.md").read_bytes())
    before = log.read_bytes(), log.stat().st_mtime_ns
    col.sync([log], T0)
    _reviewed(col)
    col.sync([log], T0 + timedelta(days=1))
    assert (log.read_bytes(), log.stat().st_mtime_ns) == before
    assert len(col.cards()) >= 2


def test_a_source_extracted_by_another_recall_version_is_extracted_again(col, log):
    """After an upgrade the extraction rules may differ: unchanged files are read once more."""
    col.sync([log], T0)
    col.connection.execute("UPDATE sources SET extracted_by = '0.0.1'")
    report = col.sync(None, T0)
    assert report.unchanged == 6 and report.added == 0
    (version,) = col.connection.execute("SELECT extracted_by FROM sources").fetchone()
    from recall import __version__

    assert version == __version__
    changes = col.connection.total_changes
    col.sync(None, T0)
    assert col.connection.total_changes == changes  # and then it is skipped again


def test_new_ids_never_clash_with_stored_ones_or_each_other(col, log):
    col.sync([log], T0)
    first, second, third = (c.id for c in col.cards()[:3])
    # Make the first derived id of `first` a stored card's id too: the next one must be used.
    derived = [hashlib.blake2b(f"{first}:{n}".encode(), digest_size=8).hexdigest() for n in (1, 2)]
    col.connection.execute("UPDATE cards SET id = ? WHERE id = ?", (derived[0], third))
    ids = allocate_ids(col.connection, [first, "fresh", "fresh", second])
    assert ids[0] == derived[1] and ids[1] == "fresh"
    assert len(set(ids)) == 4
    assert not set(ids) & {c.id for c in col.cards()}
