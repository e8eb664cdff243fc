"""Scheduling days as in Anki: "today" runs from the rollover hour (local) to the next one.

Standard library only (`recall due` imports this module and must stay light).

A *scheduling date* is the local calendar date of an instant shifted back by the rollover hour
(`day_starts_at`, Anki's "next day starts at"): with the default 4, 2024-10-10 03:59 local still
belongs to 2024-10-09 and 04:00 starts 2024-10-10. Elapsed days between two reviews are the
difference of their scheduling dates, never a count of 24-hour periods. The local zone is the
process's (`TZ` respected, SPEC §2) and is DST-aware for any date, so a scheduling day may last
23 or 25 hours; when the rollover hour is skipped by a DST jump the day starts at the jump.

Every datetime argument must be aware (naive values raise `ClockError`); every datetime returned
is UTC-aware.
"""

from __future__ import annotations

import functools
import io
import os
import struct
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from recall.errors import ClockError

__all__ = [
    "day_start",
    "elapsed_days",
    "local_zone",
    "next_day_start",
    "resolve_zone",
    "scheduling_date",
    "start_of_date",
    "to_local",
    "zone_from_name",
]

DEFAULT_DAY_STARTS_AT = 4
_LOCALTIME = Path("/etc/localtime")
_ONE_SECOND = timedelta(seconds=1)


# --- the local zone -------------------------------------------------------------------------


def local_zone() -> tzinfo:
    """The process's time zone, DST-aware for any date.

    Read from the `TZ` environment variable when set (an IANA name such as ``Asia/Shanghai``,
    ``:Europe/Berlin``, a TZif file path, or a POSIX rule such as ``CET-1CEST,M3.5.0,M10.5.0/3``;
    an empty value means UTC), else from ``/etc/localtime``, else UTC. A value that names no zone
    gives UTC, as the C library does.

    Returns:
        A `zoneinfo.ZoneInfo` (POSIX rules become a ZoneInfo too); `datetime.UTC` as last resort.
    """
    return _zone_for(os.environ.get("TZ"))


def zone_from_name(name: str) -> tzinfo:
    """The zone a `TZ` value names (see `local_zone`); UTC when it names none."""
    return _zone_for(name)


@functools.lru_cache(maxsize=16)
def _zone_for(tz_value: str | None) -> tzinfo:
    if tz_value is None:
        return _system_zone()
    name = tz_value[1:] if tz_value.startswith(":") else tz_value
    if not name.strip():
        return UTC
    if name.startswith("/"):
        return _zone_from_file(Path(name)) or UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    return _posix_zone(name) or UTC


def _system_zone() -> tzinfo:
    """``/etc/localtime``: by its IANA name when it links into a zoneinfo folder."""
    try:
        target = _LOCALTIME.resolve(strict=True)
    except OSError:
        return UTC
    parts = target.parts
    if "zoneinfo" in parts:
        key = "/".join(parts[len(parts) - parts[::-1].index("zoneinfo") :])
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    return _zone_from_file(target) or UTC


def _zone_from_file(path: Path) -> tzinfo | None:
    try:
        with path.open("rb") as handle:
            return ZoneInfo.from_file(handle, key=str(path))
    except (OSError, ValueError):
        return None


def _posix_zone(rule: str) -> tzinfo | None:
    """A POSIX TZ rule as a ZoneInfo, via a TZif v2 file whose only content is the rule.

    zoneinfo applies a TZif file's footer rule to every instant after its (here: no) transitions,
    so this reuses zoneinfo's own POSIX-rule parser through its public `from_file`. A rule with
    a DST name but no dates gets the US dates, as glibc's default ``posixrules`` does.
    """
    header = b"TZif2" + bytes(15) + struct.pack(">6l", 0, 0, 0, 0, 1, 4)
    block = struct.pack(">lBB", 0, 0, 0) + b"UTC\0"
    for candidate in (rule, rule + ",M3.2.0,M11.1.0"):
        try:
            data = header + block + header + block + b"\n" + candidate.encode("ascii") + b"\n"
            return ZoneInfo.from_file(io.BytesIO(data), key=rule)
        except (ValueError, UnicodeEncodeError):
            if "," in rule:
                break
    return None


def resolve_zone(tz: tzinfo | str | None) -> tzinfo:
    """`tz` as a tzinfo: None → `local_zone()`, a string → `zone_from_name`, a tzinfo as is."""
    if tz is None:
        return local_zone()
    if isinstance(tz, str):
        return zone_from_name(tz)
    return tz


# --- scheduling dates and day starts --------------------------------------------------------


def _aware(value: datetime, what: str = "datetime") -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{what} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ClockError(f"naive {what} {value.isoformat()} given; pass an aware datetime")
    return value


def _hour(day_starts_at: int) -> int:
    if isinstance(day_starts_at, bool) or not isinstance(day_starts_at, int):
        raise ValueError(f"day_starts_at must be an hour from 0 to 23 (got {day_starts_at!r})")
    if not 0 <= day_starts_at <= 23:
        raise ValueError(f"day_starts_at must be an hour from 0 to 23 (got {day_starts_at!r})")
    return day_starts_at


