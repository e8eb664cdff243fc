"""Training items, the held-out split and the fit of recall.optimize (fsrs-rs in a child process)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from recall.model import Memory, ReviewLog
from recall.optimize import (
    MIN_TRAINING_ITEMS,
    FitFailed,
    NotEnoughHistory,
    TrainingItem,
    fit,
    split_by_card,
    training_items,
)
from recall.rating import Rating, State
from recall.scheduling import DEFAULT_PARAMETERS, round_parameters
from tests.optimize.learner import SLOW_LEARNER, simulate

A, H, G, E = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY


def row(n: int, card: str, rating: Rating, when: datetime, before: State) -> ReviewLog:
    return ReviewLog(n, card, rating, when, 5000, Memory(state=before), Memory())


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Day `day` of November 2026 at hour:minute UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def test_items_carry_history_and_skip_same_day_targets():
    log = [
        row(1, "x", G, at(1, 10), State.NEW),
        row(2, "x", G, at(1, 10, 10), State.LEARNING),  # same day: history only
        row(3, "x", G, at(3, 9), State.REVIEW),
        row(4, "x", A, at(6, 9), State.REVIEW),
        row(5, "x", G, at(6, 9, 10), State.RELEARNING),  # same day: history only
        row(6, "x", H, at(10, 20), State.REVIEW),
    ]
    items = training_items(log, day_starts_at=4, tz=UTC)
    assert [item.reviews for item in items] == [
        ((3, 0), (3, 0), (3, 2)),
        ((3, 0), (3, 0), (3, 2), (1, 3)),
        ((3, 0), (3, 0), (3, 2), (1, 3), (3, 0), (2, 4)),
    ]
    assert [item.reviewed_at for item in items] == [at(3, 9), at(6, 9), at(10, 20)]
    assert {item.card_id for item in items} == {"x"}


def test_delta_t_counts_scheduling_days_not_24_hour_periods():
    # 21:00 then 08:00 two calendar days later: 35 hours, but 2 scheduling days (SPEC §5).
    log = [
        row(1, "x", G, at(1, 21), State.NEW),
        row(2, "x", G, at(3, 8), State.REVIEW),
        # 03:00 is still the previous scheduling day with the rollover at 04:00.
        row(3, "x", G, at(5, 3), State.REVIEW),
        row(4, "x", G, at(5, 5), State.REVIEW),
    ]
    items = training_items(log, day_starts_at=4, tz=UTC)
    assert [item.reviews[-1] for item in items] == [(3, 2), (3, 1), (3, 1)]


def test_delta_t_uses_the_local_zone():
    log = [
        row(1, "x", G, at(1, 15), State.NEW),  # Shanghai (UTC+8): Nov 1, 23:00
        row(2, "x", G, at(2, 1), State.REVIEW),  # Nov 2, 09:00 local; UTC: still Nov 1's day
        row(3, "x", G, at(2, 21), State.REVIEW),  # Nov 3, 05:00 local; UTC: Nov 2, 21:00
    ]
    shanghai = training_items(log, day_starts_at=4, tz="Asia/Shanghai")
    assert [item.reviews for item in shanghai] == [((3, 0), (3, 1)), ((3, 0), (3, 1), (3, 1))]
    utc = training_items(log, day_starts_at=4, tz=UTC)
    assert [item.reviews for item in utc] == [((3, 0), (3, 0), (3, 1))]


def test_incomplete_and_reset_histories():
    log = [
        # y was never seen new: its history is incomplete, no item.
        row(1, "y", G, at(1, 9), State.REVIEW),
        row(2, "y", G, at(5, 9), State.REVIEW),
        # z starts over from new on day 4: the earlier reviews are not its history any more.
        row(3, "z", G, at(1, 9), State.NEW),
        row(4, "z", A, at(3, 9), State.REVIEW),
        row(5, "z", E, at(4, 9), State.NEW),
        row(6, "z", G, at(8, 9), State.REVIEW),
    ]
    items = training_items(reversed(log), day_starts_at=4, tz=UTC)
    assert [(i.card_id, i.reviews) for i in items] == [
        ("z", ((3, 0), (1, 2))),
        ("z", ((4, 0), (3, 4))),
    ]


def test_items_are_sorted_by_time_across_cards():
    log = simulate(cards=60, days=60, seed=3, new_per_day=5)
    items = training_items(log, day_starts_at=4, tz=UTC)
    assert len(items) > 100
    assert [i.reviewed_at for i in items] == sorted(i.reviewed_at for i in items)
    assert all(i.reviews[-1][1] >= 1 for i in items)
    assert all(i.reviews[0][1] == 0 for i in items)


def test_split_is_by_card_seeded_and_about_a_fifth():
    items = [
        TrainingItem(f"c{n % 50}", at(1, 9) + timedelta(minutes=n), ((3, 0), (3, 1)))
        for n in range(500)
    ]
    train, test = split_by_card(items)
    assert len(train) + len(test) == 500
    assert {i.card_id for i in train}.isdisjoint({i.card_id for i in test})
    assert len({i.card_id for i in test}) == 10
    assert split_by_card(items) == (train, test)
    assert split_by_card(items, seed=7) != (train, test)
    # Input order kept on each side.
    assert train == sorted(train, key=lambda i: i.reviewed_at)


def test_split_keeps_a_card_on_each_side():
    items = [TrainingItem(c, at(1, 9), ((3, 0), (3, 1))) for c in ("a", "b")]
    train, test = split_by_card(items)
    assert len(train) == 1 and len(test) == 1


def test_too_little_history_is_refused_with_the_numbers():
    log = simulate(cards=20, days=30, seed=1, new_per_day=5)
    n_items = len(training_items(log, day_starts_at=4, tz=UTC))
    assert n_items < MIN_TRAINING_ITEMS
    with pytest.raises(NotEnoughHistory) as caught:
        fit(log, DEFAULT_PARAMETERS, tz=UTC)
    message = str(caught.value)
    assert f"{n_items} reviews" in message
    assert f"{MIN_TRAINING_ITEMS} needed" in message
    assert f"{len(log)} reviews in all" in message
    assert "\n" not in message


@pytest.fixture(scope="module")
def slow_learner_log() -> list[ReviewLog]:
    """A year of a learner whose true parameters are far from the defaults, scheduled by the defaults."""
    return simulate(SLOW_LEARNER, cards=1000, days=365, seed=11, new_per_day=10)


def test_fit_lowers_held_out_log_loss_of_a_simulated_learner(slow_learner_log):
    result = fit(slow_learner_log, DEFAULT_PARAMETERS, tz=UTC)
    assert result.items >= MIN_TRAINING_ITEMS
    assert result.train_items + result.test_items == result.items
    assert result.test_cards == 200 and result.train_cards == 800
    assert result.better
    assert result.fitted_eval.log_loss < result.current_eval.log_loss - 0.01
    assert result.fitted_eval.rmse_bins < result.current_eval.rmse_bins
    # The fit moves towards the learner's weaker memory: lower initial stability after Good.
    assert result.fitted[2] < DEFAULT_PARAMETERS[2] / 2
    # Parameters come back as py-fsrs takes them (rounded, inside its bounds).
    assert result.fitted == round_parameters(result.fitted)
    assert result.current == tuple(DEFAULT_PARAMETERS)


def test_true_parameters_are_not_beaten_by_much(slow_learner_log):
    """The evaluation is honest: the learner's true parameters score about as well as the fit."""
    result = fit(slow_learner_log, round_parameters(SLOW_LEARNER), tz=UTC)
    assert abs(result.fitted_eval.log_loss - result.current_eval.log_loss) < 0.01


