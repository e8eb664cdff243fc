"""The py-fsrs wrapper: Anki's days, exact learning steps, seeded fuzz, preview == review."""

from __future__ import annotations

import json
import random
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import fsrs
import fsrs.scheduler
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recall import days
from recall.errors import ClockError
from recall.model import Memory
from recall.rating import Rating, State
from recall.scheduling import DEFAULT_PARAMETERS, Scheduler, round_parameters
from recall.settings import Settings

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
ZONES = [UTC, SHANGHAI, BERLIN, NEW_YORK]
NO_FUZZ = Settings(fuzz=False)


def at(zone, *args) -> datetime:
    return datetime(*args, tzinfo=zone)


def review_card(stability=5.0, difficulty=5.0, last_review=None, reps=4, lapses=0) -> Memory:
    last_review = last_review or datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    return Memory(
        state=State.REVIEW,
        stability=stability,
        difficulty=difficulty,
        due=last_review + timedelta(days=5),
        last_review=last_review,
        reps=reps,
        lapses=lapses,
    )


def direct_fsrs(memory: Memory, rating: Rating, elapsed: int, **options) -> fsrs.Card:
    """py-fsrs alone, reviewing `memory` exactly `elapsed` 24-hour days after its last review."""
    scheduler = fsrs.Scheduler(enable_fuzzing=False, **options)
    last = datetime(2026, 1, 1, tzinfo=UTC)
    card = fsrs.Card(
        card_id=1,
        state=fsrs.State[memory.state.value.capitalize()],
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=last,
        last_review=last,
    )
    result, _ = scheduler.review_card(
        card, fsrs.Rating(int(rating)), last + timedelta(days=elapsed)
    )
    return result


# --- new cards and learning steps -------------------------------------------------------------


@pytest.mark.parametrize("zone", ZONES)
def test_new_card_learning_steps_keep_exact_times(zone):
    scheduler = Scheduler(Settings(), tz=zone)
    now = at(zone, 2026, 5, 4, 14, 7, 30)
    outcome = scheduler.preview(Memory(), now, seed="card:0")
    assert outcome[Rating.AGAIN].due == now + timedelta(minutes=1)
    assert outcome[Rating.HARD].due == now + timedelta(minutes=5, seconds=30)
    assert outcome[Rating.GOOD].due == now + timedelta(minutes=10)
    for rating in (Rating.AGAIN, Rating.HARD, Rating.GOOD):
        assert outcome[rating].state is State.LEARNING
    assert outcome[Rating.GOOD].step == 1
    easy = outcome[Rating.EASY]
    assert easy.state is State.REVIEW
    assert easy.due == days.start_of_date(days.scheduling_date(easy.due, 4, zone), 4, zone)
    unfuzzed = Scheduler(NO_FUZZ, tz=zone).review(Memory(), Rating.EASY, now, seed=0)
    assert unfuzzed.due == days.start_of_date(date(2026, 5, 4) + timedelta(days=8), 4, zone)
    for memory in outcome.values():
        assert memory.reps == 1 and memory.lapses == 0
        assert memory.last_review == now and memory.last_review.tzinfo is UTC
        assert memory.due.tzinfo is UTC
    # First answers set py-fsrs's initial stability and difficulty.
    assert outcome[Rating.GOOD].stability == DEFAULT_PARAMETERS[2]


def test_graduating_card_is_due_at_a_day_start():
    scheduler = Scheduler(NO_FUZZ, tz=BERLIN)
    first = scheduler.review(Memory(), Rating.GOOD, at(BERLIN, 2026, 5, 4, 21, 0), seed=1)
    second = scheduler.review(first, Rating.GOOD, first.due, seed=2)
    assert second.state is State.REVIEW
    local_due = second.due.astimezone(BERLIN)
    assert (local_due.hour, local_due.minute) == (4, 0)
    interval = days.elapsed_days(first.due, second.due, 4, BERLIN)
    assert interval == fsrs.Scheduler()._next_interval(stability=second.stability)


