"""Scheduling days: rollover hour, local zone from TZ, DST days, elapsed days as in Anki."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zoneinfo
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recall import days
from recall.errors import ClockError

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
# Zones with unusual days: 30-minute DST (Lord Howe), DST at midnight (Santiago, Havana, Beirut),
# a skipped calendar day (Apia, 2011-12-30), +13:45 (Chatham), no DST (Kolkata).
ODD_ZONES = [
    "UTC",
    "Asia/Shanghai",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Santiago",
    "America/Havana",
    "Asia/Beirut",
    "Pacific/Apia",
    "Pacific/Chatham",
    "Asia/Kolkata",
    "Europe/London",
    "America/St_Johns",
]


def local(zone, *args) -> datetime:
    return datetime(*args, tzinfo=zone)


# --- scheduling dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wall", "hour", "expected"),
    [
        ((2024, 10, 10, 3, 59), 4, date(2024, 10, 9)),
        ((2024, 10, 10, 4, 0), 4, date(2024, 10, 10)),
        ((2024, 10, 9, 23, 59), 4, date(2024, 10, 9)),
        ((2024, 10, 10, 0, 0), 0, date(2024, 10, 10)),
        ((2024, 10, 9, 23, 59), 0, date(2024, 10, 9)),
        ((2024, 1, 1, 2, 0), 4, date(2023, 12, 31)),
    ],
)
def test_scheduling_date_is_the_local_date_shifted_by_the_rollover_hour(wall, hour, expected):
    assert days.scheduling_date(local(SHANGHAI, *wall), hour, SHANGHAI) == expected


def test_scheduling_date_uses_the_local_date_not_the_utc_date():
    # 2024-10-10 05:00 in Shanghai is still 2024-10-09 in UTC.
    instant = local(SHANGHAI, 2024, 10, 10, 5, 0)
    assert instant.astimezone(UTC).date() == date(2024, 10, 9)
    assert days.scheduling_date(instant, 4, SHANGHAI) == date(2024, 10, 10)
    assert days.scheduling_date(instant.astimezone(UTC), 4, SHANGHAI) == date(2024, 10, 10)


def test_bugcase_29_card_due_on_a_local_day_shows_only_after_the_rollover():
    # Due 2024-10-10 (local, UTC+8, rollover 04:00) — the card is due from that day's start on.
    due = days.start_of_date(date(2024, 10, 10), 4, SHANGHAI)
    assert due == datetime(2024, 10, 9, 20, 0, tzinfo=UTC)
    session_a = datetime(2024, 10, 9, 15, 30, tzinfo=UTC)  # 23:30 local
    session_b = datetime(2024, 10, 9, 18, 0, tzinfo=UTC)  # 02:00 local, before the rollover
    session_c = datetime(2024, 10, 9, 20, 5, tzinfo=UTC)  # 04:05 local
    # "Due today" = due before the next day start; for a due on a day start, due <= now.
    for session, expected in ((session_a, False), (session_b, False), (session_c, True)):
        assert (due < days.next_day_start(session, 4, SHANGHAI)) is expected
        assert (days.scheduling_date(session, 4, SHANGHAI) >= date(2024, 10, 10)) is expected
    # The two bug patterns give the wrong answers.
    assert days.scheduling_date(session_b, 0, SHANGHAI) == date(2024, 10, 10)  # midnight rollover
    assert session_c.date() == date(2024, 10, 9)  # UTC date


def test_bugcase_29_sessions_from_the_shared_file(shared):
    text = (shared / "bugcases" / "29-day-boundary-local-vs-utc.md").read_text("utf-8")
    due_day = date.fromisoformat(re.search(r"card due:\s+(\d{4}-\d\d-\d\d)", text).group(1))
    offset = re.search(r"UTC([+-]\d\d):(\d\d)", text)
    zone = timezone(timedelta(hours=int(offset.group(1)), minutes=int(offset.group(2))))
    hour = int(re.search(r"starts at\":\s+(\d\d):00", text).group(1))
    due = days.start_of_date(due_day, hour, zone)
    sessions = re.findall(
        r"session (\w):.*?\(= (\d{4}-\d\d-\d\d \d\d:\d\d) UTC\)\s+-> must (NOT )?show", text
    )
    assert len(sessions) == 3
    for _name, utc_text, negated in sessions:
        now = datetime.fromisoformat(utc_text).replace(tzinfo=UTC)
        assert (due <= now) is (not negated)
        assert (due < days.next_day_start(now, hour, zone)) is (not negated)


# --- day starts -------------------------------------------------------------------------------


def test_day_start_and_next_day_start_around_the_rollover():
    now = local(SHANGHAI, 2024, 10, 10, 2, 0)
    assert days.day_start(now, 4, SHANGHAI) == local(SHANGHAI, 2024, 10, 9, 4, 0)
    assert days.next_day_start(now, 4, SHANGHAI) == local(SHANGHAI, 2024, 10, 10, 4, 0)
    at = local(SHANGHAI, 2024, 10, 10, 4, 0)
    assert days.day_start(at, 4, SHANGHAI) == at
    assert days.next_day_start(at, 4, SHANGHAI) == local(SHANGHAI, 2024, 10, 11, 4, 0)
    assert days.day_start(now, 0, SHANGHAI) == local(SHANGHAI, 2024, 10, 10, 0, 0)
    assert days.day_start(now, 4, SHANGHAI).tzinfo is UTC


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        (BERLIN, date(2026, 3, 29), 23),
        (BERLIN, date(2026, 10, 25), 25),
        (NEW_YORK, date(2026, 3, 8), 23),
        (NEW_YORK, date(2026, 11, 1), 25),
        (BERLIN, date(2026, 6, 1), 24),
    ],
)
@pytest.mark.parametrize("hour", [0, 4])
def test_dst_days_last_23_or_25_hours_and_start_at_the_rollover_hour(zone, day, hours, hour):
    # With rollover 4 the day holding the switch is the one starting that morning; with
    # rollover 0 it is the calendar day itself. Both contain the 02:00/03:00 switch.
    start = days.start_of_date(day, hour, zone)
    assert start.astimezone(zone).hour == hour
    assert start.astimezone(zone).date() == day
    midday = start + timedelta(hours=12)
    assert days.day_start(midday, hour, zone) == start
    end = days.next_day_start(midday, hour, zone)
    assert end.astimezone(zone).hour == hour
    expected = hours if hour == 0 else 24  # rollover 4: the switch falls on the previous day
    if hour == 4:
        previous = days.start_of_date(day - timedelta(days=1), hour, zone)
        assert start - previous == timedelta(hours=hours)
    else:
        assert end - start == timedelta(hours=expected)


def test_rollover_hour_skipped_by_dst_starts_the_day_at_the_jump():
    # Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00 UTC). Rollover 2 does not exist.
    start = days.start_of_date(date(2026, 3, 29), 2, BERLIN)
    assert start == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    just_before = start - timedelta(seconds=1)
    assert days.scheduling_date(just_before, 2, BERLIN) == date(2026, 3, 28)
    assert days.scheduling_date(start, 2, BERLIN) == date(2026, 3, 29)
    assert days.next_day_start(just_before, 2, BERLIN) == start


def test_rollover_hour_shown_twice_starts_the_day_at_its_first_passage():
    # Berlin 2026-10-25: 03:00 CEST goes back to 02:00 CET; 02:00-03:00 happens twice.
    start = days.start_of_date(date(2026, 10, 25), 2, BERLIN)
    assert start == datetime(2026, 10, 25, 0, 0, tzinfo=UTC)  # 02:00 CEST
    second_passage = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET
    assert days.day_start(second_passage, 2, BERLIN) == start
    assert days.next_day_start(second_passage, 2, BERLIN) == local(BERLIN, 2026, 10, 26, 2, 0)


def test_a_skipped_calendar_day_still_has_a_start():
    # Samoa skipped 2011-12-30: 23:59:59 on the 29th (UTC-10) was followed by 00:00 on the 31st.
    zone = ZoneInfo("Pacific/Apia")
    before = local(zone, 2011, 12, 29, 23, 0)
    after = days.next_day_start(before, 4, zone)
    assert after > before
    assert days.scheduling_date(after, 4, zone) == date(2011, 12, 30)
    assert days.next_day_start(after, 4, zone) == local(zone, 2011, 12, 31, 4, 0)


aware_instants = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2090, 12, 31)).map(
    lambda naive: naive.replace(tzinfo=UTC)
)


@settings(max_examples=400, deadline=None)
@given(
    now=aware_instants,
    zone=st.sampled_from(ODD_ZONES).map(ZoneInfo),
    hour=st.integers(0, 23),
)
def test_every_instant_lies_in_exactly_one_scheduling_day(now, zone, hour):
    start = days.day_start(now, hour, zone)
    end = days.next_day_start(now, hour, zone)
    assert start <= now < end
    assert timedelta(hours=20) <= end - start <= timedelta(hours=49)
    today = days.scheduling_date(now, hour, zone)
    assert days.scheduling_date(start, hour, zone) == today
    assert days.scheduling_date(end, hour, zone) > today
    assert days.scheduling_date(end - timedelta(seconds=1), hour, zone) == today
    assert days.day_start(end, hour, zone) == end
    assert days.start_of_date(days.scheduling_date(end, hour, zone), hour, zone) == end


@settings(max_examples=200, deadline=None)
@given(now=aware_instants, zone=st.sampled_from(ODD_ZONES).map(ZoneInfo))
def test_dst_transitions_near_rollover_four_never_break_days(now, zone):
    # Around every instant, consecutive day starts are 23-25 h apart (or a skipped day's 20 h).
    start = days.day_start(now, 4, zone)
    following = days.next_day_start(start, 4, zone)
    assert days.elapsed_days(start, following, 4, zone) >= 1


# --- elapsed days -----------------------------------------------------------------------------


@pytest.mark.parametrize("zone", [UTC, SHANGHAI, BERLIN, NEW_YORK])
def test_elapsed_days_counts_scheduling_dates_not_24_hour_periods(zone):
    learned = local(zone, 2026, 3, 27, 21, 0)
    reviewed = local(zone, 2026, 3, 29, 8, 0)  # 35 (or 34 over a DST switch) hours later
    assert (reviewed - learned).days == 1
    assert days.elapsed_days(learned, reviewed, 4, zone) == 2
    assert days.elapsed_days(reviewed, learned, 4, zone) == -2


def test_elapsed_days_at_the_rollover():
    before = local(BERLIN, 2026, 5, 5, 3, 59)
    after = local(BERLIN, 2026, 5, 5, 4, 0)
    assert days.elapsed_days(before, after, 4, BERLIN) == 1
    assert days.elapsed_days(local(BERLIN, 2026, 5, 4, 23, 0), before, 4, BERLIN) == 0
    assert days.elapsed_days(local(BERLIN, 2026, 5, 4, 23, 0), before, 0, BERLIN) == 1


def test_elapsed_days_over_a_25_hour_day_is_one():
    start = days.start_of_date(date(2026, 10, 25), 0, BERLIN)
    end = days.start_of_date(date(2026, 10, 26), 0, BERLIN)
    assert end - start == timedelta(hours=25)
    assert days.elapsed_days(start, end, 0, BERLIN) == 1
    assert days.elapsed_days(start, end - timedelta(seconds=1), 0, BERLIN) == 0


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda t: days.day_start(t, 4, BERLIN),
        lambda t: days.next_day_start(t, 4, BERLIN),
        lambda t: days.scheduling_date(t, 4, BERLIN),
        lambda t: days.elapsed_days(t, datetime(2024, 1, 1, tzinfo=UTC), 4, BERLIN),
        lambda t: days.elapsed_days(datetime(2024, 1, 1, tzinfo=UTC), t, 4, BERLIN),
        lambda t: days.to_local(t, BERLIN),
    ],
)
def test_naive_datetimes_raise_clock_error_never_type_error(call):
    # bugcase 28: a legacy "2024-09-21 08:00:00" value must never meet an aware one silently.
    naive = datetime.fromisoformat("2024-09-21 08:00:00")
    with pytest.raises(ClockError, match="naive"):
        call(naive)


@pytest.mark.parametrize("hour", [-1, 24, 4.0, True, "4"])
def test_rollover_hour_must_be_0_to_23(hour):
    with pytest.raises(ValueError, match="day_starts_at"):
        days.day_start(datetime(2024, 1, 1, tzinfo=UTC), hour, UTC)


def test_to_local_keeps_the_instant():
    instant = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
    shown = days.to_local(instant, BERLIN)
    assert shown == instant
    assert shown.isoformat() == "2026-11-29T04:00:00+01:00"


# --- the local zone ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz_value", "expected"),
    [
        ("Asia/Shanghai", "Asia/Shanghai"),
        (":Europe/Berlin", "Europe/Berlin"),
        ("America/New_York", "America/New_York"),
    ],
)
def test_local_zone_reads_iana_names_from_tz(monkeypatch, tz_value, expected):
    monkeypatch.setenv("TZ", tz_value)
    assert days.local_zone() == ZoneInfo(expected)


def test_local_zone_reads_a_tzif_path(monkeypatch, tmp_path):
    sources = [Path(folder) / "Asia" / "Kolkata" for folder in zoneinfo.TZPATH]
    source = next((p for p in sources if p.is_file()), None)
    if source is None:
        pytest.skip("no system zoneinfo folder")
    path = tmp_path / "my-zone"
    path.write_bytes(source.read_bytes())
    monkeypatch.setenv("TZ", str(path))
    zone = days.local_zone()
    assert datetime(2026, 1, 1, tzinfo=UTC).astimezone(zone).utcoffset() == timedelta(
        hours=5, minutes=30
    )


@pytest.mark.parametrize(
    ("tz_value", "winter", "summer"),
    [
        ("CST-8", 8, 8),
        ("EST5EDT,M3.2.0,M11.1.0", -5, -4),
        ("CET-1CEST,M3.5.0,M10.5.0/3", 1, 2),
        ("XYZ5ABC", -5, -4),  # DST without dates: glibc's default US rules
        ("", 0, 0),
        ("Not/A_Zone", 0, 0),  # names no zone: UTC, as the C library does
    ],
)
def test_local_zone_reads_posix_rules_with_dst(monkeypatch, tz_value, winter, summer):
    monkeypatch.setenv("TZ", tz_value)
    zone = days.local_zone()
    january = datetime(2026, 1, 15, 12, tzinfo=UTC).astimezone(zone)
    july = datetime(2026, 7, 15, 12, tzinfo=UTC).astimezone(zone)
    assert january.utcoffset() == timedelta(hours=winter)
    assert july.utcoffset() == timedelta(hours=summer)


AGREES_WITH_LIBC = """
import json, time
from datetime import UTC, datetime, timedelta
from recall import days
zone = days.local_zone()
bad = []
start = datetime(2024, 1, 1, tzinfo=UTC)
for hour in range(0, 24 * 800, 7):
    instant = start + timedelta(hours=hour)
    ours = instant.astimezone(zone).utcoffset().total_seconds()
    libc = time.localtime(instant.timestamp()).tm_gmtoff
    if ours != libc:
        bad.append(instant.isoformat())
