"""The current time: the system clock, or the fixed instant in `RECALL_NOW`."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from recall.errors import ClockError

ENV_NOW = "RECALL_NOW"


def parse_instant(text: str, *, what: str = ENV_NOW) -> datetime:
    """Parse an ISO-8601 datetime that carries a UTC offset.

    Args:
        text: e.g. ``2026-11-29T08:00:00+01:00`` or ``2026-11-29T07:00:00Z``.
        what: the name shown in the error message.

    Returns:
        An aware datetime in UTC.

    Raises:
        ClockError: when the text is not ISO-8601 or has no offset.
    """
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ClockError(
            f"{what}={text!r} is not an ISO-8601 datetime (e.g. 2026-11-29T08:00:00+01:00)"
        ) from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ClockError(f"{what}={text!r} has no UTC offset (add e.g. +01:00 or Z)")
    return value.astimezone(UTC)


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
        ClockError: when `value` is naive (recall never guesses a naive time's zone).
    """
    if value is None:
        return now()
    if value.tzinfo is None or value.utcoffset() is None:
        raise ClockError(f"naive datetime {value.isoformat()} given; pass an aware datetime")
    return value.astimezone(UTC)
