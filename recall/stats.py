"""Collection statistics: cards by state, reviews per day, true retention, memory, due forecast.

Pure functions over records (`Card`, `ReviewLog`), a `recall.scheduling.Scheduler` (for
retrievability, the rollover hour and the zone) and `now`; no database. Days are scheduling days
(`recall.days`): "today" runs from the rollover hour, local time, to the next one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import attrgetter

from recall import clock, days
from recall.daynumbers import day_numbers
from recall.model import Card, ReviewLog, ReviewMark
from recall.rating import Rating, State, Status

HISTORY_DAYS = 30
"""Days of the reviews-per-day chart (today and the 29 before it)."""

FORECAST_DAYS = 30
"""Days of the due forecast (today and the 29 after it)."""

RETENTION_WINDOWS = (7, 30, 365)
"""True retention is given over the last 7, 30 and 365 scheduling days (today included)."""


@dataclass(frozen=True)
class Retention:
    """True retention over a window: the share of reviews of review-state cards not rated Again.

    Attributes:
        days: the window, in scheduling days ending today (inclusive).
        reviews: reviews of cards in the review state (learning and relearning steps excluded).
        passed: those rated Hard, Good or Easy.
    """

    days: int
    reviews: int
    passed: int

    @property
    def rate(self) -> float | None:
        """`passed / reviews` (0-1), or None when there was no review."""
        return self.passed / self.reviews if self.reviews else None

    def to_dict(self) -> dict:
        """``{"days", "reviews", "passed", "retention"}`` (retention None without reviews)."""
        return {
            "days": self.days,
            "reviews": self.reviews,
            "passed": self.passed,
            "retention": self.rate,
        }


@dataclass(frozen=True)
class Stats:
    """The figures of `recall stats` (see `compute`).

    Attributes:
        deck: the deck described, or None for all decks.
        now: the instant the figures are for, UTC-aware.
        today: the scheduling date holding `now`.
        cards: counts by state of the active cards (``new``, ``learning``, ``review``,
            ``relearning``), then ``suspended``, ``orphaned`` and ``total`` (every stored card).
        reviews_per_day: ``(scheduling date, reviews)`` for the `HISTORY_DAYS` days ending
            today, oldest first.
        retention: true retention over each of `RETENTION_WINDOWS`.
        average_stability: mean FSRS stability in days of the active cards already studied,
            or None when there is none.
        average_retrievability: their mean probability of recall now (0-1), or None.
        forecast: ``(scheduling date, cards due)`` for the `FORECAST_DAYS` days from today;
            today's count includes overdue cards and learning steps due later today.
    """

    deck: str | None
    now: datetime
    today: date
    cards: dict[str, int]
    reviews_per_day: tuple[tuple[date, int], ...]
    retention: tuple[Retention, ...]
    average_stability: float | None
    average_retrievability: float | None
    forecast: tuple[tuple[date, int], ...]

    @property
    def reviews_total(self) -> int:
        """Reviews over the `HISTORY_DAYS` days of `reviews_per_day`."""
        return sum(count for _, count in self.reviews_per_day)

    def to_dict(self) -> dict:
        """The figures as JSON-able values (dates ISO-8601, `now` with its UTC offset)."""
        return {
            "deck": self.deck,
            "now": self.now.isoformat(),
            "today": self.today.isoformat(),
            "cards": dict(self.cards),
            "reviews_per_day": [
                {"date": day.isoformat(), "reviews": count} for day, count in self.reviews_per_day
            ],
            "reviews_last_30_days": self.reviews_total,
            "true_retention": [window.to_dict() for window in self.retention],
            "average_stability_days": self.average_stability,
            "average_retrievability": self.average_retrievability,
            "forecast": [{"date": day.isoformat(), "due": count} for day, count in self.forecast],
        }


def _day_starts(first: date, count: int, day_starts_at: int, zone) -> list[float]:
    """Start instants (POSIX timestamps) of `count` consecutive scheduling dates from `first`,
    plus the start of the date after them (so ``count + 1`` bounds)."""
    return [
        days.start_of_date(first + timedelta(days=k), day_starts_at, zone).timestamp()
        for k in range(count + 1)
    ]


def _first_counted_date(today: date) -> date:
    """The first scheduling date whose reviews count: that of the longest retention window."""
    return today - timedelta(days=max(RETENTION_WINDOWS) - 1)


def history_start(scheduler, now: datetime | None = None) -> datetime:
    """The first instant whose reviews `compute` counts (UTC-aware): the start of the longest
    retention window, which also holds the reviews-per-day chart.

    Read the log from there (`Collection.review_marks(since=history_start(...))`): older reviews
    change no figure, and a long history need not be loaded.

    Args:
        scheduler: as for `compute` (its zone and `day_starts_at` define the days).
        now: as for `compute`; None means the clock (or `RECALL_NOW`).

    Raises:
        ClockError: `now` is naive.
    """
    hour, zone = scheduler.day_starts_at, scheduler.zone
    today = days.scheduling_date(clock.resolve(now), hour, zone)
    return days.start_of_date(_first_counted_date(today), hour, zone)


def forgetting_curve(parameters: Sequence[float]):
    """FSRS-6's forgetting curve for `parameters`: ``curve(elapsed_days, stability) -> R (0-1)``.

    The formula py-fsrs's `get_card_retrievability` applies (decay ``-w20``, R = 0.9 when the
    elapsed days equal the stability), computed here directly so that averaging 100k cards does
    not build 100k py-fsrs cards; `recall.scheduling.Scheduler.retrievability` gives the same
    values (tested). Elapsed days are scheduling days, as the scheduler counts them.
    """
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1

    def curve(elapsed_days: int, stability: float) -> float:
        return (1 + factor * elapsed_days / stability) ** decay

    return curve


def card_counts(cards: Sequence[Card]) -> dict[str, int]:
    """Counts of cards: active ones by state, then suspended, orphaned and total."""
    counts = {state.value: 0 for state in State}
    counts.update(suspended=0, orphaned=0, total=len(cards))
    for card in cards:
        if card.status == Status.ACTIVE:
            counts[State(card.memory.state).value] += 1
        else:
            counts[Status(card.status).value] += 1
    return counts


def compute(
    cards: Sequence[Card],
    reviews: Sequence[ReviewLog] | Sequence[ReviewMark],
    scheduler,
    now: datetime | None = None,
    *,
    deck: str | None = None,
) -> Stats:
    """Statistics of a collection, or of one deck.

    Args:
        cards: stored cards (every status).
        reviews: the review log (`ReviewLog` or the lighter `ReviewMark` records of
            `Collection.review_marks`; any order); only reviews from `history_start` on count.
        scheduler: a `recall.scheduling.Scheduler`; its zone and `day_starts_at` define the
            scheduling days, its parameters the retrievability.
        now: the instant to describe, aware; None means the clock (or `RECALL_NOW`).
        deck: keep only this deck's cards and their reviews.

    Returns:
        A `Stats`.

    Raises:
        ClockError: `now` is naive.
    """
    now = clock.resolve(now)
    hour, zone = scheduler.day_starts_at, scheduler.zone
    if deck is not None:
        cards = [card for card in cards if card.deck == deck]
        ids = {card.id for card in cards}
        reviews = [review for review in reviews if review.card_id in ids]
    today = days.scheduling_date(now, hour, zone)

    # Reviews over the last year, per scheduling day (walking the day starts in time order).
    span = max(RETENTION_WINDOWS)
    first = _first_counted_date(today)
    starts = [days.start_of_date(first + timedelta(days=k), hour, zone) for k in range(span + 1)]
    total = [0] * span
    graded = [0] * span
    passed = [0] * span
    recent = sorted(
        (r for r in reviews if starts[0] <= r.reviewed_at < starts[-1]),
        key=attrgetter("reviewed_at"),
    )
    k = 0
    for review in recent:
        while review.reviewed_at >= starts[k + 1]:
            k += 1
        total[k] += 1
        if review.state_before == State.REVIEW:
            graded[k] += 1
            passed[k] += review.rating != Rating.AGAIN
    reviews_per_day = tuple(
        (first + timedelta(days=k), total[k]) for k in range(span - HISTORY_DAYS, span)
    )
    retention = tuple(
        Retention(window, sum(graded[span - window :]), sum(passed[span - window :]))
        for window in RETENTION_WINDOWS
    )

    # Memory of the active cards already studied.
    studied = sorted(
        (
            card
            for card in cards
            if card.status == Status.ACTIVE
            and card.memory.state != State.NEW
            and card.memory.stability is not None
            and card.memory.last_review is not None
        ),
        key=lambda card: card.memory.last_review,
    )
    if studied:
        average_stability = sum(card.memory.stability for card in studied) / len(studied)
        last_days = day_numbers([c.memory.last_review for c in studied], hour, zone)
        today_number = today.toordinal()
        curve = forgetting_curve(scheduler.parameters)
        average_retrievability = sum(
            curve(max(0, today_number - last), card.memory.stability)
            for card, last in zip(studied, last_days, strict=True)
        ) / len(studied)
    else:
        average_stability = average_retrievability = None

    # Due forecast: the day each studied card (or a learning one) is due, overdue → today.
    ahead = _day_starts(today, FORECAST_DAYS, hour, zone)
    due = [0] * FORECAST_DAYS
    for card in cards:
        if card.status != Status.ACTIVE or card.memory.state == State.NEW or card.due is None:
            continue
        when = card.due
        if card.buried_until is not None and card.buried_until > when:
            when = card.buried_until
        stamp = when.timestamp()
        if stamp >= ahead[-1]:
            continue
        k = max(0, bisect_right(ahead, stamp) - 1)
        due[k] += 1
    forecast = tuple((today + timedelta(days=k), due[k]) for k in range(FORECAST_DAYS))

    return Stats(
        deck=deck,
        now=now,
        today=today,
        cards=card_counts(cards),
        reviews_per_day=reviews_per_day,
        retention=retention,
        average_stability=average_stability,
        average_retrievability=average_retrievability,
        forecast=forecast,
    )


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def describe(stats: Stats, *, compact: bool = False) -> list[str]:
    """The figures of `stats` in words, one topic a line, at most 80 columns (charts apart).

    Example::

        Cards      45: 3 new · 1 learning · 40 review · 1 relearning
                   2 suspended · 0 orphaned
        Reviews    292 in the last 30 days (9.7 a day), 12 today
        Retention  94.4% in the last 7 days (17 of 18 review-card reviews passed)
                   87.3% in the last 30 days (137 of 157)
                   87.3% in the last 365 days (137 of 157)
        Memory     average stability 32.9 days · average retrievability 95.0%

    With `compact` (the TUI, where the charts need the height), three lines::

        Cards      45: 3 new · 1 learning · 40 review · 1 relearning · 2 susp. · 0 orph.
        Reviews    292 in 30 days, 12 today · stability 32.9 d · retrievability 95.0%
        Retention  7 days 94.4% (17/18) · 30 days 87.3% (137/157) · 365 days 87.3%
    """
    c = stats.cards
    shown = len(stats.reviews_per_day) or 1
    today = stats.reviews_per_day[-1][1] if stats.reviews_per_day else 0
    studied = stats.average_stability is not None
    if compact:
        windows = [f"{w.days} days {_percent(w.rate)}" for w in stats.retention]
        if stats.retention:
            first = stats.retention[0]
            windows[0] += f" ({first.passed}/{first.reviews})"
        memory = (
            f"stability {stats.average_stability:.1f} d · "
            f"retrievability {_percent(stats.average_retrievability)}"
            if studied
            else "no card studied yet"
        )
        return [
            f"Cards      {c['total']}: {c['new']} new · {c['learning']} learning · "
            f"{c['review']} review · {c['relearning']} relearning · {c['suspended']} susp. · "
            f"{c['orphaned']} orph.",
            f"Reviews    {stats.reviews_total} in {shown} days, {today} today · {memory}",
            f"Retention  {' · '.join(windows)}",
        ]
    retention = [
        f"{_percent(w.rate)} in the last {w.days} days ({w.passed} of {w.reviews})"
        for w in stats.retention
    ]
    if retention:
        retention[0] = retention[0][:-1] + " review-card reviews passed)"
    memory = "no card studied yet"
    if studied:
        memory = (
            f"average stability {stats.average_stability:.1f} days · "
            f"average retrievability {_percent(stats.average_retrievability)}"
        )
    return [
        f"Cards      {c['total']}: {c['new']} new · {c['learning']} learning · "
        f"{c['review']} review · {c['relearning']} relearning",
        f"           {c['suspended']} suspended · {c['orphaned']} orphaned",
        f"Reviews    {stats.reviews_total} in the last {shown} days "
        f"({stats.reviews_total / shown:.1f} a day), {today} today",
        *(f"{'Retention' if i == 0 else '':<11}{line}" for i, line in enumerate(retention)),
        f"Memory     {memory}",
    ]