print(json.dumps(bad[:5]))
"""


@pytest.mark.parametrize(
    "tz_value",
    ["Asia/Shanghai", "Europe/Berlin", "EST5EDT,M3.2.0,M11.1.0", "CST-8", "", None],
)
def test_local_zone_agrees_with_the_process_c_library(tz_value):
    env = dict(os.environ)
    env.pop("TZ", None)
    if tz_value is not None:
        env["TZ"] = tz_value
    result = subprocess.run(
        [sys.executable, "-c", AGREES_WITH_LIBC],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_local_zone_without_tz_is_etc_localtime(monkeypatch):
    monkeypatch.delenv("TZ", raising=False)
    zone = days.local_zone()
    if os.path.exists("/etc/localtime"):
        with open("/etc/localtime", "rb") as handle:
            system = ZoneInfo.from_file(handle)
        for month in (1, 7):
            instant = datetime(2026, month, 1, tzinfo=UTC)
            assert instant.astimezone(zone).utcoffset() == instant.astimezone(system).utcoffset()
    else:  # pragma: no cover - depends on the machine
        assert zone is UTC


def test_functions_default_to_the_local_zone(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    now = datetime(2024, 10, 9, 18, 0, tzinfo=UTC)  # 02:00 in Shanghai
    assert days.scheduling_date(now) == date(2024, 10, 9)
    assert days.next_day_start(now) == datetime(2024, 10, 9, 20, 0, tzinfo=UTC)
    monkeypatch.setenv("TZ", "UTC")
    assert days.scheduling_date(now) == date(2024, 10, 9)
    assert days.next_day_start(now) == datetime(2024, 10, 10, 4, 0, tzinfo=UTC)


def test_days_module_stays_light():
    probe = (
        "import sys, recall.days\n"
        "heavy = ['fsrs', 'sqlite_utils', 'textual', 'rich', 'markdown_it']\n"
        "print([m for m in heavy if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "[]", result.stderr


def _transitions(zone, start: datetime, end: datetime) -> list[datetime]:
    """UTC instants (to the second) where `zone`'s offset changes between start and end."""
    found = []
    step = timedelta(hours=6)
    t = start
    while t < end:
        if t.astimezone(zone).utcoffset() != (t + step).astimezone(zone).utcoffset():
            lo, hi = int(t.timestamp()), int((t + step).timestamp())
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if datetime.fromtimestamp(mid, UTC).astimezone(zone).utcoffset() == (
                    t.astimezone(zone).utcoffset()
                ):
                    lo = mid
                else:
                    hi = mid
            found.append(datetime.fromtimestamp(hi, UTC))
        t += step
    return found