def test_learning_step_crossing_the_rollover_waits_for_that_day_start():
    # Anki: a seconds interval reaching past the next day start becomes a days interval.
    scheduler = Scheduler(Settings(), tz=BERLIN)
    now = at(BERLIN, 2026, 5, 5, 3, 55)  # 5 minutes before the 04:00 rollover
    outcome = scheduler.preview(Memory(), now, seed="x:0")
    assert outcome[Rating.AGAIN].due == now + timedelta(minutes=1)  # 03:56, same day: exact
    assert outcome[Rating.HARD].due == at(BERLIN, 2026, 5, 5, 4, 0)  # 04:00:30 → day start
    assert outcome[Rating.GOOD].due == at(BERLIN, 2026, 5, 5, 4, 0)  # 04:05 → day start
    assert outcome[Rating.GOOD].state is State.LEARNING
    assert outcome[Rating.GOOD].step == 1


def test_day_long_learning_steps_land_on_day_starts():
    # Anki: a one-day step answered at 21:30 is due the next scheduling day, from its start.
    scheduler = Scheduler(Settings(learning_steps=("1d", "3d")), tz=SHANGHAI)
    now = at(SHANGHAI, 2026, 5, 5, 21, 30)
    again = scheduler.review(Memory(), Rating.AGAIN, now, seed="d:0")
    assert again.state is State.LEARNING and again.step == 0
    assert again.due == at(SHANGHAI, 2026, 5, 6, 4, 0)
    good = scheduler.review(Memory(), Rating.GOOD, now, seed="d:0")  # on to the 3-day step
    assert good.state is State.LEARNING and good.step == 1
    assert good.due == at(SHANGHAI, 2026, 5, 8, 4, 0)


def test_no_learning_steps_graduates_at_once():
    scheduler = Scheduler(Settings(learning_steps=(), fuzz=False), tz=UTC)
    for rating in Rating:
        memory = scheduler.review(Memory(), rating, at(UTC, 2026, 5, 5, 12, 0), seed=0)
        assert memory.state is State.REVIEW


# --- Anki's elapsed days ----------------------------------------------------------------------


@pytest.mark.parametrize("zone", ZONES)
def test_21h_to_08h_two_calendar_days_later_counts_two_elapsed_days(zone):
    # Learned (graduated) at 21:00, reviewed at 08:00 two calendar days later: 35 hours.
    scheduler = Scheduler(NO_FUZZ, tz=zone)
    learned = at(zone, 2026, 5, 4, 21, 0)
    memory = replace(review_card(stability=3.0, difficulty=5.0), last_review=learned)
    reviewed = at(zone, 2026, 5, 6, 8, 0)
    assert (reviewed - learned).days == 1  # what naive py-fsrs would count
    result = scheduler.review(memory, Rating.GOOD, reviewed, seed="c:4")
    anki = direct_fsrs(memory, Rating.GOOD, elapsed=2)
    naive = direct_fsrs(memory, Rating.GOOD, elapsed=1)
    assert result.stability == pytest.approx(anki.stability, rel=1e-12)
    assert result.difficulty == pytest.approx(anki.difficulty, rel=1e-12)
    assert naive.stability < 0.8 * result.stability  # "about a third too low"
    assert days.elapsed_days(reviewed, result.due, 4, zone) == fsrs.Scheduler()._next_interval(
        stability=anki.stability
    )


def test_elapsed_days_are_scheduling_days_across_a_dst_switch():
    # Berlin 2026-03-29 lasts 23 hours; a review three scheduling days later is three days.
    scheduler = Scheduler(NO_FUZZ, tz=BERLIN)
    last = at(BERLIN, 2026, 3, 27, 23, 30)
    memory = replace(review_card(stability=4.0), last_review=last)
    now = at(BERLIN, 2026, 3, 30, 5, 0)
    result = scheduler.review(memory, Rating.GOOD, now, seed=3)
    assert result.stability == pytest.approx(direct_fsrs(memory, Rating.GOOD, 3).stability)


