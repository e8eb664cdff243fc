"""A synthetic populated collection (many cards, a long review log) written straight into SQLite.

For benchmarks and for tests that need volume rather than realistic text; the schema is the
real one (created by `Collection.open`), and a real log file backs the source so `recall due`
sees an unchanged source.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from recall import __version__
from recall.collection import Collection
from recall.store import changes
from recall.store.rows import MEMORY_FIELDS
from recall.store.times import encode

STATES = ("new", "learning", "review", "relearning")


def build(
    db: Path,
    log: Path,
    now: datetime,
    *,
    cards: int,
    reviews: int,
    decks: int = 20,
    seed: int = 7,
) -> None:
    """Create `db` holding `cards` cards in `decks` decks and `reviews` review-log rows.

    About 20% new, 4% learning/relearning, the rest in review with due times spread from three
    days before `now` to half a year after (about 1.5% of the collection due today); 3% suspended, 2% orphaned, 1% buried. `log` is written and recorded as
    the (unchanged) source.
    """
    rng = random.Random(seed)
    log.write_text("# Synthetic\n\n- Label: text\n", encoding="utf-8")
    size, mtime_ns = changes.signature(log)
    stamp = encode(now - timedelta(days=400))
    with Collection.open(db) as col:
        conn = col.connection
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO sources (id, path, given, kind, added, last_sync, extracted_by) "
            "VALUES (1, ?, ?, 'file', ?, ?, ?)",
            (str(log), str(log), stamp, stamp, __version__),
        )
        conn.execute(
            "INSERT INTO source_files (source_id, path, display, id_path, seq, hash, size, "
            "mtime_ns, last_sync) VALUES (1, ?, ?, ?, 0, ?, ?, ?, ?)",
            (str(log), log.name, log.name, changes.digest(log), size, mtime_ns, stamp),
        )
        card_rows = []
        for i in range(cards):
            roll = rng.random()
            if roll < 0.20:
                state = "new"
            elif roll < 0.22:
                state = "learning"
            elif roll < 0.24:
                state = "relearning"
            else:
                state = "review"
            status = rng.choices(("active", "suspended", "orphaned"), (95, 3, 2))[0]
            if state == "new":
                memory = ("new", None, None, None, None, None, 0, 0)
            else:
                # A steady state: a few days of backlog, the rest due over the next half year.
                offset = timedelta(minutes=rng.randint(-60 * 24 * 3, 60 * 24 * 180))
                if state != "review":
                    offset = timedelta(minutes=rng.randint(-120, 120))
                memory = (
                    state,
                    0 if state != "review" else None,
                    rng.uniform(0.5, 300.0),
                    rng.uniform(1.0, 10.0),
                    encode(now + offset),
                    encode(now - timedelta(days=rng.randint(1, 300))),
                    rng.randint(1, 30),
                    rng.randint(0, 4),
                )
            buried = encode(now + timedelta(hours=5)) if rng.random() < 0.01 else None
            card_rows.append(
                (
                    f"{i:016x}",
                    f"k{i:015x}",
                    f"{i:016x}",
                    1,
                    f"Deck {i % decks:02d}",
                    '["Topic"]',
                    f"Question {i}?",
                    f"Answer {i}.",
                    "label",
                    "[]",
                    log.name,
                    i + 1,
                    i + 1,
                    None,
                    str(log),
                    log.name,
                    0,
                    i,
                    status,
                    int(status == "suspended"),
                    buried,
                    *memory,
                    stamp,
                    stamp,
                )
            )
        columns = (
            "id, key, extraction_id, source_id, deck, context, question, answer, kind, tags, "
            "source_path, line, end_line, url, file, id_path, file_order, position, status, "
            "suspended, buried_until, " + ", ".join(MEMORY_FIELDS) + ", created, updated"
        )
        marks = ", ".join("?" * (21 + len(MEMORY_FIELDS) + 2))
        conn.executemany(f"INSERT INTO cards ({columns}) VALUES ({marks})", card_rows)

        log_columns = (
            "card_id, rating, reviewed_at, duration_ms, "
            + ", ".join(f"before_{n}" for n in MEMORY_FIELDS)
            + ", "
            + ", ".join(f"after_{n}" for n in MEMORY_FIELDS)
        )
        log_marks = ", ".join("?" * (4 + 2 * len(MEMORY_FIELDS)))
        start = now - timedelta(days=730)
        span = int(timedelta(days=730).total_seconds())
        batch = []
        times = sorted(rng.randrange(span) for _ in range(reviews))
        for n, seconds in enumerate(times):
            card = rng.randrange(cards)
            before = ("review", None, 10.0, 5.0, None, None, 3, 0)
            after = ("review", None, 12.0, 5.0, None, None, 4, 0)
            batch.append(
                (
                    f"{card:016x}",
                    rng.choice((1, 3, 3, 3, 4)),
                    encode(start + timedelta(seconds=seconds)),
                    rng.randint(1500, 20000),
                    *before,
                    *after,
                )
            )
            if len(batch) >= 50_000 or n == reviews - 1:
                conn.executemany(
                    f"INSERT INTO review_log ({log_columns}) VALUES ({log_marks})", batch
                )
                batch = []
        conn.execute("COMMIT")
