"""`recall due` (SPEC §6) as a real subprocess: outputs, sample first run, re-sync, lightness, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest

from recall.collection import Collection
from recall.rating import Rating
from recall.sample import sample_deck_path
from tests.collection.conftest import STUDY_LOG, T0, write_log
from tests.collection.synthetic import build
from tests.conftest import run_recall
from tests.test_import_hygiene import HEAVY, loaded_after

ENV = {"RECALL_NOW": T0.isoformat(), "TZ": "UTC"}


@pytest.fixture
def home(recall_home, log):
    """RECALL_HOME with the study log synced and two cards reviewed (one learning, one review)."""
    with Collection.open(recall_home / "collection.db", tz="UTC") as col:
        col.sync([log], T0 - timedelta(days=1))
        first, second = col.queue(T0 - timedelta(days=1))[:2]
        col.review(first.id, Rating.GOOD, T0 - timedelta(minutes=5))  # learning, due in 5 min
        col.review(second.id, Rating.EASY, T0 - timedelta(days=1))  # review, due later
    return recall_home


def test_text_count_and_json(home):
    result = run_recall("due", env=ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "5 due today: 0 review, 1 learning, 4 new\n"
    assert result.stderr == ""
    assert run_recall("due", "--count", env=ENV).stdout == "5\n"
    data = json.loads(run_recall("due", "--json", env=ENV).stdout)
    assert list(data) == ["due", "review", "learning", "new", "next_due", "decks"]
    assert (data["due"], data["review"], data["learning"], data["new"]) == (5, 0, 1, 4)
    assert data["next_due"] == "2026-11-29T09:05:00+00:00"
    assert data["decks"] == {"Study Log": {"due": 5, "review": 0, "learning": 1, "new": 4}}


def test_json_next_due_has_the_local_offset(home):
    from zoneinfo import ZoneInfo

    now = T0 + timedelta(minutes=10)
    env = {"RECALL_NOW": now.isoformat(), "TZ": "Europe/Berlin"}
    data = json.loads(run_recall("due", "--json", env=env).stdout)
    berlin = ZoneInfo("Europe/Berlin")
    with Collection.open(home / "collection.db", tz=berlin) as col:
        expected = col.next_due(now)
    assert expected is not None
    assert data["next_due"] == expected.astimezone(berlin).isoformat()
    assert data["next_due"].endswith("+01:00")


def test_counts_agree_with_the_api(home):
    for hours in (0, 1, 20, 30, 24 * 5):
        now = T0 + timedelta(hours=hours)
        data = json.loads(
            run_recall("due", "--json", env={**ENV, "RECALL_NOW": now.isoformat()}).stdout
        )
        with Collection.open(home / "collection.db", tz="UTC") as col:
            counts = col.counts(now)
            nxt = col.next_due(now)
        assert (data["review"], data["learning"], data["new"]) == (
            counts.review,
            counts.learning,
            counts.new,
        )
        assert data["next_due"] == (nxt.isoformat() if nxt else None)


def test_deck_filter_and_unknown_deck(home):
    assert run_recall("due", "--deck", "Study Log", "--count", env=ENV).stdout == "5\n"
    result = run_recall("due", "--deck", "Nope", env=ENV)
    assert result.returncode == 1
    assert result.stderr == "recall: error: no deck named 'Nope' (decks: Study Log)\n"


def test_first_run_uses_the_sample_deck_and_says_so(recall_home):
    result = run_recall("due", env=ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "20 due today: 0 review, 0 learning, 20 new\n"
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "sample deck" in lines[0] and "recall sync PATH" in lines[0]
    # Later runs: --count stays quiet; the text form keeps reminding in one line.
    again = run_recall("due", "--count", env=ENV)
    assert again.stdout == "20\n" and again.stderr == ""
    assert len(run_recall("due", env=ENV).stderr.splitlines()) == 1
    with Collection.open(recall_home / "collection.db") as col:
        assert col.sources() == [str(sample_deck_path().resolve())]


def test_a_changed_source_is_re_synced_first(home, log):
    write_log(log, STUDY_LOG + "- mean = sum divided by count\n")
    assert run_recall("due", "--count", env=ENV).stdout == "6\n"
    with Collection.open(home / "collection.db") as col:
        assert len(col.cards()) == 7


def test_due_imports_nothing_heavy_on_a_populated_collection(home):
    env = {"RECALL_HOME": str(home), **ENV}
    body = (
        "import contextlib, io\n"
        "from recall.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    for args in (['due', '--count'], ['due'], ['due', '--json'], ['due', '--deck', 'Study Log']):\n"
        "        assert main(args) == 0\n"
        "assert out.getvalue().startswith('5\\n'), out.getvalue()\n"
    )
    assert loaded_after(body, env) == []


def test_due_imports_nothing_heavy_at_100k_cards(tmp_path):
    build(tmp_path / "collection.db", tmp_path / "log.md", T0, cards=20_000, reviews=20_000)
    body = (
        "import contextlib, io\n"
        "from recall.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['due', '--json']) == 0\n"
    )
    assert loaded_after(body, {"RECALL_HOME": str(tmp_path), **ENV}) == []


def test_only_a_change_loads_the_extractor(home, log):
    write_log(log, STUDY_LOG + "- mean = sum divided by count\n")
    body = (
        "import contextlib, io\n"
        "from recall.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['due', '--count'])\n"
    )
    loaded = loaded_after(body, {"RECALL_HOME": str(home), **ENV})
    assert "markdown_it" in loaded and set(loaded) <= set(HEAVY) - {"textual", "rich"}


def test_a_damaged_collection_is_one_line_exit_1(recall_home):
    (recall_home / "collection.db").write_bytes(b"not sqlite at all\n" * 100)
    result = run_recall("due", "--count", env=ENV)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "collection.db" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_newer_collection_is_refused(recall_home):
    with Collection.open(recall_home / "collection.db"):
        pass
    import sqlite3

    conn = sqlite3.connect(recall_home / "collection.db")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    result = run_recall("due", env=ENV)
    assert result.returncode == 1 and "newer recall" in result.stderr


def test_bad_settings_are_one_line(recall_home, home):
    (recall_home / "recall.toml").write_text("new_per_day = -1\n")
    result = run_recall("due", env=ENV)
    assert result.returncode == 1 and "new_per_day" in result.stderr
    assert result.stderr.count("\n") == 1


def test_new_limit_from_settings(recall_home, home):
    (recall_home / "recall.toml").write_text("new_per_day = 2\n")
    # One new card was introduced yesterday, one today (08:55): one more new card today.
    assert run_recall("due", env=ENV).stdout == "2 due today: 0 review, 1 learning, 1 new\n"


def test_the_console_script_works(home):
    script = os.path.join(os.path.dirname(sys.executable), "recall")
    if not os.path.exists(script):
        pytest.skip("no console script installed")
    result = subprocess.run(
        [script, "due", "--count"], capture_output=True, text=True, env={**os.environ, **ENV}
    )
    assert result.stdout == "5\n"


def test_sample_reviews_do_not_use_up_the_new_cards_of_the_users_log(recall_home, log):
    """The tester's steps: study two sample cards, then sync the own log: all 20 new today."""
    assert run_recall("due", env=ENV).stdout == "20 due today: 0 review, 0 learning, 20 new\n"
    with Collection.open(recall_home / "collection.db", tz="UTC") as col:
        for card in col.queue(T0)[:2]:
            col.review(card.id, Rating.GOOD, T0)
    assert run_recall("due", "--count", env=ENV).stdout == "20\n"  # 18 new + 2 learning
    assert run_recall("sync", str(log), env=ENV).returncode == 0
    assert run_recall("due", env=ENV).stdout == "6 due today: 0 review, 0 learning, 6 new\n"
    (recall_home / "recall.toml").write_text("new_per_day = 5\n")
    assert run_recall("due", env=ENV).stdout == "5 due today: 0 review, 0 learning, 5 new\n"