@pytest.mark.parametrize(
    ("zone", "day"), [(BERLIN, date(2026, 3, 29)), (NEW_YORK, date(2026, 11, 1))]
)
@pytest.mark.parametrize("hour", [0, 4])
def test_review_due_dates_land_on_the_rollover_hour_across_dst(zone, day, hour):
    scheduler = Scheduler(replace(NO_FUZZ, day_starts_at=hour), tz=zone)
    now = days.start_of_date(day, hour, zone) - timedelta(hours=10)
    for stability in (0.5, 1.0, 2.0, 3.5, 8.0, 40.0):
        memory = review_card(stability=stability, last_review=now - timedelta(days=3))
        for rating in (Rating.HARD, Rating.GOOD, Rating.EASY):
            due = scheduler.review(memory, rating, now, seed=0).due.astimezone(zone)
            assert (due.hour, due.minute, due.second) == (hour, 0, 0)


def test_same_day_reviews_use_short_term_stability():
    scheduler = Scheduler(NO_FUZZ, tz=BERLIN)
    memory = replace(review_card(stability=10.0), last_review=at(BERLIN, 2026, 5, 5, 4, 30))
    late = at(BERLIN, 2026, 5, 6, 3, 30)  # 23 h later, same scheduling day
    result = scheduler.review(memory, Rating.GOOD, late, seed=0)
    expected = fsrs.Scheduler()._short_term_stability(stability=10.0, rating=fsrs.Rating.Good)
    assert result.stability == pytest.approx(expected)


# --- bugcase 31: same-day Hard after Good never lowers stability ------------------------------


def test_bugcase_31_same_day_hard_after_good_keeps_stability():
    scheduler = Scheduler(Settings(), tz=UTC)
    t0 = at(UTC, 2026, 5, 5, 9, 0)
    after_good = scheduler.review(Memory(), Rating.GOOD, t0, seed="m:0")
    after_hard = scheduler.review(after_good, Rating.HARD, t0 + timedelta(minutes=10), seed="m:1")
    assert after_hard.stability >= after_good.stability


@pytest.mark.parametrize("state", [State.LEARNING, State.REVIEW, State.RELEARNING])
@pytest.mark.parametrize("stability", [0.1, 0.5, 1.0, 2.3065, 5.0, 30.0, 300.0])
def test_same_day_passing_grades_never_lower_stability(state, stability):
    scheduler = Scheduler(Settings(), tz=UTC)
    t0 = at(UTC, 2026, 5, 5, 9, 0)
    memory = Memory(
        state=state,
        step=None if state is State.REVIEW else 0,
        stability=stability,
        difficulty=6.0,
        due=t0,
        last_review=t0 - timedelta(minutes=30),
        reps=3,
    )
    for rating in (Rating.HARD, Rating.GOOD, Rating.EASY):
        assert scheduler.review(memory, rating, t0, seed=9).stability >= stability


def test_py_fsrs_is_at_least_6_3_2():
    from importlib.metadata import version

    major, minor, patch = (int(x) for x in re.findall(r"\d+", version("fsrs"))[:3])
    assert (major, minor, patch) >= (6, 3, 2)


def test_bugcase_31_scenario_from_the_shared_file(shared):
    text = (shared / "bugcases" / "31-same-day-hard-review.md").read_text("utf-8")
    times = re.findall(r"t\d (\d\d):(\d\d)\s.*?rating (\w+)", text)
    assert [t[2] for t in times] == ["Good", "Hard"]
    scheduler = Scheduler(Settings(), tz=UTC)
    memory, stabilities = Memory(), []
    for index, (hour, minute, grade) in enumerate(times):
        now = at(UTC, 2026, 5, 5, int(hour), int(minute))
        memory = scheduler.review(memory, Rating[grade.upper()], now, seed=f"31:{index}")
        stabilities.append(memory.stability)
    assert stabilities[1] >= stabilities[0]


