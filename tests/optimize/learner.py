"""A simulated learner: answers drawn from the FSRS model with known true parameters.

`Learner` holds each card's true memory (FSRS-6 with `true_parameters`, computed by fsrs-rs) and
answers with the probability of recall that memory gives, from a seeded random generator. It can
study a real collection (`study`), or `simulate` writes a review log directly, scheduled by
fsrs-rs with other parameters (the defaults, as for a new user) and with recall's default learning
and relearning steps (1m 10m; 10m). The same arguments always give the same log.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

from recall.model import Memory, ReviewLog
from recall.rating import Rating, State

# A learner who forgets much faster than FSRS-6's average user: low initial stabilities, small
# gains from a success, and a steeper forgetting curve (decay w20).
SLOW_LEARNER = (
    0.05, 0.15, 0.45, 1.6,  # initial stability for Again/Hard/Good/Easy, days
    7.2, 0.6, 2.6, 0.02,  # difficulty
    1.0, 0.3, 0.9,  # stability after a success
    1.9, 0.09, 0.3, 1.4,  # stability after a lapse
    0.5, 2.2,  # hard penalty, easy bonus
    0.5, 0.1, 0.07,  # short-term (same-day) stability
    0.5,  # decay
)  # fmt: skip

FIRST_RATINGS = (0.15, 0.1, 0.6, 0.15)  # Again, Hard, Good, Easy on a card's first review
PASS_RATINGS = (0.12, 0.78, 0.10)  # Hard, Good, Easy when the answer is recalled

START = datetime(2024, 1, 1, tzinfo=UTC)


def recall_probability(parameters, stability: float, days: float) -> float:
    """FSRS-6 forgetting curve: probability of recall `days` after a review."""
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return (1 + factor * days / stability) ** decay


class Learner:
    """Answers like a person whose memory follows FSRS-6 with `true_parameters`.

    Args:
        true_parameters: the learner's 21 FSRS-6 weights.
        seed: seed of the answers.
    """

    def __init__(self, true_parameters=SLOW_LEARNER, *, seed: int = 0) -> None:
        self.parameters = tuple(true_parameters)
        self.model = FSRS(list(true_parameters))
        self.rng = random.Random(seed)
        self.memory: dict[str, object] = {}  # card id → fsrs-rs MemoryState
        self.last_day: dict[str, int] = {}

    def answer(self, card_id: str, day: int, *, step: bool = False) -> Rating:
        """The rating for `card_id` shown on (scheduling) day number `day`.

        A card never seen gets a first rating; a learning or relearning step (`step`) is
        answered Good; otherwise the answer is recalled with the true probability of recall
        (Hard/Good/Easy) or not (Again). The true memory is updated with the rating.
        """
        state = self.memory.get(card_id)
        elapsed = 0 if state is None else day - self.last_day[card_id]
        if state is None:
            rating = Rating(self.rng.choices(range(1, 5), FIRST_RATINGS)[0])
        elif step:
            rating = Rating.GOOD
        elif self.rng.random() < recall_probability(self.parameters, state.stability, elapsed):
            rating = Rating(self.rng.choices((2, 3, 4), PASS_RATINGS)[0])
        else:
            rating = Rating.AGAIN
        states = self.model.next_states(state, 0.9, elapsed)
        self.memory[card_id] = getattr(states, rating.name.lower()).memory
        self.last_day[card_id] = day
        return rating


# --- a review log written directly -------------------------------------------------------------

_STEPS = {Rating.AGAIN: [1, 10], Rating.HARD: [6, 10], Rating.GOOD: [10], Rating.EASY: []}
"""Minutes to each further learning step after a first rating (recall's 1m 10m steps)."""


class _Log:
    """Schedules cards with fsrs-rs (scheduler parameters) and records the learner's answers."""

    def __init__(self, learner: Learner, scheduler_parameters, rng: random.Random) -> None:
        self.learner = learner
        self.scheduler = FSRS(list(scheduler_parameters))
        self.rng = rng
        self.rows: list[ReviewLog] = []
        self.shown: dict[str, object] = {}
        self.state: dict[str, State] = {}
        self.reps: dict[str, int] = {}

    def _memory(self, card_id: str, when: datetime | None, due: datetime | None) -> Memory:
        shown = self.shown.get(card_id)
        return Memory(
            state=self.state.get(card_id, State.NEW),
            stability=None if shown is None else shown.stability,
            difficulty=None if shown is None else shown.difficulty,
            due=due,
            last_review=when,
            reps=self.reps.get(card_id, 0),
        )

    def review(
        self, card_id: str, day: int, when: datetime, elapsed: int, *, step: bool, after: State
    ) -> tuple[Rating, int]:
        """One answer; returns the rating and the scheduler's interval in whole days (≥ 1)."""
        before = self._memory(card_id, when, when)
        rating = self.learner.answer(card_id, day, step=step)
        chosen = getattr(
            self.scheduler.next_states(self.shown.get(card_id), 0.9, elapsed), rating.name.lower()
        )
        self.shown[card_id] = chosen.memory
        self.reps[card_id] = self.reps.get(card_id, 0) + 1
        if after is State.REVIEW and rating is Rating.AGAIN and not step:
            after = State.RELEARNING
        self.state[card_id] = after
        days = max(1, round(chosen.interval))
        self.rows.append(
            ReviewLog(
                id=len(self.rows) + 1,
                card_id=card_id,
                rating=rating,
                reviewed_at=when,
                duration_ms=self.rng.randint(2000, 15000),
                before=before,
                after=self._memory(card_id, when, when + timedelta(days=days)),
            )
        )
        return rating, days


def simulate(
    true_parameters=SLOW_LEARNER,
    *,
    cards: int,
    days: int,
    seed: int,
    new_per_day: int = 20,
    scheduler_parameters=DEFAULT_PARAMETERS,
    max_reviews: int | None = None,
    start: datetime = START,
) -> list[ReviewLog]:
    """Review logs of `cards` cards introduced `new_per_day` a day and reviewed when due for `days` days.

    Reviews happen between 08:00 and 17:00 UTC (one scheduling day per calendar day for
    `day_starts_at` 4 in UTC). Card ids are ``sim-00000``, ``sim-00001``, ...

    Returns:
        The log oldest first, cut to the first `max_reviews` rows when given (ids renumbered).
    """
    rng = random.Random(seed)
    log = _Log(Learner(true_parameters, seed=seed), scheduler_parameters, rng)
    for n in range(min(cards, days * new_per_day)):
        card_id = f"sim-{n:05d}"
        day = n // new_per_day
        when = start + timedelta(days=day, hours=8, minutes=rng.randrange(0, 480))
        rating, interval = log.review(card_id, day, when, 0, step=False, after=State.LEARNING)
        for i, gap in enumerate(_STEPS[rating]):
            when += timedelta(minutes=gap)
            last = i == len(_STEPS[rating]) - 1
            _, interval = log.review(
                card_id, day, when, 0, step=True, after=State.REVIEW if last else State.LEARNING
            )
        log.state[card_id] = State.REVIEW
        while day + interval < days:
            day += interval
            when = start + timedelta(days=day, hours=8, minutes=rng.randrange(0, 540))
            rating, interval = log.review(
                card_id, day, when, interval, step=False, after=State.REVIEW
            )
            if rating is Rating.AGAIN:
                when += timedelta(minutes=10)
                _, interval = log.review(card_id, day, when, 0, step=True, after=State.REVIEW)
    rows = sorted(log.rows, key=lambda r: (r.reviewed_at, r.card_id))
    if max_reviews is not None:
        rows = rows[:max_reviews]
    return [
        ReviewLog(i, r.card_id, r.rating, r.reviewed_at, r.duration_ms, r.before, r.after)
        for i, r in enumerate(rows, start=1)
    ]
