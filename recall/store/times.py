"""Instants in the database: UTC ISO-8601 text with an offset, fixed width so text order is time order."""

from __future__ import annotations

from datetime import UTC, datetime

from recall.errors import ClockError

# Every stored instant looks like 2026-11-29T07:00:00.000000+00:00: the same width and zone for
# every value, so SQL compares them correctly as text (the due query is an index range scan on it).
STORED_GLOB = (
    "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]"
    ".[0-9][0-9][0-9][0-9][0-9][0-9]+00:00"
)

_STORED_WIDTH = len("2026-11-29T07:00:00.000000+00:00")


def encode(instant: datetime | None) -> str | None:
    """The stored text of an aware datetime (UTC, microseconds, ``+00:00``); None stays None.

    Raises:
        ClockError: `instant` is naive (recall never guesses a naive time's zone when writing).
    """
    if instant is None:
        return None
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ClockError(f"naive datetime {instant.isoformat()} given; pass an aware datetime")
    return instant.astimezone(UTC).isoformat(timespec="microseconds")


def decode(text: str | None) -> datetime | None:
    """A stored instant as a UTC-aware datetime; None stays None.

    Accepts any ISO-8601 form. Legacy values without an offset (e.g. ``2024-09-21 08:00:00``
    written by older tools) are read as UTC, so naive and aware values are never mixed.
    """
    if text is None:
        return None
    if len(text) == _STORED_WIDTH and text.endswith("+00:00"):
        return datetime.fromisoformat(text)  # as `encode` writes it: already UTC (`UTC` tzinfo)
    value = datetime.fromisoformat(text)
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