# --- lapses and relearning --------------------------------------------------------------------


def test_relearning_after_a_lapse():
    scheduler = Scheduler(NO_FUZZ, tz=SHANGHAI)
    memory = review_card(stability=20.0, difficulty=5.0, lapses=1, reps=6)
    memory = replace(memory, last_review=at(SHANGHAI, 2026, 5, 1, 10, 0))
    now = at(SHANGHAI, 2026, 5, 21, 19, 0)
    lapsed = scheduler.review(memory, Rating.AGAIN, now, seed="r:6")
    assert lapsed.state is State.RELEARNING
    assert lapsed.step == 0
    assert lapsed.due == now + timedelta(minutes=10)
    assert lapsed.lapses == 2 and lapsed.reps == 7
    assert lapsed.stability < memory.stability
    assert lapsed.stability == pytest.approx(direct_fsrs(memory, Rating.AGAIN, 20).stability)
    hard = scheduler.review(lapsed, Rating.HARD, lapsed.due, seed="r:7")
    assert hard.state is State.RELEARNING and hard.due == lapsed.due + timedelta(minutes=15)
    relearned = scheduler.review(lapsed, Rating.GOOD, lapsed.due, seed="r:7")
    assert relearned.state is State.REVIEW
    assert relearned.lapses == 2  # a relearning Again or Good is not a new lapse
    assert relearned.due.astimezone(SHANGHAI).hour == 4
    again = scheduler.review(lapsed, Rating.AGAIN, lapsed.due, seed="r:7")
    assert again.state is State.RELEARNING and again.lapses == 2


def test_no_relearning_steps_keeps_a_lapsed_card_in_review():
    scheduler = Scheduler(Settings(relearning_steps=(), fuzz=False), tz=UTC)
    memory = review_card(stability=20.0)
    lapsed = scheduler.review(memory, Rating.AGAIN, at(UTC, 2026, 5, 21, 9), seed=0)
    assert lapsed.state is State.REVIEW and lapsed.lapses == 1
    interval = fsrs.Scheduler()._next_interval(stability=lapsed.stability)
    assert lapsed.due == at(UTC, 2026, 5, 21, 4, 0) + timedelta(days=interval)


# --- fuzz -------------------------------------------------------------------------------------


def test_fuzz_is_seeded_per_card_and_review():
    scheduler = Scheduler(Settings(), tz=UTC)
    memory = review_card(stability=60.0)
    now = at(UTC, 2026, 7, 1, 9)
    same = {scheduler.review(memory, Rating.GOOD, now, seed="abc:4").due for _ in range(5)}
    assert len(same) == 1
    spread = {scheduler.review(memory, Rating.GOOD, now, seed=f"c{i}:4").due for i in range(60)}
    assert len(spread) > 3  # fuzz is on and varies with the seed
    unfuzzed = Scheduler(NO_FUZZ, tz=UTC).review(memory, Rating.GOOD, now, seed=0).due
    assert min(spread) <= unfuzzed <= max(spread)


def test_fuzz_is_py_fsrs_own_fuzz_with_a_private_random_source():
    scheduler = Scheduler(Settings(), tz=UTC)
    now = at(UTC, 2026, 7, 1, 9)
    today = days.scheduling_date(now, 4, UTC)
    for seed in range(40):
        memory = review_card(stability=3.0 + seed * 7.5)
        ours = scheduler.review(memory, Rating.GOOD, now, seed=seed)
        interval = timedelta(days=fsrs.Scheduler()._next_interval(stability=ours.stability))
        with mock.patch.object(fsrs.scheduler, "random", random.Random(seed).random):
            theirs = fsrs.Scheduler()._get_fuzzed_interval(interval=interval)
        assert days.elapsed_days(days.start_of_date(today, 4, UTC), ours.due, 4, UTC) == (
            theirs.days
        )


