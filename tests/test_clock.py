"""RECALL_NOW and aware datetimes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from recall import clock
from recall.errors import ClockError


def test_recall_now_fixes_the_clock(monkeypatch):
    monkeypatch.setenv("RECALL_NOW", "2026-11-29T08:30:00+01:00")
    assert clock.now() == datetime(2026, 11, 29, 7, 30, tzinfo=UTC)
    assert clock.now().tzinfo is UTC


def test_recall_now_accepts_z(monkeypatch):
    monkeypatch.setenv("RECALL_NOW", "2026-11-29T07:30:00Z")
    assert clock.now() == datetime(2026, 11, 29, 7, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-11-29T08:30:00", "2026-11-29", "tomorrow", ""])
def test_recall_now_needs_an_offset(monkeypatch, text):
    if not text:
        monkeypatch.setenv("RECALL_NOW", "")
        assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)
        return
    monkeypatch.setenv("RECALL_NOW", text)
    with pytest.raises(ClockError, match="RECALL_NOW"):
        clock.now()


def test_system_clock_is_utc_aware():
    value = clock.now()
    assert value.tzinfo is UTC
    assert abs(value - datetime.now(UTC)) < timedelta(seconds=5)


def test_resolve_rejects_naive():
    with pytest.raises(ClockError, match="naive"):
        clock.resolve(datetime(2026, 1, 1, 12))


def test_resolve_converts_to_utc():
    tz = timezone(timedelta(hours=8))
    assert clock.resolve(datetime(2026, 1, 1, 12, tzinfo=tz)) == datetime(2026, 1, 1, 4, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "9999-12-31T23:59:59+00:00",
        "0001-01-01T00:00:00+00:00",
        "0001-01-01T00:30:00+01:00",  # before year 1 once in UTC
        "1969-12-31T23:59:59+00:00",
        "9001-01-01T00:00:00+00:00",
    ],
)
def test_recall_now_out_of_range_is_a_clock_error(monkeypatch, text):
    """Dates computed from such a "now" (tomorrow, a 100-year interval) would overflow."""
    monkeypatch.setenv("RECALL_NOW", text)
    with pytest.raises(ClockError, match="out of range: recall works with times from 1970 to 9000"):
        clock.now()


def test_range_ends_are_accepted(monkeypatch):
    for text, expected in (
        ("1970-01-01T00:00:00Z", clock.EARLIEST),
        ("9000-12-31T23:59:59.999999+00:00", clock.LATEST),
    ):
        monkeypatch.setenv("RECALL_NOW", text)
        assert clock.now() == expected


def test_resolve_refuses_out_of_range():
    with pytest.raises(ClockError, match="out of range"):
        clock.resolve(datetime(9999, 12, 31, 23, 59, tzinfo=UTC))
    with pytest.raises(ClockError, match="out of range"):
        clock.resolve(datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))))


def test_out_of_range_now_is_one_line_exit_1():
    from tests.conftest import run_recall

    result = run_recall("due", env={"RECALL_NOW": "9999-12-31T23:59:59+00:00"})
    assert result.returncode == 1
    assert (
        result.stderr.startswith("recall: error: RECALL_NOW=") and "out of range" in result.stderr
    )
    assert result.stderr.count("\n") == 1
