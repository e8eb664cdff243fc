"""Today's counts, the review queue's SQL and the next due time, with the standard `sqlite3` only.

Shared by `Collection` and the lean `recall due` path, so both count exactly the same cards:
active (not suspended, not orphaned) and not buried; learning cards due within the next 20
minutes (Anki's learn-ahead limit); reviews due before the next scheduling day starts; new
cards capped by what is left of today's new-card limit, which is counted from the review log
(first reviews of new cards since today's day start, not counting a retired sample deck's), so
an undo gives the count back.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, tzinfo

from recall import days
from recall.store.times import decode, encode

LEARN_AHEAD = timedelta(minutes=20)
"""Learning cards due within this time count as due now (Anki's learn-ahead limit)."""

_NOT_BURIED = "(buried_until IS NULL OR buried_until <= :now)"
_DECK = " AND deck = :deck"

# One index range per part (cards_due: status, state, due, buried_until, deck), index-only.
COUNT_SQL = f"""
SELECT deck, 'learning', count(*) FROM cards
 WHERE status = 'active' AND state IN ('learning', 'relearning') AND due <= :learn_until
   AND {_NOT_BURIED}{{deck}} GROUP BY deck
UNION ALL
SELECT deck, 'review', count(*) FROM cards
 WHERE status = 'active' AND state = 'review' AND due < :day_end
   AND {_NOT_BURIED}{{deck}} GROUP BY deck
UNION ALL
SELECT deck, 'new', count(*) FROM cards
 WHERE status = 'active' AND state = 'new' AND {_NOT_BURIED}{{deck}} GROUP BY deck
"""

# The same counts in total only (`recall due --count` and `--deck`): no grouping, no sort;
# new cards are counted only up to :new_cap (what is left of today's limit, plus one).
TOTAL_SQL = f"""
SELECT 'learning', count(*) FROM cards
 WHERE status = 'active' AND state IN ('learning', 'relearning') AND due <= :learn_until
   AND {_NOT_BURIED}{{deck}}
UNION ALL
SELECT 'review', count(*) FROM cards
 WHERE status = 'active' AND state = 'review' AND due < :day_end AND {_NOT_BURIED}{{deck}}
UNION ALL
SELECT 'new', count(*) FROM (SELECT 1 FROM cards
 WHERE status = 'active' AND state = 'new' AND {_NOT_BURIED}{{deck}} LIMIT :new_cap)
"""

# New cards introduced today: first reviews (state before = new) since the day start, except
# those of a retired sample deck (studying the sample must not use up the new cards of the log
# that retired it). The subquery is empty (one look at `sources`) unless a sample was retired.
NEW_TODAY_SQL = """
SELECT count(*) FROM review_log WHERE reviewed_at >= :day_start AND before_state = 'new'
 AND card_id NOT IN (SELECT id FROM cards WHERE source_id IN
   (SELECT id FROM sources WHERE sample = 1 AND retired = 1))
"""

DECKS_SQL = "SELECT DISTINCT deck FROM cards WHERE status = 'active'{deck} ORDER BY deck"

# The review queue, part by part in review order: (which cards, their order, whether today's
# new-card limit caps the part). Log order (deck, source, file, position) breaks ties.
_LOG_ORDER = "deck, source_id, file_order, position"
_QUEUE_PARTS = (
    ("state IN ('learning', 'relearning') AND due <= :now", f"due, {_LOG_ORDER}", False),
    ("state = 'review' AND due < :day_end", f"due, {_LOG_ORDER}", False),
    ("state = 'new'", _LOG_ORDER, True),
    (
        "state IN ('learning', 'relearning') AND due > :now AND due <= :learn_until",
        f"due, {_LOG_ORDER}",
        False,
    ),
)


class Window:
    """The instants a count depends on (all UTC-aware): now, today's start and end, learn-ahead.

    (Plain classes here, not dataclasses or named tuples: `recall due` is timed to the millisecond.)
    """

    __slots__ = ("day_end", "day_start", "learn_until", "now")

    def __init__(
        self, now: datetime, day_start: datetime, day_end: datetime, learn_until: datetime
    ) -> None:
        self.now, self.day_start, self.day_end, self.learn_until = (
            now,
            day_start,
            day_end,
            learn_until,
        )

    def params(self, deck: str | None = None, new_cap: int = 0) -> dict:
        """The named parameters of the SQL in this module."""
        return {
            "new_cap": new_cap,
            "now": encode(self.now),
            "day_start": encode(self.day_start),
            "day_end": encode(self.day_end),
            "learn_until": encode(self.learn_until),
            "deck": deck,
        }


def window(now: datetime, day_starts_at: int, tz: tzinfo | None = None) -> Window:
    """The scheduling day holding `now` (rollover `day_starts_at` local, zone `tz` or the process's)."""
    return Window(
        now=now,
        day_start=days.day_start(now, day_starts_at, tz),
        day_end=days.next_day_start(now, day_starts_at, tz),
        learn_until=now + LEARN_AHEAD,
    )


def count_sql(deck: str | None, *, per_deck: bool = True) -> str:
    """COUNT_SQL (per deck) or TOTAL_SQL, restricted to one deck when `deck` is given."""
    return (COUNT_SQL if per_deck else TOTAL_SQL).format(deck=_DECK if deck is not None else "")


def queue_parts(deck: str | None) -> list[tuple[str, bool]]:
    """The review queue's parts in review order: learning cards due now, reviews due before the
    next day start, new cards (in log order), learning cards due within LEARN_AHEAD.

    Returns:
        For each part, the SQL that follows ``SELECT ... FROM cards`` (WHERE and ORDER BY;
        parameters `Window.params(deck)`), and whether today's new-card limit caps it. Only
        active cards that are not buried, of `deck` when given.
    """
    on_deck = _DECK if deck is not None else ""
    return [
        (f" WHERE status = 'active' AND {_NOT_BURIED}{on_deck} AND {where} ORDER BY {order}", new)
        for where, order, new in _QUEUE_PARTS
    ]


def new_left_today(conn: sqlite3.Connection, win: Window, new_per_day: int) -> int:
    """How many new cards may still be introduced today (never negative)."""
    done = conn.execute(NEW_TODAY_SQL, win.params()).fetchone()[0]
    return max(0, new_per_day - done)


class DeckCounts:
    """Counts of one deck (or all): learning, review, and new before and after the daily cap.

    `new_available` is exact per deck; in totals it is counted only up to the cap plus one
    (enough to tell whether more new cards wait beyond today's limit).
    """

    __slots__ = ("learning", "new", "new_available", "review")

    def __init__(
        self, learning: int = 0, review: int = 0, new_available: int = 0, new: int = 0
    ) -> None:
        self.learning, self.review, self.new_available, self.new = (
            learning,
            review,
            new_available,
            new,
        )

    @property
    def due(self) -> int:
        """learning + review + new (new after the daily cap)."""
        return self.learning + self.review + self.new

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DeckCounts):
            return NotImplemented
        return (self.learning, self.review, self.new_available, self.new) == (
            other.learning,
            other.review,
            other.new_available,
            other.new,
        )

    def __repr__(self) -> str:
        return (
            f"DeckCounts(learning={self.learning}, review={self.review}, "
            f"new_available={self.new_available}, new={self.new})"
        )