def test_review_leaves_the_global_random_state_alone():
    scheduler = Scheduler(Settings(), tz=UTC)
    random.seed(1234)
    expected = [random.random() for _ in range(3)]
    random.seed(1234)
    for seed in range(20):
        scheduler.preview(review_card(stability=50.0), at(UTC, 2026, 7, 1, 9), seed=seed)
    assert [random.random() for _ in range(3)] == expected


@settings(max_examples=150, deadline=None)
@given(
    stability=st.floats(0.05, 3000),
    difficulty=st.floats(1, 10),
    elapsed_hours=st.integers(0, 24 * 400),
    seed=st.text(max_size=12),
    state=st.sampled_from([State.NEW, State.LEARNING, State.REVIEW, State.RELEARNING]),
)
def test_preview_equals_review_for_every_rating(stability, difficulty, elapsed_hours, seed, state):
    scheduler = Scheduler(Settings(), tz=BERLIN)
    now = at(BERLIN, 2026, 6, 1, 9, 0)
    memory = (
        Memory()
        if state is State.NEW
        else Memory(
            state=state,
            step=None if state is State.REVIEW else 0,
            stability=stability,
            difficulty=difficulty,
            due=now,
            last_review=now - timedelta(hours=elapsed_hours),
            reps=5,
        )
    )
    preview = scheduler.preview(memory, now, seed=seed)
    assert set(preview) == set(Rating)
    for rating in Rating:
        assert scheduler.review(memory, rating, now, seed=seed) == preview[rating]


# --- settings honoured ------------------------------------------------------------------------


def test_maximum_interval_is_honoured():
    scheduler = Scheduler(Settings(maximum_interval=30), tz=SHANGHAI)
    now = at(SHANGHAI, 2026, 5, 5, 9)
    for seed in range(30):
        for rating in (Rating.HARD, Rating.GOOD, Rating.EASY):
            memory = scheduler.review(review_card(stability=500.0), rating, now, seed=seed)
            assert days.elapsed_days(now, memory.due, 4, SHANGHAI) <= 30


@pytest.mark.parametrize("retention", [0.8, 0.9, 0.95])
def test_desired_retention_is_honoured(retention):
    scheduler = Scheduler(Settings(desired_retention=retention, fuzz=False), tz=UTC)
    now = at(UTC, 2026, 5, 5, 9)
    result = scheduler.review(review_card(stability=10.0), Rating.GOOD, now, seed=0)
    interval = days.elapsed_days(now, result.due, 4, UTC)
    expected = fsrs.Scheduler(desired_retention=retention)._next_interval(
        stability=result.stability
    )
    assert interval == expected
    # At the due day the predicted recall is about the desired retention.
    r = scheduler.retrievability(result, result.due)
    assert r == pytest.approx(retention, abs=0.03)


def test_higher_retention_gives_shorter_intervals():
    now = at(UTC, 2026, 5, 5, 9)
    intervals = []
    for retention in (0.8, 0.9, 0.97):
        scheduler = Scheduler(Settings(desired_retention=retention, fuzz=False), tz=UTC)
        due = scheduler.review(review_card(stability=30.0), Rating.GOOD, now, seed=0).due
        intervals.append(days.elapsed_days(now, due, 4, UTC))
    assert intervals[0] > intervals[1] > intervals[2]


# --- property tests ---------------------------------------------------------------------------

