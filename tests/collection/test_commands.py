"""`recall sync` and `recall cards` as real subprocesses: output, exit codes, stderr lines."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from recall.collection import Collection
from recall.rating import Rating
from tests.collection.conftest import STUDY_LOG, T0, write_log
from tests.conftest import run_recall

ENV = {"RECALL_NOW": T0.isoformat(), "TZ": "UTC"}


def test_sync_prints_the_summary_and_remembers_the_path(log, recall_home):
    result = run_recall("sync", str(log), env=ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "added 6, updated 0, relinked 0, orphaned 0, unchanged 0\n"
    assert result.stderr == ""  # no progress bar when not on a terminal
    again = run_recall("sync", env=ENV)
    assert again.stdout == "added 0, updated 0, relinked 0, orphaned 0, unchanged 6\n"


def test_sync_dry_run_says_so_and_writes_nothing(log, recall_home):
    result = run_recall("sync", "--dry-run", str(log), env=ENV)
    assert result.returncode == 0
    assert result.stdout.startswith("dry run, nothing written; would have: added 6")
    with Collection.open(recall_home / "collection.db") as col:
        assert col.cards() == [] and col.sources() == []


def test_sync_without_any_source_is_a_clear_error(recall_home):
    result = run_recall("sync", env=ENV)
    assert result.returncode == 1
    assert result.stderr.startswith("recall: error: no log to sync yet")
    assert result.stderr.count("\n") == 1


def test_sync_missing_path_exit_1(tmp_path, recall_home):
    result = run_recall("sync", str(tmp_path / "missing.md"), env=ENV)
    assert result.returncode == 1
    assert "missing.md: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_sync_bad_file_is_named_on_stderr_and_the_rest_is_stored(tmp_path, recall_home):
    folder = tmp_path / "log"
    folder.mkdir()
    write_log(folder / "good.md")
    (folder / "bad.md").write_bytes(b"- Label: \xff\xfe broken\n")
    result = run_recall("sync", str(folder), env=ENV)
    assert result.returncode == 1
    assert result.stdout.startswith("added 6,")
    errors = [line for line in result.stderr.splitlines() if line.startswith("recall: error:")]
    assert len(errors) == 1 and "bad.md" in errors[0]


def test_sync_retiring_the_sample_says_so_in_one_line(log, recall_home):
    run_recall("due", env=ENV)  # first run: the sample deck
    result = run_recall("sync", str(log), env=ENV)
    assert result.returncode == 0
    notices = result.stderr.splitlines()
    assert len(notices) == 1 and "sample deck is retired" in notices[0]


def test_sync_of_a_renamed_log_relinks_instead_of_doubling_the_deck(log, recall_home):
    """The tester's steps: sync log.md; mv; sync (error); sync the new name → 6 cards, not 12."""
    assert run_recall("sync", str(log), env=ENV).returncode == 0
    renamed = log.rename(log.with_name("renamed-log.md"))
    stale = run_recall("sync", env=ENV)
    assert stale.returncode == 1 and "no longer exists" in stale.stderr
    result = run_recall("sync", str(renamed), env=ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "added 0, updated 0, relinked 6, orphaned 0, unchanged 0\n"
    assert result.stderr.splitlines() == [
        f"recall: {log} no longer exists; its cards now follow {renamed} (history kept)"
    ]
    assert run_recall("cards", env=ENV).stderr == "6 cards\n"
    assert run_recall("sync", env=ENV).returncode == 0


def test_cards_table_and_filters(log, recall_home):
    with Collection.open(recall_home / "collection.db", tz="UTC") as col:
        col.sync([log], T0)
        first = col.queue(T0)[0]
        col.review(first.id, Rating.EASY, T0)
        second = col.queue(T0)[0]
        col.suspend(second.id)
    write_log(
        log, STUDY_LOG.replace("- Risk: a crash can lose writes that were not flushed yet.\n", "")
    )
    run_recall("sync", env=ENV)

    result = run_recall("cards", env=ENV)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "DECK", "STATE", "STATUS", "DUE", "QUESTION"]
    assert len(lines) == 1 + 5  # orphaned cards are not listed by default
    assert any(first.id in line and "review" in line for line in lines)
    assert "Nov 2, 2026: Caching › Write-through cache › How it works?" in result.stdout
    # ... but said to be there, with the command that lists them
    assert result.stderr == "5 cards (1 orphaned not shown: recall cards --orphaned)\n"

    orphaned = run_recall("cards", "--orphaned", env=ENV).stdout.splitlines()
    assert len(orphaned) == 2 and "Risk?" in orphaned[1]
    suspended = run_recall("cards", "--suspended", env=ENV).stdout.splitlines()
    assert len(suspended) == 2 and second.id in suspended[1]
    due = run_recall(
        "cards", "--due", env={**ENV, "RECALL_NOW": (T0 + timedelta(days=30)).isoformat()}
    )
    assert first.id in due.stdout and second.id not in due.stdout