SWEEP_ZONES = [
    *[
        (name, datetime(2025, 1, 1, tzinfo=UTC))
        for name in ODD_ZONES
        if name not in ("UTC", "Asia/Shanghai", "Asia/Kolkata", "Pacific/Apia")
    ],
    ("Pacific/Apia", datetime(2011, 1, 1, tzinfo=UTC)),
    # DST ends at 04:30 (clock back to 03:30): with rollover 4 the previous day comes back.
    ("AAA3BBB,M3.2.0/3:30,M11.1.0/4:30", datetime(2025, 1, 1, tzinfo=UTC)),
]


@pytest.mark.parametrize(("zone_name", "year_start"), SWEEP_ZONES)
def test_day_invariants_hold_at_every_dst_transition_for_every_rollover_hour(zone_name, year_start):
    zone = days.zone_from_name(zone_name)
    transitions = _transitions(zone, year_start, year_start + timedelta(days=366))
    assert transitions, zone_name
    offsets = [timedelta(seconds=s) for s in (-7200, -3600, -1800, -1, 0, 1, 1800, 3600, 7200)]
    for transition in transitions:
        for hour in range(24):
            for offset in offsets:
                now = transition + offset
                start = days.day_start(now, hour, zone)
                end = days.next_day_start(now, hour, zone)
                assert start <= now < end, (zone_name, hour, now)
                assert days.scheduling_date(start, hour, zone) == days.scheduling_date(
                    now, hour, zone
                ), (zone_name, hour, now)
                assert days.scheduling_date(end, hour, zone) > days.scheduling_date(
                    start, hour, zone
                ), (zone_name, hour, now)


def test_rollover_hour_inside_a_dst_gap_starts_the_day_at_the_jump():
    # DST starts at 03:30 (jump to 04:30): rollover 4 is skipped, the day starts at the jump.
    zone = days.zone_from_name("AAA3BBB,M3.2.0/3:30,M11.1.0/4:30")
    jump = days.start_of_date(date(2026, 3, 8), 4, zone)
    assert jump.astimezone(zone).replace(tzinfo=None) == datetime(2026, 3, 8, 4, 30)
    assert days.scheduling_date(jump - timedelta(seconds=1), 4, zone) == date(2026, 3, 7)