memories = st.builds(
    lambda state, stability, difficulty, hours_ago, step, reps: (
        Memory()
        if state is State.NEW
        else Memory(
            state=state,
            step=None if state is State.REVIEW else step,
            stability=stability,
            difficulty=difficulty,
            due=datetime(2026, 6, 1, tzinfo=UTC),
            last_review=datetime(2026, 6, 1, tzinfo=UTC) - timedelta(hours=hours_ago),
            reps=reps,
        )
    ),
    state=st.sampled_from(list(State)),
    stability=st.floats(0.01, 36500),
    difficulty=st.floats(1, 10),
    hours_ago=st.integers(-48, 24 * 3000),
    step=st.integers(0, 1),
    reps=st.integers(1, 200),
)
instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2080, 1, 1)).map(
    lambda naive: naive.replace(tzinfo=UTC)
)
zones = st.sampled_from(["UTC", "Asia/Shanghai", "Europe/Berlin", "America/New_York"])


@settings(max_examples=300, deadline=None)
@given(memory=memories, now=instants, zone=zones, hour=st.sampled_from([0, 4]), seed=st.integers())
def test_due_is_always_after_now(memory, now, zone, hour, seed):
    scheduler = Scheduler(Settings(day_starts_at=hour), tz=zone)
    for result in scheduler.preview(memory, now, seed=seed).values():
        assert result.due > now
        assert result.last_review == now
        assert result.reps == memory.reps + 1


@settings(max_examples=300, deadline=None)
@given(
    stability=st.floats(0.01, 36500),
    difficulty=st.floats(1, 10),
    days_ago=st.integers(0, 3000),
    now=instants,
    zone=zones,
    seed=st.integers(),
    fuzz=st.booleans(),
)
def test_review_card_intervals_are_monotone_again_hard_good_easy(
    stability, difficulty, days_ago, now, zone, seed, fuzz
):
    scheduler = Scheduler(Settings(fuzz=fuzz), tz=zone)
    memory = replace(
        review_card(stability=stability, difficulty=difficulty),
        last_review=now - timedelta(days=days_ago),
    )
    preview = scheduler.preview(memory, now, seed=seed)
    dues = [preview[rating].due for rating in Rating]
    assert dues == sorted(dues)
    assert preview[Rating.AGAIN].state is State.RELEARNING
    assert all(preview[r].state is State.REVIEW for r in (Rating.HARD, Rating.GOOD, Rating.EASY))


@settings(max_examples=150, deadline=None)
@given(memory=memories, now=instants, zone=zones, seed=st.integers())
def test_intervals_are_monotone_in_every_state(memory, now, zone, seed):
    preview = Scheduler(Settings(), tz=zone).preview(memory, now, seed=seed)
    dues = [preview[rating].due for rating in Rating]
    assert dues == sorted(dues)


# --- retrievability ---------------------------------------------------------------------------


def test_retrievability_of_new_cards_is_zero():
    assert Scheduler(tz=UTC).retrievability(Memory(), at(UTC, 2026, 1, 1)) == 0.0


def test_retrievability_counts_scheduling_days():
    scheduler = Scheduler(tz=BERLIN)
    learned = at(BERLIN, 2026, 5, 4, 21, 0)
    memory = replace(review_card(stability=3.0), last_review=learned)
    assert scheduler.retrievability(memory, at(BERLIN, 2026, 5, 5, 3, 0)) == 1.0
    two_days = scheduler.retrievability(memory, at(BERLIN, 2026, 5, 6, 8, 0))
    card = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=3.0, difficulty=5.0)
    card.last_review = datetime(2026, 1, 1, tzinfo=UTC)
    expected = fsrs.Scheduler().get_card_retrievability(card, datetime(2026, 1, 3, tzinfo=UTC))
    assert two_days == pytest.approx(expected)
    values = [
        scheduler.retrievability(memory, learned + timedelta(days=n)) for n in range(0, 60, 5)
    ]
    assert values == sorted(values, reverse=True)
    assert 0.0 < values[-1] < values[0] <= 1.0


