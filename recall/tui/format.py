"""How the review app words times and counts: intervals (Anki style), time spent, next due, "1 card"."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, tzinfo

_MINUTE, _HOUR, _DAY = 60, 3600, 86400
_YEAR = 365 * _DAY
_MONTH = _YEAR / 12  # Anki's month: a twelfth of a 365-day year


def _round(value: float, places: int = 0) -> float:
    """`value` (0 or more) rounded as Anki rounds, half up (5.5 → 6, 4.5 → 5), not to even."""
    scale = 10**places
    return math.floor(value * scale + 0.5) / scale


def _number(value: float) -> str:
    """`value` with at most one decimal, without a trailing ``.0`` (``1.5``, ``2``)."""
    text = f"{_round(value, 1):.1f}"
    return text[:-2] if text.endswith(".0") else text


def interval(delta: timedelta) -> str:
    """An interval as Anki words and rounds it on a grade button.

    Args:
        delta: time from now until the card is due again.

    Returns:
        ``<1m`` under a minute; whole minutes (5.5 minutes: ``6m``, rounded half up as Anki
        does); hours, months and years to one decimal (``1.5h``, ``3.2mo``, ``1.1y``); whole days
        (``4d``). Anki's units: months are a twelfth of a 365-day year.
    """
    seconds = max(delta.total_seconds(), 0.0)
    if seconds < _MINUTE:
        return "<1m"
    if seconds < _HOUR:
        return f"{_round(seconds / _MINUTE):.0f}m"
    if seconds < _DAY:
        return f"{_number(seconds / _HOUR)}h"
    if seconds < _MONTH:
        return f"{_round(seconds / _DAY):.0f}d"
    if seconds < _YEAR:
        return f"{_number(seconds / _MONTH)}mo"
    return f"{_number(seconds / _YEAR)}y"


def day_interval(days: int) -> str:
    """An interval of whole scheduling days, worded as `interval` does (``4d``, ``3.2mo``, ``1.1y``)."""
    return interval(timedelta(days=max(days, 1)))


def grade_interval(
    due: datetime, now: datetime, day_starts_at: int = 4, tz: tzinfo | None = None
) -> str:
    """The interval a grade button shows for a card that would next be due at `due`.

    Learning steps are exact times (``1m``, ``10m``); a due date on a scheduling-day start
    (review intervals, which land on day starts) or a day or more away counts scheduling days as
    Anki does, so a one-day interval shows ``1d`` even when 20 hours remain until tomorrow's start.

    Args:
        due: next due instant from `Collection.preview` (aware).
        now: the current instant (aware).
        day_starts_at: the local rollover hour (settings).
        tz: the local time zone (None: the process's, TZ respected).
    """
    from recall import days

    delta = due - now
    if delta >= timedelta(days=1) or due == days.day_start(due, day_starts_at, tz):
        return day_interval(days.elapsed_days(now, due, day_starts_at, tz))
    return interval(delta)


def time_spent(milliseconds: int) -> str:
    """A duration for the summary: ``0s``, ``42s``, ``3m 05s``, ``1h 02m``."""
    seconds = max(round(milliseconds / 1000), 0)
    if seconds < _MINUTE:
        return f"{seconds}s"
    if seconds < _HOUR:
        return f"{seconds // _MINUTE}m {seconds % _MINUTE:02d}s"
    return f"{seconds // _HOUR}h {seconds % _HOUR // _MINUTE:02d}m"


def due_at(due: datetime, now: datetime, tz: tzinfo | None = None) -> str:
    """When a card is due, relative to now and in local time.

    Args:
        due: the due instant (aware).
        now: the current instant (aware).
        tz: the local time zone (None: the process's, TZ respected).

    Returns:
        ``now`` when already due, ``in 8m (14:32)`` today, ``tomorrow at 04:00``, or
        ``on Mon 7 Dec at 04:00 (in 5d)``.
    """
    from recall import days

    if due <= now:
        return "now"
    local_due, local_now = days.to_local(due, tz), days.to_local(now, tz)
    clock = local_due.strftime("%H:%M")
    if local_due.date() == local_now.date():
        return f"in {interval(due - now)} ({clock})"
    if local_due.date() == local_now.date() + timedelta(days=1):
        return f"tomorrow at {clock}"
    day = f"{local_due.strftime('%a')} {local_due.day} {local_due.strftime('%b')}"
    if local_due.year != local_now.year:
        day += f" {local_due.year}"
    return f"on {day} at {clock} (in {interval(due - now)})"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 card``, ``0 cards``, ``2 cards``: `count` and the noun in its number.

    Args:
        count: how many.
        noun: the singular (``card``, ``rating``).
        nouns: the plural when it is not `noun` + ``s``.
    """
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"