def counts_by_deck(
    conn: sqlite3.Connection,
    win: Window,
    new_per_day: int,
    deck: str | None = None,
    *,
    per_deck: bool = True,
    every_deck: bool = False,
) -> tuple[DeckCounts, dict[str, DeckCounts]]:
    """Today's counts in total and per deck.

    Args:
        conn: an open collection.
        win: from `window`.
        new_per_day: the daily new-card limit (settings).
        deck: count this deck only.
        per_deck: also count per deck (False: totals only, one cheaper query).
        every_deck: also list decks with active cards but nothing due (zero counts).

    Returns:
        (total, {deck: counts}) — a deck's `new` is capped by what is left of today's limit
        (the limit is shared by all decks, as when studying that deck alone), the total's `new`
        by the same limit over all decks, so the per-deck `new` may add up to more than it.
    """
    left = new_left_today(conn, win, new_per_day)
    if not per_deck and not every_deck:
        parts = dict(
            conn.execute(count_sql(deck, per_deck=False), win.params(deck, left + 1)).fetchall()
        )
        total = DeckCounts(
            learning=parts["learning"],
            review=parts["review"],
            new_available=parts["new"],
            new=min(left, parts["new"]),
        )
        return total, {}
    found: dict[str, dict[str, int]] = {}
    for name, part, count in conn.execute(count_sql(deck), win.params(deck)):
        found.setdefault(name, {})[part] = count
    if every_deck:
        for (name,) in conn.execute(
            DECKS_SQL.format(deck=_DECK if deck is not None else ""), {"deck": deck}
        ):
            found.setdefault(name, {})
    per_deck = {
        name: DeckCounts(
            learning=parts.get("learning", 0),
            review=parts.get("review", 0),
            new_available=parts.get("new", 0),
            new=min(left, parts.get("new", 0)),
        )
        for name, parts in sorted(found.items())
    }
    available = sum(c.new_available for c in per_deck.values())
    total = DeckCounts(
        learning=sum(c.learning for c in per_deck.values()),
        review=sum(c.review for c in per_deck.values()),
        new_available=available,
        new=min(left, available),
    )
    return total, per_deck


def next_due(
    conn: sqlite3.Connection,
    win: Window,
    new_per_day: int,
    day_starts_at: int,
    tz: tzinfo | None = None,
    deck: str | None = None,
) -> datetime | None:
    """The first instant after `win.now` at which a card not studyable now becomes studyable.

    A learning card at its due time; a review card at the start of the scheduling day it is due
    on; new cards beyond today's limit at the next day start; a buried card when its bury ends
    (or later, if it is not due by then). None when nothing will ever be due.
    """
    where_deck = _DECK if deck is not None else ""
    params = win.params(deck)
    found: list[datetime] = []

    (learning,) = conn.execute(
        "SELECT min(due) FROM cards WHERE status = 'active' "
        "AND state IN ('learning', 'relearning') AND due > :now "
        f"AND {_NOT_BURIED}{where_deck}",
        params,
    ).fetchone()
    if learning:
        found.append(decode(learning))

    (review,) = conn.execute(
        "SELECT min(due) FROM cards WHERE status = 'active' AND state = 'review' "
        f"AND due >= :day_end AND {_NOT_BURIED}{where_deck}",
        params,
    ).fetchone()
    if review:
        found.append(max(win.day_end, days.day_start(decode(review), day_starts_at, tz)))

    if new_per_day > 0:
        total, _ = counts_by_deck(conn, win, new_per_day, deck, per_deck=False)
        if total.new_available > total.new:
            found.append(win.day_end)

    for buried_until, state, due in conn.execute(
        "SELECT buried_until, state, due FROM cards WHERE status = 'active' "
        f"AND buried_until > :now{where_deck}",
        params,
    ):
        free = decode(buried_until)
        if state in ("learning", "relearning"):
            found.append(max(free, decode(due)))
        elif state == "review":
            found.append(max(free, days.day_start(decode(due), day_starts_at, tz)))
        elif new_per_day > 0:
            found.append(free)
    return min(found) if found else None
