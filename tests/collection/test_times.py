"""Stored instants: fixed-width UTC text; legacy naive values read as UTC (bugcase 28)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest

from recall.errors import ClockError
from recall.store.times import decode, encode


def test_encode_is_utc_with_offset_and_fixed_width():
    bangkok = timezone(timedelta(hours=7))
    text = encode(datetime(2024, 9, 21, 9, 15, tzinfo=bangkok))
    assert text == "2024-09-21T02:15:00.000000+00:00"
    assert len(encode(datetime(2024, 9, 21, 2, 15, 0, 123456, tzinfo=UTC))) == len(text)


def test_text_order_is_time_order():
    instants = [
        datetime(2024, 9, 21, 2, 15, 0, 500000, tzinfo=UTC),
        datetime(2024, 9, 21, 2, 15, tzinfo=UTC),
        datetime(2024, 9, 20, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-5))),
        datetime(2025, 1, 1, tzinfo=timezone(timedelta(hours=14))),
    ]
    assert sorted(instants) == sorted(instants, key=encode)


def test_encode_refuses_a_naive_datetime():
    with pytest.raises(ClockError):
        encode(datetime(2024, 9, 21, 8, 0))


def test_round_trip():
    instant = datetime(2026, 3, 29, 1, 30, 5, 42, tzinfo=UTC)
    assert decode(encode(instant)) == instant
    assert encode(None) is None and decode(None) is None


def test_legacy_naive_value_is_read_as_utc_and_compares_with_aware_now():
    """Bugcase 28: an old row holds due = "2024-09-21 08:00:00" (no offset)."""
    due = decode("2024-09-21 08:00:00")
    now = datetime(2024, 9, 21, 9, 15, tzinfo=timezone(timedelta(hours=7)))
    assert due.tzinfo is not None and due == datetime(2024, 9, 21, 8, 0, tzinfo=UTC)
    assert due > now  # 08:00 UTC is after 02:15 UTC; no TypeError
    assert due - now == timedelta(hours=5, minutes=45)


def test_other_offsets_and_z_are_normalised_to_utc():
    assert decode("2024-09-21T09:15:00+07:00") == datetime(2024, 9, 21, 2, 15, tzinfo=UTC)
    assert decode("2024-09-21T02:15:00Z").utcoffset() == timedelta(0)


def test_the_database_refuses_instants_in_any_other_form(col):
    """So SQL text comparisons of due times are always time comparisons."""
    conn = col.connection
    conn.execute(
        "INSERT INTO sources (path, given, kind, added) VALUES ('/x', 'x', 'file', ?)",
        (encode(datetime(2026, 1, 1, tzinfo=UTC)),),
    )
    for bad in ("2024-09-21 08:00:00", "2024-09-21T08:00:00+07:00", "2024-09-21T08:00:00Z"):
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO sources (path, given, kind, added) VALUES (?, 'y', 'file', ?)",
                (f"/y{bad}", bad),
            )
