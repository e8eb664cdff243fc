"""Scheduling dates of many instants at once: one `recall.days` call per day met, not per instant."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, tzinfo

from recall import days


def day_numbers(
    instants: Sequence[datetime], day_starts_at: int, tz: tzinfo | str | None
) -> list[int]:
    """Scheduling dates (as `date.toordinal()` numbers) of `instants`, given in ascending order.

    Each answer from `recall.days` comes with the bounds of its scheduling day (DST days of 23 or
    25 hours included), and the following instants inside those bounds share its date, so a
    year of reviews costs a few hundred calls whatever their number.

    Args:
        instants: aware datetimes, oldest first (an instant out of order is still right, only
            slower).
        day_starts_at: the local rollover hour.
        tz: the zone (a tzinfo or a `TZ` value); None for the process's.

    Raises:
        ClockError: a naive instant.
    """
    zone = days.resolve_zone(tz)
    numbers: list[int] = []
    start = end = -math.inf
    current = 0
    for instant in instants:
        stamp = instant.timestamp()
        if not start <= stamp < end or instant.tzinfo is None:
            current = days.scheduling_date(instant, day_starts_at, zone).toordinal()
            start = days.day_start(instant, day_starts_at, zone).timestamp()
            end = days.next_day_start(instant, day_starts_at, zone).timestamp()
        numbers.append(current)
    return numbers
