"""Reliability with real processes: kill -9 in a review loop, `recall due` beside an open session."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

from recall.collection import Collection
from tests.collection.conftest import T0
from tests.conftest import run_recall

REVIEW_LOOP = textwrap.dedent(
    """
    import sys
    from datetime import timedelta
    from recall.collection import Collection
    from recall.rating import Rating
    from tests.collection.conftest import T0

    col = Collection.open(sys.argv[1], tz="UTC")
    now = T0
    while True:
        queue = col.queue(now)
        if not queue:
            now += timedelta(hours=6)
            continue
        card = queue[0]
        col.review(card.id, Rating.GOOD if card.reps % 3 else Rating.AGAIN, now, duration_ms=900)
        print(card.id, flush=True)   # printed only after review() returned: committed
        now += timedelta(minutes=3)
    """
)


def test_kill_9_in_a_review_loop_loses_at_most_the_rating_in_flight(tmp_path, log):
    db = tmp_path / "collection.db"
    with Collection.open(db, tz="UTC") as col:
        col.sync([log], T0)
    child = subprocess.Popen(
        [sys.executable, "-c", REVIEW_LOOP, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=os.getcwd(),
        env=dict(os.environ, PYTHONPATH=os.getcwd()),
    )
    committed = []
    try:
        while len(committed) < 40:
            line = child.stdout.readline()
            assert line, child.stderr.read()
            committed.append(line.strip())
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    # Lines the child printed before it died but this test had not read yet.
    committed += [line.strip() for line in child.stdout.read().splitlines() if line.strip()]

    with Collection.open(db, tz="UTC") as col:
        assert col.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        logged = [r.card_id for r in col.reviews()]
        # Every rating reported as committed is in the log, in order; at most one more (the
        # rating in flight when the kill came may have been committed before its line was printed).
        assert logged[: len(committed)] == committed
        assert len(logged) - len(committed) in (0, 1)
        # Card rows and log rows agree: each card's memory is the `after` of its last review.
        last = {}
        for review in col.reviews():
            last[review.card_id] = review
        for card_id, review in last.items():
            assert col.card(card_id).memory == review.after
        for card in col.cards():
            if card.id not in last:
                assert card.reps == 0


HOLD_SESSION = textwrap.dedent(
    """
    import sys
    from recall.collection import Collection
    from recall.rating import Rating
    from tests.collection.conftest import T0

    col = Collection.open(sys.argv[1], tz="UTC")
    card = col.queue(T0)[0]
    col.review(card.id, Rating.GOOD, T0)
    conn = col.connection
    conn.execute("BEGIN IMMEDIATE")          # a review transaction left open
    conn.execute("UPDATE cards SET reps = reps + 100")
    print("holding", flush=True)
    sys.stdin.readline()
    conn.execute("ROLLBACK")
    """
)


def hold_session(db) -> subprocess.Popen:
    """Another process in the middle of a review: it holds a write transaction on `db` and
    prints "holding", then waits for a line on its stdin (HOLD_SESSION)."""
    return subprocess.Popen(
        [sys.executable, "-c", HOLD_SESSION, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=os.getcwd()),
    )


def test_recall_due_works_while_another_process_holds_a_review_transaction(tmp_path, log):
    db = tmp_path / "collection.db"
    with Collection.open(db, tz="UTC") as col:
        col.sync([log], T0)
    holder = hold_session(db)
    try:
        assert holder.stdout.readline().strip() == "holding", holder.stderr.read()
        started = time.monotonic()
        env = {"RECALL_NOW": T0.isoformat(), "TZ": "UTC"}
        result = run_recall("--db", str(db), "due", "--json", env=env)
        elapsed = time.monotonic() - started
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        # The committed review counts (a learning card due in minutes), the open one does not.
        assert data["learning"] == 1
        assert elapsed < 4.0  # no waiting for the writer's lock
        with Collection.open(db, tz="UTC") as col:
            assert max(c.reps for c in col.cards()) == 1
            expected = col.counts(T0)
        assert (data["review"], data["learning"], data["new"]) == (
            expected.review,
            expected.learning,
            expected.new,
        )
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)


def test_recall_due_after_a_log_change_falls_back_to_the_stored_counts_while_locked(tmp_path, log):
    """The log changed, so `due` wants to re-sync, but another process holds the write lock:
    it waits only RESYNC_LOCK_WAIT_S (not the 5 s of a command), then counts what is stored
    and says in one line that the re-sync was skipped. Once the lock is gone it re-syncs."""
    from tests.collection.conftest import STUDY_LOG, write_log

    db = tmp_path / "collection.db"
    with Collection.open(db, tz="UTC") as col:
        col.sync([log], T0)
    write_log(log, STUDY_LOG + "- mean = sum divided by count\n")
    holder = hold_session(db)
    env = {"RECALL_NOW": T0.isoformat(), "TZ": "UTC"}
    try:
        assert holder.stdout.readline().strip() == "holding", holder.stderr.read()
        result = run_recall("--db", str(db), "due", "--count", env=env)
        assert result.returncode == 0, result.stderr
        assert result.stdout == "6\n"  # 5 new + the learning card of the committed review
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"recall: {log} changed but the collection is busy")
        assert "from the last sync" in line
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    result = run_recall("--db", str(db), "due", "--count", env=env)
    assert (result.stdout, result.stderr) == ("7\n", "")  # re-synced: the new card counts