def test_a_big_change_is_left_to_recall_sync_and_said_so(tmp_path, recall_home):
    """A prompt must not wait seconds: a changed log over RESYNC_MAX_BYTES is not re-synced by
    `recall due`; it counts the stored cards and says so on stderr (stdout stays the number)."""
    from recall.due import RESYNC_MAX_BYTES
    from tests.benchmarks.bench_sync import synthetic_log

    log = tmp_path / "big.md"
    log.write_text(synthetic_log(3000), encoding="utf-8")
    assert log.stat().st_size > RESYNC_MAX_BYTES
    assert run_recall("sync", str(log), env=ENV).returncode == 0
    log.write_text(synthetic_log(3000) + "- Term extra: one more fact\n", encoding="utf-8")
    result = run_recall("due", "--count", env=ENV)
    assert result.returncode == 0 and result.stdout == "20\n"
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"recall: {log} changed (") and "run `recall sync`" in line
    with Collection.open(recall_home / "collection.db") as col:
        assert len(col.cards()) == 3000  # nothing re-synced
    assert run_recall("sync", env=ENV).stdout.startswith("added 1,")
    again = run_recall("due", "--count", env=ENV)
    assert (again.stdout, again.stderr) == ("20\n", "")


def test_after_a_recall_upgrade_a_big_log_is_said_to_need_a_re_read(tmp_path, recall_home):
    """A log another recall version synced is re-read by this one, though no file changed: the
    line says so, not that the log changed."""
    from recall.due import RESYNC_MAX_BYTES
    from tests.benchmarks.bench_sync import synthetic_log

    log = tmp_path / "big.md"
    log.write_text(synthetic_log(3000), encoding="utf-8")
    assert log.stat().st_size > RESYNC_MAX_BYTES
    assert run_recall("sync", str(log), env=ENV).returncode == 0
    with Collection.open(recall_home / "collection.db") as col:
        col.connection.execute("UPDATE sources SET extracted_by = '0.0.1'")
    result = run_recall("due", "--count", env=ENV)
    assert result.stdout == "20\n"
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"recall: {log} must be re-read by this version of recall (")
    assert "run `recall sync`" in line