def _wall(instant: datetime, zone: tzinfo) -> datetime:
    """Local wall-clock time of `instant`, naive."""
    return instant.astimezone(zone).replace(tzinfo=None)


def _date_of(instant: datetime, hour: int, zone: tzinfo) -> date:
    return (_wall(instant, zone) - timedelta(hours=hour)).date()


def scheduling_date(
    instant: datetime, day_starts_at: int = DEFAULT_DAY_STARTS_AT, tz: tzinfo | str | None = None
) -> date:
    """The scheduling date holding `instant`: its local date, shifted back by the rollover hour.

    Args:
        instant: an aware datetime (any offset).
        day_starts_at: the local hour (0-23) at which a scheduling day begins.
        tz: the zone (a tzinfo or a `TZ` value); None means `local_zone()`.

    Raises:
        ClockError: `instant` is naive.
    """
    return _date_of(_aware(instant), _hour(day_starts_at), resolve_zone(tz))


def _rollovers(day: date, hour: int, zone: tzinfo) -> list[datetime]:
    """The instants (UTC, ascending) at which the scheduling date becomes `day`.

    Normally one: `hour`:00 local on `day`. When DST skips that wall time, the day starts at the
    jump. When the wall clock shows it twice, only a passage that raises the date counts (a
    clock set back across the rollover hour makes the previous day come back for a while).
    """
    wall = datetime(day.year, day.month, day.day, hour)
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if first == second:
        return [first]
    low, high = sorted((first, second))
    if _wall(low, zone) != wall:
        # A gap: low is before the jump (previous date), high after it (this date).
        lo, hi = int(low.timestamp()), int(high.timestamp())
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if _date_of(datetime.fromtimestamp(mid, UTC), hour, zone) >= day:
                hi = mid
            else:
                lo = mid
        return [datetime.fromtimestamp(hi, UTC)]
    return [t for t in (low, high) if _date_of(t - _ONE_SECOND, hour, zone) < day]


def start_of_date(
    day: date, day_starts_at: int = DEFAULT_DAY_STARTS_AT, tz: tzinfo | str | None = None
) -> datetime:
    """The first instant of the scheduling date `day`, UTC-aware.

    Normally `day_starts_at`:00 local on `day`; on a DST day whose rollover hour does not exist,
    the instant of the jump.
    """
    return _rollovers(day, _hour(day_starts_at), resolve_zone(tz))[0]


def day_start(
    now: datetime, day_starts_at: int = DEFAULT_DAY_STARTS_AT, tz: tzinfo | str | None = None
) -> datetime:
    """The start of the scheduling day holding `now`, UTC-aware; always ``<= now``.

    Args:
        now: an aware datetime.
        day_starts_at: the local rollover hour (0-23).
        tz: the zone (a tzinfo or a `TZ` value); None means `local_zone()`.

    Raises:
        ClockError: `now` is naive.
    """
    hour, zone = _hour(day_starts_at), resolve_zone(tz)
    now = _aware(now, "now").astimezone(UTC)
    today = _date_of(now, hour, zone)
    for back in range(3):
        starts = [t for t in _rollovers(today - timedelta(days=back), hour, zone) if t <= now]
        if starts:
            return starts[-1]
    raise AssertionError(f"no scheduling day start before {now}")  # pragma: no cover


def next_day_start(
    now: datetime, day_starts_at: int = DEFAULT_DAY_STARTS_AT, tz: tzinfo | str | None = None
) -> datetime:
    """The start of the scheduling day after the one holding `now`, UTC-aware; always ``> now``.

    This is when "tomorrow" begins: the end of a bury, the due time of a one-day interval.

    Raises:
        ClockError: `now` is naive.
    """
    hour, zone = _hour(day_starts_at), resolve_zone(tz)
    now = _aware(now, "now").astimezone(UTC)
    today = _date_of(now, hour, zone)
    for ahead in range(1, 4):
        starts = [t for t in _rollovers(today + timedelta(days=ahead), hour, zone) if t > now]
        if starts:
            return starts[0]
    raise AssertionError(f"no scheduling day start after {now}")  # pragma: no cover


def elapsed_days(
    a: datetime,
    b: datetime,
    day_starts_at: int = DEFAULT_DAY_STARTS_AT,
    tz: tzinfo | str | None = None,
) -> int:
    """Whole scheduling days from `a` to `b` (Anki's elapsed days): date(b) - date(a).

    A card reviewed at 21:00 and again at 08:00 two calendar days later (rollover 4) has 2
    elapsed days, although only 35 hours passed. Negative when `b` is on an earlier date.

    Raises:
        ClockError: `a` or `b` is naive.
    """
    hour, zone = _hour(day_starts_at), resolve_zone(tz)
    first = _date_of(_aware(a, "a"), hour, zone)
    second = _date_of(_aware(b, "b"), hour, zone)
    return (second - first).days


def to_local(instant: datetime, tz: tzinfo | str | None = None) -> datetime:
    """`instant` in the local zone (for display, e.g. ``next_due`` with its local offset).

    Raises:
        ClockError: `instant` is naive.
    """
    return _aware(instant, "instant").astimezone(resolve_zone(tz))
