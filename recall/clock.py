"""The current time: the system clock, or the fixed instant in `RECALL_NOW`."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from recall.errors import ClockError

ENV_NOW = "RECALL_NOW"

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
"""The range of instants recall accepts as "now": far enough from year 1 and year 9999 that
every date it computes from one (a day start, 100 years of maximum interval) stays valid."""


def _utc_in_range(value: datetime, text: str) -> datetime:
    """An aware `value` in UTC; ClockError naming `text` when it is outside EARLIEST..LATEST."""
    try:
        utc = value.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+01:00 falls before year 1 in UTC
        utc = None
    if utc is None or not EARLIEST <= utc <= LATEST:
        raise ClockError(f"{text} is out of range: recall works with times from 1970 to 9000")
    return utc


def parse_instant(text: str, *, what: str = ENV_NOW) -> datetime:
    """Parse an ISO-8601 datetime that carries a UTC offset.

    Args:
        text: e.g. ``2026-11-29T08:00:00+01:00`` or ``2026-11-29T07:00:00Z``.
        what: the name shown in the error message.

    Returns:
        An aware datetime in UTC.

    Raises:
        ClockError: when the text is not ISO-8601, has no offset, or is outside 1970-9000.
    """
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ClockError(
            f"{what}={text!r} is not an ISO-8601 datetime (e.g. 2026-11-29T08:00:00+01:00)"
        ) from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ClockError(f"{what}={text!r} has no UTC offset (add e.g. +01:00 or Z)")
    return _utc_in_range(value, f"{what}={text!r}")


def now() -> datetime:
    """The current instant as a UTC-aware datetime; `RECALL_NOW` overrides the system clock.

    Raises:
        ClockError: when `RECALL_NOW` is set but invalid.
    """
    fixed = os.environ.get(ENV_NOW)
    if fixed:
        return parse_instant(fixed)
    return datetime.now(UTC)


def resolve(value: datetime | None) -> datetime:
    """`value` as a UTC-aware datetime, or `now()` when it is None.

    Raises:
        ClockError: when `value` is naive (recall never guesses a naive time's zone), or is
            outside 1970-9000.
    """
    if value is None:
        return now()
    if value.tzinfo is None or value.utcoffset() is None:
        raise ClockError(f"naive datetime {value.isoformat()} given; pass an aware datetime")
    return _utc_in_range(value, value.isoformat())