def test_cards_shows_buried_cards_as_buried_and_filters_them(log, recall_home):
    with Collection.open(recall_home / "collection.db", tz="UTC") as col:
        col.sync([log], T0)
        buried = col.queue(T0)[0]
        col.bury(buried.id, T0)
    lines = run_recall("cards", env=ENV).stdout.splitlines()
    (row,) = [line for line in lines if buried.id in line]
    assert "  buried  " in row and "  active  " not in row
    assert sum(" active " in line for line in lines) == 5
    only = run_recall("cards", "--buried", env=ENV)
    assert only.stdout.splitlines()[1:] == [row] and only.stderr == "1 card\n"
    # The next day the bury is over: active again, and --buried lists nothing.
    tomorrow = {**ENV, "RECALL_NOW": (T0 + timedelta(days=1)).isoformat()}
    assert "buried" not in run_recall("cards", env=tomorrow).stdout
    assert run_recall("cards", "--buried", env=tomorrow).stderr == "0 cards\n"
    # JSON keeps the stored fields: status active, buried_until in the future.
    (data,) = [
        c for c in json.loads(run_recall("cards", "--json", env=ENV).stdout) if c["id"] == buried.id
    ]
    assert data["status"] == "active" and data["buried_until"] == "2026-11-30T04:00:00+00:00"