def test_retrievability_at_stability_days_is_ninety_percent():
    scheduler = Scheduler(tz=UTC)
    memory = replace(review_card(stability=10.0), last_review=at(UTC, 2026, 5, 1, 12))
    assert scheduler.retrievability(memory, at(UTC, 2026, 5, 11, 12)) == pytest.approx(0.9)


# --- parameters -------------------------------------------------------------------------------


def test_float32_parameters_from_fsrs_rs_are_rounded_for_py_fsrs():
    import fsrs_rs_python

    fitted = list(fsrs_rs_python.DEFAULT_PARAMETERS)
    assert fitted != list(DEFAULT_PARAMETERS)  # float32 noise
    assert round_parameters(fitted) == DEFAULT_PARAMETERS
    fitted[20] = 0.800000011920929  # a float32 0.8: py-fsrs alone rejects it
    with pytest.raises(ValueError):
        fsrs.Scheduler(parameters=fitted)
    assert Scheduler(parameters=fitted).parameters[20] == 0.8


def test_custom_parameters_change_the_schedule():
    custom = list(DEFAULT_PARAMETERS)
    custom[2] = 5.0  # initial stability after Good
    scheduler = Scheduler(NO_FUZZ, parameters=custom, tz=UTC)
    memory = scheduler.review(Memory(), Rating.GOOD, at(UTC, 2026, 5, 5, 9), seed=0)
    assert memory.stability == 5.0


@pytest.mark.parametrize(
    "parameters",
    [DEFAULT_PARAMETERS[:20], (*DEFAULT_PARAMETERS, 0.1), (float("nan"),) * 21, ("x",) * 21],
)
def test_bad_parameters_are_refused(parameters):
    with pytest.raises(ValueError, match="parameter"):
        Scheduler(parameters=parameters)


def test_out_of_bounds_parameters_are_clamped_to_py_fsrs_bounds():
    values = list(DEFAULT_PARAMETERS)
    values[4] = 12.0  # upper bound 10
    values[0] = 0.0  # lower bound 0.001
    assert Scheduler(parameters=values).parameters[4] == 10.0
    assert Scheduler(parameters=values).parameters[0] == 0.001


# --- JSON -------------------------------------------------------------------------------------


def test_scheduler_json_round_trip():
    settings_ = Settings(
        desired_retention=0.85,
        learning_steps=("30s", "15m", "2h"),
        relearning_steps=("5m",),
        maximum_interval=400,
        day_starts_at=2,
        fuzz=True,
    )
    custom = list(DEFAULT_PARAMETERS)
    custom[3] = 9.1234
    original = Scheduler(settings_, parameters=custom, tz=SHANGHAI)
    text = original.to_json()
    data = json.loads(text)
    assert data["day_starts_at"] == 2 and data["learning_steps"] == [30, 900, 7200]
    copy = Scheduler.from_json(text, tz=SHANGHAI)
    assert copy.parameters == original.parameters
    assert copy.settings.desired_retention == 0.85
    assert copy.settings.learning_step_durations == settings_.learning_step_durations
    assert copy.day_starts_at == 2
    now = at(SHANGHAI, 2026, 5, 5, 1, 0)
    for memory in (Memory(), review_card(stability=12.0)):
        assert copy.preview(memory, now, seed="j") == original.preview(memory, now, seed="j")
    # py-fsrs reads it too.
    theirs = fsrs.Scheduler.from_json(text)
    assert tuple(theirs.parameters) == original.parameters
    assert theirs.maximum_interval == 400


def test_from_json_keeps_other_settings_and_reads_py_fsrs_json():
    text = fsrs.Scheduler(desired_retention=0.93).to_json()
    scheduler = Scheduler.from_json(text, settings=Settings(new_per_day=7, day_starts_at=5))
    assert scheduler.settings.new_per_day == 7
    assert scheduler.day_starts_at == 5
    assert scheduler.settings.desired_retention == 0.93


@pytest.mark.parametrize("text", ["", "[]", "{}", '{"parameters": 3}', "not json"])
def test_from_json_refuses_other_text(text):
    with pytest.raises(ValueError, match="scheduler"):
        Scheduler.from_json(text)


