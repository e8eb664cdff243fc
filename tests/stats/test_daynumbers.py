"""recall.daynumbers gives exactly `recall.days.scheduling_date` for every instant, DST days included."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from recall import days
from recall.daynumbers import day_numbers
from recall.errors import ClockError


def instants(seed: int, start: datetime, hours: int, count: int) -> list[datetime]:
    rng = random.Random(seed)
    return sorted(start + timedelta(minutes=rng.randrange(hours * 60)) for _ in range(count))


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])
@pytest.mark.parametrize("rollover", [0, 2, 4])
def test_same_as_scheduling_date_across_dst(zone, rollover):
    # A year from January: both DST switches of Berlin and New York, every hour of the day.
    times = instants(1, datetime(2026, 1, 1, tzinfo=UTC), 365 * 24, 3000)
    # Dense around Berlin's switches (29 Mar and 25 Oct 2026, 01:00 UTC).
    times += instants(2, datetime(2026, 3, 28, 20, tzinfo=UTC), 10, 300)
    times += instants(3, datetime(2026, 10, 24, 20, tzinfo=UTC), 10, 300)
    times.sort()
    expected = [days.scheduling_date(t, rollover, zone).toordinal() for t in times]
    assert day_numbers(times, rollover, zone) == expected


def test_out_of_order_instants_are_still_right():
    times = instants(4, datetime(2026, 5, 1, tzinfo=UTC), 24 * 20, 200)
    random.Random(5).shuffle(times)
    expected = [days.scheduling_date(t, 4, "Asia/Shanghai").toordinal() for t in times]
    assert day_numbers(times, 4, "Asia/Shanghai") == expected


def test_naive_instant_is_refused():
    with pytest.raises(ClockError):
        day_numbers([datetime(2026, 5, 1, 9)], 4, "UTC")
    with pytest.raises(ClockError):
        day_numbers([datetime(2026, 5, 1, 9, tzinfo=UTC), datetime(2026, 5, 1, 10)], 4, "UTC")
