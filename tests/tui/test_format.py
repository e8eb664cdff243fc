"""recall.tui.format: intervals on the grade buttons, time spent, next-due phrases, plurals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from recall import days
from recall.tui import format as fmt

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=20), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=1, minutes=30), "1.5h"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=4), "4d"),
        (timedelta(days=96), "3.2mo"),
        (timedelta(days=400), "1.1y"),
        (timedelta(days=730), "2y"),
        (timedelta(seconds=-5), "<1m"),
    ],
)
def test_interval(delta, text):
    assert fmt.interval(delta) == text


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(minutes=5, seconds=30), "6m"),  # Hard on a new card: Anki shows 6m
        (timedelta(minutes=2, seconds=30), "3m"),  # half up, not Python's half to even (2m)
        (timedelta(minutes=4, seconds=30), "5m"),
        (timedelta(minutes=59, seconds=50), "60m"),
        (timedelta(hours=1, minutes=15), "1.3h"),
        (timedelta(hours=2, minutes=57), "3h"),  # 2.95h
        (timedelta(days=30), "30d"),  # Anki's month is 365/12 days
        (timedelta(days=31), "1mo"),
        (timedelta(days=45), "1.5mo"),
        (timedelta(days=364), "12mo"),
        (timedelta(days=365), "1y"),
    ],
)
def test_interval_rounds_as_anki_does(delta, text):
    """Anki's answer buttons (rslib scheduler/timespan.rs): minutes and days whole, hours,
    months and years to one decimal, halves rounded up."""
    assert fmt.interval(delta) == text


def test_grade_interval_counts_scheduling_days_for_day_start_dues():
    now = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)  # 08:00 in Berlin
    tomorrow = days.next_day_start(now, 4, BERLIN)  # 04:00 Berlin tomorrow: 20 h away
    assert fmt.grade_interval(tomorrow, now, 4, BERLIN) == "1d"
    in_four = days.start_of_date(
        days.scheduling_date(now, 4, BERLIN) + timedelta(days=4), 4, BERLIN
    )
    assert fmt.grade_interval(in_four, now, 4, BERLIN) == "4d"


def test_grade_interval_keeps_learning_steps_exact():
    now = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)
    assert fmt.grade_interval(now + timedelta(minutes=1), now, 4, BERLIN) == "1m"
    assert fmt.grade_interval(now + timedelta(minutes=10), now, 4, BERLIN) == "10m"
    assert fmt.grade_interval(now + timedelta(hours=3), now, 4, BERLIN) == "3h"


@pytest.mark.parametrize(
    ("ms", "text"), [(0, "0s"), (42_000, "42s"), (185_000, "3m 05s"), (3_720_000, "1h 02m")]
)
def test_time_spent(ms, text):
    assert fmt.time_spent(ms) == text


def test_due_at_phrases():
    now = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)  # Sunday 08:00 Berlin
    assert fmt.due_at(now - timedelta(minutes=1), now, BERLIN) == "now"
    assert fmt.due_at(now + timedelta(minutes=8), now, BERLIN) == "in 8m (08:08)"
    assert fmt.due_at(datetime(2026, 11, 30, 3, 0, tzinfo=UTC), now, BERLIN) == "tomorrow at 04:00"
    assert (
        fmt.due_at(datetime(2026, 12, 4, 3, 0, tzinfo=UTC), now, BERLIN)
        == "on Fri 4 Dec at 04:00 (in 5d)"
    )
    assert fmt.due_at(datetime(2027, 1, 4, 3, 0, tzinfo=UTC), now, BERLIN).startswith(
        "on Mon 4 Jan 2027 at 04:00"
    )


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 cards"), (1, "1 card"), (2, "2 cards"), (1, "1 rating"), (21, "21 ratings")],
)
def test_plural(count, text):
    noun = text.split()[1].removesuffix("s")
    assert fmt.plural(count, noun) == text


def test_plural_with_its_own_plural_form():
    assert fmt.plural(1, "entry", "entries") == "1 entry"
    assert fmt.plural(3, "entry", "entries") == "3 entries"