def test_cards_unsuspend_and_suspend_by_id(log, recall_home):
    with Collection.open(recall_home / "collection.db", tz="UTC") as col:
        col.sync([log], T0)
        first, second, third = (c.id for c in col.cards()[:3])
        col.suspend(first)
        col.suspend(second)
    result = run_recall("cards", "--unsuspend", first, second, third, env=ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "unsuspended 2 cards (1 was not suspended)\n"
    with Collection.open(recall_home / "collection.db") as col:
        assert col.cards(status="suspended") == []
        assert len(col.queue(T0)) == 6  # back in review
    result = run_recall("cards", "--suspend", third, env=ENV)
    assert result.stdout == "suspended 1 card\n"
    assert third in run_recall("cards", "--suspended", env=ENV).stdout
    assert run_recall("cards", "--suspend", third, env=ENV).stdout == (
        "suspended 0 cards (1 was suspended already)\n"
    )


def test_cards_unbury_by_id_or_every_buried_card(log, recall_home):
    with Collection.open(recall_home / "collection.db", tz="UTC") as col:
        col.sync([log], T0)
        ids = [c.id for c in col.queue(T0)[:3]]
        for card_id in ids:
            col.bury(card_id, T0)
    result = run_recall("cards", "--unbury", ids[0], env=ENV)
    assert (result.returncode, result.stdout) == (0, "unburied 1 card\n")
    assert run_recall("cards", "--buried", env=ENV).stderr == "2 cards\n"
    assert run_recall("due", "--count", env=ENV).stdout == "4\n"
    # Without ids: every buried card (of --deck), like Anki's Unbury button on a deck.
    result = run_recall("cards", "--unbury", "--deck", "Study Log", env=ENV)
    assert result.stdout == "unburied 2 cards\n"
    assert run_recall("due", "--count", env=ENV).stdout == "6\n"
    assert run_recall("cards", "--unbury", env=ENV).stdout == "unburied 0 cards\n"


def test_cards_actions_refuse_unknown_ids_and_mixed_options(log, recall_home):
    with Collection.open(recall_home / "collection.db", tz="UTC") as col:
        col.sync([log], T0)
        known = col.cards()[0].id
    result = run_recall("cards", "--suspend", known, "0000000000000000", env=ENV)
    assert result.returncode == 1
    assert result.stderr.startswith("recall: error: no card with id '0000000000000000'")
    with Collection.open(recall_home / "collection.db") as col:
        assert col.cards(status="suspended") == []  # nothing changed, not even the known id
    for mixed in (["--json"], ["--orphaned"], ["--deck", "Study Log"]):
        result = run_recall("cards", "--unsuspend", known, *mixed, env=ENV)
        assert result.returncode == 2 and "cannot be combined" in result.stderr, mixed
    both = run_recall("cards", "--suspend", known, "--unsuspend", known, env=ENV)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    assert run_recall("cards", "--unsuspend", env=ENV).returncode == 2  # needs an id


def test_cards_streams_rows_as_they_are_read(log, recall_home, monkeypatch):
    """The first row is written after one card was read, not after the whole list was built:
    `recall cards | head -1` on 200k cards starts at once and holds one card at a time."""
    import argparse
    import io

    import recall.collection
    from recall.commands import cards as command

    with Collection.open(recall_home / "collection.db", tz="UTC") as col:
        col.sync([log], T0)
        ids = [c.id for c in col.cards()]
    read = []
    real = recall.collection.card_from
    monkeypatch.setattr(recall.collection, "card_from", lambda row: read.append(1) or real(row))
    monkeypatch.setenv("RECALL_NOW", T0.isoformat())

    class FirstRow(io.StringIO):
        def write(self, text):
            if any(card_id in text for card_id in ids):  # the first card written
                raise BrokenPipeError(f"{len(read)} cards read")
            return super().write(text)

    for json_form in (False, True):
        read.clear()
        monkeypatch.setattr("sys.stdout", FirstRow())
        args = argparse.Namespace(
            db=None,
            deck=None,
            due=False,
            orphaned=False,
            suspended=False,
            buried=False,
            json=json_form,
            suspend=None,
            unsuspend=None,
            unbury=None,
        )
        with pytest.raises(BrokenPipeError, match=r"^1 cards read$"):
            command.run(args)


def test_cards_json_is_written_piece_by_piece_as_one_list():
    from recall.commands.cards import json_lines

    items = [{"a": 1, "b": ["x", {"c": None}]}, {"q": "Ünïcode", "e": []}, {}]
    for n in range(len(items) + 1):
        assert "".join(json_lines(items[:n])) == (
            json.dumps(items[:n], ensure_ascii=False, indent=1) + "\n"
        )


def test_cards_json_has_the_stored_fields(log, recall_home):
    run_recall("sync", str(log), env=ENV)
    data = json.loads(run_recall("cards", "--json", env=ENV).stdout)
    assert len(data) == 6
    assert set(data[0]) == {
        "id",
        "key",
        "deck",
        "context",
        "question",
        "answer",
        "kind",
        "tags",
        "source",
        "file",
        "position",
        "status",
        "buried_until",
        "state",
        "step",
        "stability",
        "difficulty",
        "due",
        "last_review",
        "reps",
        "lapses",
        "created",
    }
    assert data[0]["source"]["line"] == 7 and data[0]["created"] == "2026-11-29T09:00:00+00:00"
    assert data[0]["context"] == ["Nov 2, 2026: Caching", "Write-through cache"]


def test_cards_strip_control_characters_from_the_table(tmp_path, recall_home):
    log = tmp_path / "odd.md"
    log.write_text("# Odd\n\n- Colour\x1b[31m: red \x1b]0;title\x07 text\n", encoding="utf-8")
    run_recall("sync", str(log), env=ENV)
    table = run_recall("cards", env=ENV).stdout
    assert "\x1b" not in table and "\x07" not in table
    assert "Colour [31m?" in table  # the text stays readable, the ESC byte is gone
    (raw,) = json.loads(run_recall("cards", "--json", env=ENV).stdout)
    assert "\x1b" in raw["question"] and "\x07" in raw["answer"]  # JSON keeps the data exact


def test_cards_unknown_deck(log, recall_home):
    run_recall("sync", str(log), env=ENV)
    result = run_recall("cards", "--deck", "Nope", env=ENV)
    assert result.returncode == 1
    assert result.stderr == "recall: error: no deck named 'Nope' (decks: Study Log)\n"


@pytest.mark.slow
def test_sync_shows_a_progress_bar_on_a_terminal_for_long_work(tmp_path, recall_home):
    """stderr on a pseudo-terminal: a (transient) rich progress bar is drawn; piped: nothing."""
    import os
    import pty
    import subprocess
    import sys

    from tests.benchmarks.bench_sync import synthetic_log

    log = tmp_path / "big.md"
    log.write_text(synthetic_log(10_000), encoding="utf-8")  # seconds of work, even on fast CPUs
    main, secondary = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "recall", "sync", str(log)],
        stdout=subprocess.PIPE,
        stderr=secondary,
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", **ENV},
    )
    os.close(secondary)
    drawn = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    out, _ = child.communicate(timeout=120)
    os.close(main)
    assert child.returncode == 0
    assert out.decode().startswith("added 10000,")
    text = drawn.decode("utf-8", "replace")
    # drawn while the log is worked on, naming it; which step is showing when the bar appears
    # (after PROGRESS_AFTER_S) depends on the machine's speed and load
    assert re.search(r"(checking|reading|matching) big\.md", text), text[:500]
    assert "━" in text  # the bar itself


def _damaged_copy(recall_home, log, tmp_path):
    """The tester's damage: a copy of a real collection with bytes 8192-20480 zeroed."""
    import sqlite3

    assert run_recall("sync", str(log), env=ENV).returncode == 0
    db = recall_home / "collection.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    data[8192:20480] = bytes(20480 - 8192)
    damaged = tmp_path / "mid.db"
    damaged.write_bytes(bytes(data))
    return damaged


@pytest.mark.parametrize(
    "command",
    [["due"], ["due", "--count"], ["stats"], ["cards"], ["cards", "--json"], ["export"], ["sync"]],
)
def test_a_damaged_collection_gives_the_same_clear_error_everywhere(
    command, log, recall_home, tmp_path
):
    damaged = _damaged_copy(recall_home, log, tmp_path)
    result = run_recall("--db", str(damaged), *command, env=ENV, cwd=tmp_path)
    assert result.returncode == 1, (command, result.stdout)
    assert result.stderr == (
        f"recall: error: {damaged} is not a usable recall collection (not an SQLite database, "
        "or damaged); move it aside or use --db to pick another file\n"
    )
    assert not list(tmp_path.glob("*.apkg"))
