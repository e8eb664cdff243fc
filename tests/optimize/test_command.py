"""`recall optimize` end to end: a real collection, real subprocesses, apply and revert."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime

from recall.collection import Collection
from recall.optimize import MIN_TRAINING_ITEMS
from recall.rating import Rating
from recall.scheduling import DEFAULT_PARAMETERS
from tests.conftest import run_recall
from tests.optimize.conftest import write_log

ENV = {"TZ": "UTC", "RECALL_NOW": "2026-05-10T12:00:00+00:00"}


def optimize(db, *args):
    return run_recall("--db", str(db), "optimize", *args, env=ENV)


def stored(db):
    with Collection.open(db) as col:
        return col.parameters(), col.previous_parameters()


def test_refuses_below_the_minimum_history(tmp_path):
    log = tmp_path / "log.md"
    write_log(log, 5)
    db = tmp_path / "collection.db"
    with Collection.open(db, tz=UTC) as col:
        col.sync([log], now=datetime(2026, 5, 1, 9, tzinfo=UTC))
        for day in (1, 15):
            for card in col.queue(now=datetime(2026, 5, day, 9, tzinfo=UTC)):
                col.review(card.id, Rating.EASY, now=datetime(2026, 5, day, 9, tzinfo=UTC))
    result = optimize(db)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "not enough review history to optimize" in lines[0]
    assert f"{MIN_TRAINING_ITEMS} needed" in lines[0]
    assert "5 reviews came a day or more" in lines[0]
    assert "(10 reviews in all)" in lines[0]
    assert "Traceback" not in result.stderr
    assert optimize(db, "--apply").returncode == 1
    assert stored(db) == (tuple(DEFAULT_PARAMETERS), None)


def test_empty_collection_is_refused(tmp_path):
    result = optimize(tmp_path / "collection.db")
    assert result.returncode == 1
    assert "0 reviews in all" in result.stderr


def test_report_without_apply_changes_nothing(studied_db, tmp_path):
    db = tmp_path / "collection.db"
    shutil.copy(studied_db, db)
    result = optimize(db)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "log loss" in out and "RMSE(bins)" in out
    assert "current" in out and "fitted" in out
    assert "Suggested parameters:" in out
    assert "recall optimize --apply" in out
    assert stored(db) == (tuple(DEFAULT_PARAMETERS), None)


def test_apply_then_apply_again_then_revert(studied_db, tmp_path):
    db = tmp_path / "collection.db"
    shutil.copy(studied_db, db)

    first = optimize(db, "--apply", "--json")
    assert first.returncode == 0, first.stderr
    fit = json.loads(first.stdout)
    assert fit["better"] and fit["applied"]
    assert fit["fitted"]["log_loss"] < fit["current"]["log_loss"]
    assert fit["current"]["parameters"] == list(DEFAULT_PARAMETERS)
    assert fit["test_cards"] >= 1 and fit["items"] >= MIN_TRAINING_ITEMS
    fitted = tuple(fit["fitted"]["parameters"])
    assert stored(db) == (fitted, tuple(DEFAULT_PARAMETERS))

    # The same history fits to the same parameters, which are not better than themselves.
    again = optimize(db, "--apply")
    assert again.returncode == 0, again.stderr
    assert "do not predict the held-out reviews better" in again.stdout
    assert "Not applied" in again.stdout
    assert stored(db) == (fitted, tuple(DEFAULT_PARAMETERS))

    # Scheduling now uses the fitted parameters.
    with Collection.open(db) as col:
        assert col.scheduler.parameters == fitted

    reverted = optimize(db, "--revert")
    assert reverted.returncode == 0, reverted.stderr
    assert "Restored" in reverted.stdout
    assert stored(db) == (tuple(DEFAULT_PARAMETERS), None)

    nothing = optimize(db, "--revert")
    assert nothing.returncode == 1
    assert "no earlier FSRS parameters" in nothing.stderr
    assert stored(db) == (tuple(DEFAULT_PARAMETERS), None)


def test_apply_and_revert_together_is_a_usage_error(tmp_path):
    result = optimize(tmp_path / "collection.db", "--apply", "--revert")
    assert result.returncode == 2
    assert "not allowed with" in result.stderr


def test_progress_shows_on_a_terminal_only(studied_db, tmp_path):
    """stderr a terminal (a pty): a progress line while fitting; piped: nothing on stderr."""
    import pty

    db = tmp_path / "collection.db"
    shutil.copy(studied_db, db)
    master, slave = pty.openpty()
    env = dict(os.environ, **ENV, COLUMNS="100")
    child = subprocess.Popen(
        [sys.executable, "-m", "recall", "--db", str(db), "optimize"],
        stdout=subprocess.PIPE,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    out = child.communicate(timeout=120)[0].decode()
    os.close(master)
    assert child.returncode == 0
    assert b"Fitting FSRS parameters to" in seen
    assert "Suggested parameters:" in out
    assert optimize(db).stderr == ""
