"""Scheduling days through the collection in several zones: UTC+8 (bugcase 29), DST, rollover hour."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from recall import days
from recall.collection import Collection
from recall.rating import Rating, State
from recall.scheduling import Scheduler
from tests.conftest import run_recall

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
LOG = "# Entropy\n\n- KL divergence: cross entropy minus entropy\n"


def _one_card(tmp_path, zone):
    log = tmp_path / "kl.md"
    log.write_text(LOG, encoding="utf-8")
    col = Collection.open(tmp_path / "collection.db", tz=zone)
    col.sync([log], datetime(2024, 9, 1, tzinfo=zone))
    (card,) = col.cards()
    return col, card


def _review_card_due_on(col, card, local_date, zone):
    """Grade the new card Easy on the first morning that makes it due on `local_date`."""
    for back in range(2, 40):
        when = datetime.combine(local_date - timedelta(days=back), datetime.min.time(), zone)
        when = when.replace(hour=10)
        if col.preview(card.id, when)[Rating.EASY].astimezone(zone).date() == local_date:
            reviewed = col.review(card.id, Rating.EASY, when)
            assert reviewed.state is State.REVIEW
            return reviewed
    raise AssertionError(f"no review time makes the card due on {local_date}")


def test_bugcase_29_due_card_shows_only_after_the_local_rollover_in_utc_plus_8(tmp_path):
    col, card = _one_card(tmp_path, SHANGHAI)
    with col:
        reviewed = _review_card_due_on(col, card, datetime(2024, 10, 10).date(), SHANGHAI)
        # Due at the 04:00 local rollover of 2024-10-10 (= 2024-10-09 20:00 UTC).
        assert reviewed.due == datetime(2024, 10, 10, 4, 0, tzinfo=SHANGHAI)
        sessions = {
            "A": datetime(2024, 10, 9, 23, 30, tzinfo=SHANGHAI),  # 15:30 UTC: not yet
            "B": datetime(2024, 10, 10, 2, 0, tzinfo=SHANGHAI),  # 18:00 UTC: before 04:00 local
            "C": datetime(2024, 10, 10, 4, 5, tzinfo=SHANGHAI),  # 20:05 UTC, UTC date still 9th
        }
        shown = {name: col.counts(now).review for name, now in sessions.items()}
        assert shown == {"A": 0, "B": 0, "C": 1}
        assert [c.id for c in col.queue(sessions["C"])] == [card.id]
        assert col.next_due(sessions["B"]) == reviewed.due

    # The same through `recall due` in a process whose TZ is Asia/Shanghai.
    for name, expected in (("A", 0), ("B", 0), ("C", 1)):
        env = {"TZ": "Asia/Shanghai", "RECALL_NOW": sessions[name].isoformat()}
        result = run_recall("--db", str(tmp_path / "collection.db"), "due", "--json", env=env)
        data = json.loads(result.stdout)
        assert data["review"] == expected, (name, result.stdout, result.stderr)
        if expected == 0:
            assert data["next_due"] == "2024-10-10T04:00:00+08:00"


@pytest.mark.parametrize(
    ("day", "hours"),
    # The scheduling days that hold a DST switch (at 02:00 on Mar 10 and Nov 3): 23 h and 25 h.
    [((2024, 3, 9), 23), ((2024, 11, 2), 25)],
)
def test_dst_days_start_at_the_local_rollover(tmp_path, day, hours):
    col, card = _one_card(tmp_path, NEW_YORK)
    with col:
        target = datetime(*day).date()
        reviewed = _review_card_due_on(col, card, target, NEW_YORK)
        start = datetime(*day, 4, 0, tzinfo=NEW_YORK)
        assert reviewed.due == start
        assert col.counts(start - timedelta(seconds=1)).review == 0
        assert col.counts(start).review == 1
        end = days.next_day_start(start, 4, NEW_YORK)
        assert end - start == timedelta(hours=hours)
        assert col.counts(end - timedelta(seconds=1)).review == 1


def test_bury_ends_at_the_next_local_rollover_across_dst(tmp_path):
    col, card = _one_card(tmp_path, NEW_YORK)
    with col:
        evening = datetime(2024, 11, 2, 22, 0, tzinfo=NEW_YORK)  # EDT, the night before fall back
        buried = col.bury(card.id, evening)
        assert buried.buried_until == datetime(2024, 11, 3, 4, 0, tzinfo=NEW_YORK)  # now EST
        assert buried.buried_until.astimezone(ZoneInfo("UTC")).hour == 9
        assert col.counts(evening).new == 0
        assert col.counts(buried.buried_until).new == 1


def test_rollover_hour_from_settings(tmp_path):
    (tmp_path / "recall.toml").write_text("day_starts_at = 0\n")
    col, card = _one_card(tmp_path, SHANGHAI)
    with col:
        reviewed = _review_card_due_on(col, card, datetime(2024, 10, 10).date(), SHANGHAI)
        assert reviewed.due == datetime(2024, 10, 10, 0, 0, tzinfo=SHANGHAI)
        assert col.counts(datetime(2024, 10, 9, 23, 59, tzinfo=SHANGHAI)).review == 0
        assert col.counts(datetime(2024, 10, 10, 0, 1, tzinfo=SHANGHAI)).review == 1


def test_new_card_allowance_resets_at_the_local_rollover(tmp_path):
    (tmp_path / "recall.toml").write_text("new_per_day = 1\n")
    log = tmp_path / "two.md"
    log.write_text("# Two\n\n- One: first fact\n- Two: second fact\n", encoding="utf-8")
    with Collection.open(tmp_path / "collection.db", tz=SHANGHAI) as col:
        col.sync([log], datetime(2024, 10, 9, 12, tzinfo=SHANGHAI))
        late = datetime(2024, 10, 9, 23, 0, tzinfo=SHANGHAI)
        col.review(col.queue(late)[0].id, Rating.GOOD, late)
        assert col.counts(datetime(2024, 10, 10, 3, 59, tzinfo=SHANGHAI)).new == 0
        assert col.counts(datetime(2024, 10, 10, 4, 0, tzinfo=SHANGHAI)).new == 1


def test_evening_then_morning_two_days_later_counts_two_elapsed_days(tmp_path):
    """21:00 → 08:00 two calendar days later: the collection hands py-fsrs 2 elapsed days."""
    col, card = _one_card(tmp_path, SHANGHAI)
    with col:
        start = datetime(2024, 9, 20, 9, 0, tzinfo=SHANGHAI)
        card = col.review(card.id, Rating.GOOD, start)
        card = col.review(card.id, Rating.GOOD, card.due)
        evening = max(card.due, datetime(2024, 9, 21, 21, 0, tzinfo=SHANGHAI))
        evening = evening.astimezone(SHANGHAI).replace(hour=21, minute=0)
        card = col.review(card.id, Rating.GOOD, evening)
        morning = (evening + timedelta(days=2)).replace(hour=8, minute=0)
        assert days.elapsed_days(evening, morning, 4, SHANGHAI) == 2
        before = card.memory
        after = col.review(card.id, Rating.GOOD, morning)
        expected = Scheduler(col.settings, col.parameters(), SHANGHAI).review(
            before, Rating.GOOD, morning, seed=f"{card.id}:{before.reps}"
        )
        assert after.memory == expected
        # Anki's count (2 days) gives more stability than py-fsrs's 35 hours (1 day) would.
        one_day_earlier = Scheduler(col.settings, col.parameters(), SHANGHAI).review(
            before, Rating.GOOD, morning - timedelta(days=1), seed="x"
        )
        assert after.memory.stability > one_day_earlier.stability
