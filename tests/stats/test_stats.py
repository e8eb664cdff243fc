"""recall.stats on a hand-built history whose figures are worked out by hand."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from recall.model import Card, Memory, ReviewLog, SourceRef
from recall.rating import Rating, State, Status
from recall.scheduling import DEFAULT_PARAMETERS, Scheduler
from recall.settings import Settings
from recall.stats import FORECAST_DAYS, HISTORY_DAYS, compute, describe, history_start

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)  # today is 2026-11-29 (rollover 04:00, UTC)
A, H, G, E = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def card(
    card_id: str,
    state: State,
    *,
    status: Status = Status.ACTIVE,
    stability: float | None = None,
    due: datetime | None = None,
    last: datetime | None = None,
    buried_until: datetime | None = None,
    deck: str = "Main",
) -> Card:
    return Card(
        id=card_id,
        key=card_id,
        deck=deck,
        context=(),
        question=f"{card_id}?",
        answer="-",
        kind="label",
        tags=(),
        source=SourceRef("log.md", 1, 1),
        status=status,
        buried_until=buried_until,
        memory=Memory(
            state=state,
            stability=stability,
            difficulty=None if stability is None else 5.0,
            due=due,
            last_review=last,
        ),
    )


CARDS = [
    card("a", State.REVIEW, stability=10.0, due=utc(2026, 12, 1, 5), last=utc(2026, 11, 28, 9)),
    card("b", State.REVIEW, stability=20.0, due=utc(2026, 11, 20, 4), last=utc(2026, 11, 29, 5)),
    card("c", State.LEARNING, stability=1.0, due=utc(2026, 11, 29, 10, 10), last=utc(2026, 11, 29, 6)),
    card("d", State.NEW),
    card("e", State.REVIEW, status=Status.SUSPENDED, stability=3.0, due=utc(2026, 11, 29, 4)),
    card("f", State.REVIEW, status=Status.ORPHANED, stability=3.0, due=utc(2026, 11, 29, 4)),
    card(
        "g",
        State.RELEARNING,
        stability=5.0,
        due=utc(2026, 11, 29, 4),
        last=utc(2026, 11, 10, 9),
        buried_until=utc(2026, 11, 30, 4),
    ),
    card("h", State.REVIEW, stability=40.0, due=utc(2027, 2, 1, 4), last=utc(2026, 6, 1, 9)),
    card("x", State.REVIEW, stability=7.0, due=utc(2026, 12, 2, 4), last=utc(2026, 11, 2, 9), deck="Other"),
]  # fmt: skip


def review(n: int, card_id: str, rating: Rating, when: datetime, before: State) -> ReviewLog:
    return ReviewLog(n, card_id, rating, when, 4000, Memory(state=before), Memory())


REVIEWS = [
    review(1, "h", G, utc(2025, 11, 29, 9), State.REVIEW),  # 365 days back: outside every window
    review(2, "h", G, utc(2026, 6, 1, 9), State.REVIEW),  # in 365
    review(3, "g", A, utc(2026, 11, 10, 9), State.REVIEW),  # in 30
    review(4, "b", E, utc(2026, 11, 25, 9), State.REVIEW),  # in 7
    review(5, "a", A, utc(2026, 11, 27, 9), State.REVIEW),
    review(6, "a", G, utc(2026, 11, 28, 9), State.REVIEW),
    review(7, "c", G, utc(2026, 11, 29, 3), State.NEW),  # 03:00: still Nov 28's day
    review(8, "b", H, utc(2026, 11, 29, 5), State.REVIEW),  # today
    review(9, "c", A, utc(2026, 11, 29, 6), State.LEARNING),  # a step: not in retention
    review(10, "x", A, utc(2026, 11, 29, 7), State.REVIEW),  # deck Other
]


@pytest.fixture
def scheduler() -> Scheduler:
    return Scheduler(Settings(), tz=UTC)


@pytest.fixture
def stats(scheduler):
    return compute(CARDS, REVIEWS, scheduler, NOW, deck="Main")


def test_today_is_the_scheduling_date(stats):
    assert stats.today == date(2026, 11, 29)
    assert stats.deck == "Main"


def test_cards_by_state(stats):
    assert stats.cards == {
        "new": 1,
        "learning": 1,
        "review": 3,
        "relearning": 1,
        "suspended": 1,
        "orphaned": 1,
        "total": 8,
    }


def test_true_retention_windows(stats):
    by_days = {w.days: w for w in stats.retention}
    # 7 days (Nov 23-29): b Easy, a Again, a Good, b Hard → 3 of 4 passed.
    assert (by_days[7].passed, by_days[7].reviews, by_days[7].rate) == (3, 4, 0.75)
    # 30 days (Oct 31-Nov 29): + g Again → 3 of 5.
    assert (by_days[30].passed, by_days[30].reviews) == (3, 5)
    # 365 days (Nov 30, 2025-Nov 29, 2026): + h Good in June → 4 of 6; a year ago is out.
    assert (by_days[365].passed, by_days[365].reviews) == (4, 6)


def test_reviews_per_day(stats):
    per_day = dict(stats.reviews_per_day)
    assert len(stats.reviews_per_day) == HISTORY_DAYS
    assert stats.reviews_per_day[0][0] == date(2026, 10, 31)
    assert stats.reviews_per_day[-1][0] == date(2026, 11, 29)
    assert per_day[date(2026, 11, 29)] == 2  # b Hard, c Again (x is deck Other)
    assert per_day[date(2026, 11, 28)] == 2  # a Good, c Good at 03:00
    assert per_day[date(2026, 11, 27)] == 1
    assert per_day[date(2026, 11, 25)] == 1
    assert per_day[date(2026, 11, 10)] == 1
    assert stats.reviews_total == 7


def test_forecast_by_scheduling_day(stats):
    assert len(stats.forecast) == FORECAST_DAYS
    assert stats.forecast[0][0] == date(2026, 11, 29)
    due = dict(stats.forecast)
    assert due[date(2026, 11, 29)] == 2  # b overdue, c learning later today
    assert due[date(2026, 11, 30)] == 1  # g, buried until tomorrow
    assert due[date(2026, 12, 1)] == 1  # a (05:00 is after the rollover)
    assert sum(due.values()) == 4  # h is beyond 30 days; d new; e suspended; f orphaned


def test_average_stability_and_retrievability(stats):
    # Active cards studied: a 10, b 20, c 1, g 5, h 40 days.
    assert stats.average_stability == pytest.approx((10 + 20 + 1 + 5 + 40) / 5)
    decay = -DEFAULT_PARAMETERS[20]
    factor = 0.9 ** (1 / decay) - 1

    def r(elapsed_days: int, stability: float) -> float:
        return (1 + factor * elapsed_days / stability) ** decay

    # Elapsed scheduling days from the last review to today (Nov 29).
    expected = (r(1, 10) + r(0, 20) + r(0, 1) + r(19, 5) + r(181, 40)) / 5
    assert stats.average_retrievability == pytest.approx(expected, rel=1e-6)


def test_all_decks(scheduler):
    stats = compute(CARDS, REVIEWS, scheduler, NOW)
    assert stats.deck is None
    assert stats.cards["total"] == 9 and stats.cards["review"] == 4
    by_days = {w.days: w for w in stats.retention}
    assert (by_days[7].passed, by_days[7].reviews) == (3, 5)  # x Again today
    assert dict(stats.reviews_per_day)[date(2026, 11, 29)] == 3


def test_the_local_zone_decides_the_days():
    # Shanghai (UTC+8): Nov 28, 20:30 UTC is Nov 29, 04:30 local, already today.
    shanghai = Scheduler(Settings(), tz="Asia/Shanghai")
    when = utc(2026, 11, 28, 20, 30)
    stats = compute([], [review(1, "a", G, when, State.REVIEW)], shanghai, NOW)
    assert stats.today == date(2026, 11, 29)
    assert dict(stats.reviews_per_day)[date(2026, 11, 29)] == 1
    in_utc = compute([], [review(1, "a", G, when, State.REVIEW)], Scheduler(tz=UTC), NOW)
    assert dict(in_utc.reviews_per_day)[date(2026, 11, 28)] == 1


def test_rollover_hour_from_settings():
    late = Scheduler(Settings(day_starts_at=8), tz=UTC)
    stats = compute([], [review(1, "a", G, utc(2026, 11, 29, 7), State.REVIEW)], late, NOW)
    assert dict(stats.reviews_per_day)[date(2026, 11, 28)] == 1


def test_empty_collection(scheduler):
    stats = compute([], [], scheduler, NOW)
    assert stats.cards["total"] == 0
    assert all(w.reviews == 0 and w.rate is None for w in stats.retention)
    assert stats.average_stability is None and stats.average_retrievability is None
    assert sum(n for _, n in stats.forecast) == 0
    assert "no card studied yet" in "\n".join(describe(stats))


def test_json_shape(stats):
    data = json.loads(json.dumps(stats.to_dict()))
    assert set(data) == {
        "deck",
        "now",
        "today",
        "cards",
        "reviews_per_day",
        "reviews_last_30_days",
        "true_retention",
        "average_stability_days",
        "average_retrievability",
        "forecast",
    }
    assert data["today"] == "2026-11-29"
    assert data["now"] == "2026-11-29T10:00:00+00:00"
    assert data["true_retention"][0] == {"days": 7, "reviews": 4, "passed": 3, "retention": 0.75}
    assert data["reviews_per_day"][-1] == {"date": "2026-11-29", "reviews": 2}
    assert data["forecast"][0] == {"date": "2026-11-29", "due": 2}
    assert data["reviews_last_30_days"] == 7


def test_describe_fits_80_columns(stats):
    lines = describe(stats)
    assert all(len(line) <= 80 for line in lines)
    text = "\n".join(lines)
    assert "75.0% in the last 7 days (3 of 4" in text
    assert "8: 1 new · 1 learning · 3 review · 1 relearning" in text


def test_naive_now_is_refused(scheduler):
    from recall.errors import ClockError

    with pytest.raises(ClockError):
        compute(CARDS, REVIEWS, scheduler, NOW.replace(tzinfo=None))


def test_reviews_in_the_future_are_not_counted(scheduler):
    later = NOW + timedelta(days=2)
    stats = compute([], [review(1, "a", G, later, State.REVIEW)], scheduler, NOW)
    assert stats.reviews_total == 0


def test_describe_compact_is_three_lines(stats):
    lines = describe(stats, compact=True)
    assert len(lines) == 3
    assert all(len(line) <= 80 for line in lines)
    assert lines[2] == "Retention  7 days 75.0% (3/4) · 30 days 60.0% · 365 days 66.7%"
    assert "1 susp. · 1 orph." in lines[0]


def test_forgetting_curve_matches_the_scheduler():
    """stats computes retrievability directly; it must equal Scheduler.retrievability."""
    from recall.stats import forgetting_curve

    for parameters in (DEFAULT_PARAMETERS, (*DEFAULT_PARAMETERS[:20], 0.5)):
        scheduler = Scheduler(Settings(), parameters, tz="Europe/Berlin")
        curve = forgetting_curve(scheduler.parameters)
        for days_back, stability in ((0, 1.0), (1, 0.3), (3, 2.5), (40, 10.0), (400, 90.0)):
            last = NOW - timedelta(days=days_back, hours=5)
            memory = Memory(
                state=State.REVIEW, stability=stability, difficulty=5.0, last_review=last
            )
            elapsed = (scheduler.scheduling_date(NOW) - scheduler.scheduling_date(last)).days
            assert curve(elapsed, stability) == pytest.approx(
                scheduler.retrievability(memory, NOW), rel=1e-9
            )


def test_history_start_is_the_first_instant_counted(scheduler):
    start = history_start(scheduler, NOW)
    assert start == utc(2025, 11, 30, 4)  # 365 scheduling days ending today, from 04:00
    recent = [r for r in REVIEWS if r.reviewed_at >= start]
    assert [r.id for r in REVIEWS if r not in recent] == [1]  # 365 days back: in no window
    assert compute(CARDS, recent, scheduler, NOW) == compute(CARDS, REVIEWS, scheduler, NOW)


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York"])
def test_reviews_before_history_start_change_no_figure(zone):
    """Reading the log from `history_start` (as `recall stats` does) gives the same figures."""
    scheduler = Scheduler(Settings(), tz=zone)
    start = history_start(scheduler, NOW)
    assert start.tzinfo is not None
    assert start.astimezone(ZoneInfo(zone)).hour == 4
    edge = [
        review(20, "a", A, start - timedelta(microseconds=1), State.REVIEW),
        review(21, "a", G, start, State.REVIEW),
    ]
    full = [*REVIEWS, *edge]
    recent = [r for r in full if r.reviewed_at >= start]
    assert 21 in [r.id for r in recent] and 20 not in [r.id for r in recent]
    assert compute(CARDS, recent, scheduler, NOW) == compute(CARDS, full, scheduler, NOW)
    assert compute(CARDS, recent, scheduler, NOW).retention[-1].reviews == sum(
        1 for r in recent if r.before.state == State.REVIEW and r.reviewed_at <= NOW
    )