def test_a_small_change_is_still_re_synced_first(home, log):
    write_log(log, STUDY_LOG + "- mean = sum divided by count\n")
    result = run_recall("due", env=ENV)
    assert result.stdout == "6 due today: 0 review, 1 learning, 5 new\n" and result.stderr == ""


def test_a_vanished_log_is_named_in_the_text_form_only(home, log):
    log.unlink()
    result = run_recall("due", env=ENV)
    assert result.returncode == 0
    assert result.stdout == "5 due today: 0 review, 1 learning, 4 new\n"
    assert result.stderr == (
        f"recall: {log} no longer exists; its cards are still counted "
        "(sync it from its new place)\n"
    )
    for form in ("--count", "--json"):
        quiet = run_recall("due", form, env=ENV)
        assert quiet.returncode == 0 and quiet.stderr == "", form
    assert run_recall("due", "--count", env=ENV).stdout == "5\n"


def test_a_log_that_became_unreadable_is_named_in_the_text_form(home, log):
    log.write_bytes(b"- Label: \xff\xfe no longer UTF-8\n")
    result = run_recall("due", env=ENV)
    assert result.returncode == 0
    assert result.stdout == "5 due today: 0 review, 1 learning, 4 new\n"  # cards kept
    (line,) = result.stderr.splitlines()
    assert line.startswith("recall: ") and "study-log.md" in line and "UTF-8" in line
    quiet = run_recall("due", "--count", env=ENV)
    assert (quiet.stdout, quiet.stderr) == ("5\n", "")
