"""Fixtures of the optimize tests: a real collection studied for months by the simulated learner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from recall.collection import Collection
from recall.rating import State
from tests.optimize.learner import SLOW_LEARNER, Learner

START = datetime(2026, 1, 5, tzinfo=UTC)


def write_log(path: Path, cards: int) -> None:
    """A log of `cards` label bullets, ten to a dated section (written for these tests)."""
    lines = ["# Practice Log", ""]
    for n in range(cards):
        if n % 10 == 0:
            lines += ["", f"## Jan {n // 10 + 1}, 2026: Set {n // 10 + 1}", ""]
        lines.append(f"- Term {n:03d}: the meaning of term number {n}.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def study(col: Collection, learner: Learner, *, days: int, start: datetime = START) -> int:
    """Each day from 09:00, review every card due, waiting for learning steps that fall due in
    the next three hours; the learner answers. Returns the number of reviews given."""
    given = 0
    for day in range(days):
        now = start + timedelta(days=day, hours=9)
        end = now + timedelta(hours=3)
        while now < end:
            queue = col.queue(now=now)
            if not queue:
                upcoming = col.next_due(now=now)
                if upcoming is None or upcoming >= end:
                    break
                now = max(upcoming, now + timedelta(seconds=1))
                continue
            for card in queue:  # as read: each card once, in review order
                step = card.memory.state in (State.LEARNING, State.RELEARNING)
                rating = learner.answer(card.id, day, step=step)
                col.review(card.id, rating, now=now, duration_ms=6000)
                given += 1
                now += timedelta(seconds=30)
    return given


@pytest.fixture(scope="module")
def studied_db(tmp_path_factory) -> Path:
    """A collection file (UTC days) with 120 cards studied for 120 days by the slow learner."""
    folder = tmp_path_factory.mktemp("studied")
    log = folder / "practice.md"
    write_log(log, 120)
    db = folder / "collection.db"
    with Collection.open(db, tz=UTC) as col:
        col.sync([log], now=START)
        study(col, Learner(SLOW_LEARNER, seed=5), days=120)
    return db