# --- bad input --------------------------------------------------------------------------------


def test_bugcase_28_naive_values_raise_clock_error_never_type_error():
    scheduler = Scheduler(tz=UTC)
    legacy_due = datetime.fromisoformat("2024-09-21 08:00:00")  # an old row without offset
    now = datetime.fromisoformat("2024-09-21T09:15:00+07:00")
    memory = replace(review_card(), due=legacy_due)
    with pytest.raises(ClockError, match="naive"):
        scheduler.review(memory, Rating.GOOD, now, seed=0)
    with pytest.raises(ClockError, match="naive"):
        scheduler.review(replace(review_card(), last_review=legacy_due), Rating.GOOD, now, seed=0)
    with pytest.raises(ClockError, match="naive"):
        scheduler.review(review_card(), Rating.GOOD, now.replace(tzinfo=None), seed=0)
    with pytest.raises(ClockError, match="naive"):
        scheduler.preview(Memory(), now.replace(tzinfo=None), seed=0)
    with pytest.raises(ClockError, match="naive"):
        scheduler.retrievability(review_card(), now.replace(tzinfo=None))
    # Normalised to UTC on load (the store's job), the same value schedules normally.
    fixed = replace(memory, due=legacy_due.replace(tzinfo=UTC))
    assert scheduler.review(fixed, Rating.GOOD, now, seed=0).due > now


def test_any_aware_offset_gives_the_same_result():
    scheduler = Scheduler(tz=SHANGHAI)
    now_utc = at(UTC, 2026, 5, 5, 1, 0)
    memory = review_card(stability=9.0)
    base = scheduler.preview(memory, now_utc, seed="o")
    for zone in (SHANGHAI, BERLIN, NEW_YORK, ZoneInfo("UTC")):
        assert scheduler.preview(memory, now_utc.astimezone(zone), seed="o") == base


def test_ratings_may_be_given_as_keys():
    scheduler = Scheduler(tz=UTC)
    now = at(UTC, 2026, 5, 5, 9)
    assert scheduler.review(Memory(), 3, now, seed=0) == scheduler.review(
        Memory(), Rating.GOOD, now, seed=0
    )
    with pytest.raises(ValueError):
        scheduler.review(Memory(), 5, now, seed=0)


def test_states_given_as_plain_text_work_like_the_enum():
    scheduler = Scheduler(tz=UTC)
    now = at(UTC, 2026, 5, 21, 9)
    memory = review_card(stability=20.0)
    as_text = replace(memory, state="review")
    assert scheduler.preview(as_text, now, seed=1) == scheduler.preview(memory, now, seed=1)
    assert scheduler.review(as_text, Rating.AGAIN, now, seed=1).lapses == memory.lapses + 1
    assert scheduler.review(replace(Memory(), state="new"), 3, now, seed=1).reps == 1


def test_seed_must_be_text_or_a_number():
    with pytest.raises(TypeError):
        Scheduler(tz=UTC).review(Memory(), Rating.GOOD, at(UTC, 2026, 5, 5), seed=None)


def test_started_card_without_stability_is_refused():
    broken = Memory(state=State.REVIEW, due=at(UTC, 2026, 5, 5), last_review=at(UTC, 2026, 5, 1))
    with pytest.raises(ValueError, match="stability"):
        Scheduler(tz=UTC).review(broken, Rating.GOOD, at(UTC, 2026, 5, 5), seed=0)


def test_scheduler_uses_the_process_zone_by_default(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    scheduler = Scheduler(NO_FUZZ)
    result = scheduler.review(review_card(), Rating.GOOD, at(UTC, 2026, 5, 5, 1), seed=0)
    local_due = result.due.astimezone(SHANGHAI)
    assert (local_due.hour, local_due.minute) == (4, 0)
