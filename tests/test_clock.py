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