def test_fit_in_process_gives_the_same_figures(slow_learner_log):
    child = fit(slow_learner_log[:6000], DEFAULT_PARAMETERS, tz=UTC)
    here = fit(slow_learner_log[:6000], DEFAULT_PARAMETERS, tz=UTC, in_process=True)
    assert child.fitted == here.fitted
    # fsrs-rs's evaluation varies in the seventh digit from run to run.
    assert child.fitted_eval.log_loss == pytest.approx(here.fitted_eval.log_loss, rel=1e-5)
    assert child.fitted_eval.rmse_bins == pytest.approx(here.fitted_eval.rmse_bins, rel=1e-4)
    assert child.to_dict()["fitted"]["parameters"] == list(here.fitted)


def test_a_failing_fit_is_one_clear_error(slow_learner_log):
    """An error inside the fit process comes back as FitFailed with fsrs-rs's message."""
    with pytest.raises(FitFailed) as caught:
        fit(slow_learner_log[:3000], [0.5] * 5, tz=UTC)
    assert str(caught.value).startswith("the FSRS fit failed: ")
    assert "InvalidParameters" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_the_same_parameters_are_never_better(slow_learner_log):
    first = fit(slow_learner_log[:6000], DEFAULT_PARAMETERS, tz=UTC)
    again = fit(slow_learner_log[:6000], first.fitted, tz=UTC)
    assert again.fitted == first.fitted == again.current
    assert not again.better
