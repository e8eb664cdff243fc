"""FSRS scheduling of recall's `Memory` records: py-fsrs with Anki's days and a seeded fuzz.

py-fsrs (FSRS-6, pinned ≥ 6.3.2) does all the memory math: stability, difficulty, intervals,
learning steps, fuzz ranges. This module only decides which clock py-fsrs sees and which random
numbers its fuzz draws, so that (SPEC §5):

- **Elapsed days are differences of scheduling dates, in every state.** py-fsrs counts whole
  24-hour periods between the last review and now; a card reviewed at 21:00 and again at 08:00
  two calendar days later would count 1 elapsed day where Anki counts 2, and get a stability
  about a third too low. So py-fsrs is handed a *day clock*: each instant is replaced by its
  scheduling date at midnight UTC (see `recall.days`). Whole-day differences on that clock are
  exactly Anki's elapsed days, DST days (23 h / 25 h) included; two reviews on the same
  scheduling day are same-day (short-term) reviews, as in Anki.
- **Review intervals land on day starts.** A card entering or staying in the review state with an
  interval of N days is due at the start of the scheduling day N days after today (the rollover
  instant, `day_starts_at` local), so it shows up from that morning on.
- **Learning and relearning steps keep exact times**: a 10-minute step is due 10 minutes after
  the answer. A step that would end at or after the next rollover is due at the start of the
  scheduling day holding its exact end instead (Anki's rule: a seconds interval that passes the
  day barrier becomes a days interval, and the card waits for that day like a review card).
- **Fuzz is seeded per card and review**, so the interval shown on a grade button is exactly what
  pressing it gives (`preview` == `review`). py-fsrs draws its fuzz from the module-level
  `random()`; `_SeededFsrs` runs py-fsrs's own `_get_fuzzed_interval` code (same ranges, same
  rounding) with that name bound to a private `random.Random(seed)` — no global state is read or
  changed. The caller passes the seed, e.g. ``f"{card_id}:{reps}"``. The four ratings of one
  preview share the seed, so fuzz never reorders Hard ≤ Good ≤ Easy.

All functions are pure: no database, no clock, no global state; datetimes in and out are
UTC-aware (`ClockError` for naive ones, never a `TypeError`).
"""

from __future__ import annotations

import json
import math
import types
from collections.abc import Sequence
from copy import copy
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from numbers import Real
from random import Random

import fsrs.scheduler as _pyfsrs
from fsrs import Card as _FsrsCard
from fsrs import Rating as _FsrsRating
from fsrs import Scheduler as _FsrsScheduler
from fsrs import State as _FsrsState

from recall import days
from recall.errors import ClockError
from recall.model import Memory
from recall.rating import Rating, State
from recall.settings import Settings

__all__ = ["DEFAULT_PARAMETERS", "PARAMETER_DECIMALS", "Scheduler", "round_parameters"]

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(_pyfsrs.DEFAULT_PARAMETERS)
"""FSRS-6 default parameters (21 weights), as shipped by py-fsrs."""

PARAMETER_DECIMALS = 4
"""Parameters are rounded to this many decimals before py-fsrs sees them (SPEC §5 quirk)."""

_TO_FSRS_STATE = {
    State.NEW: _FsrsState.Learning,
    State.LEARNING: _FsrsState.Learning,
    State.REVIEW: _FsrsState.Review,
    State.RELEARNING: _FsrsState.Relearning,
}
_FROM_FSRS_STATE = {
    _FsrsState.Learning: State.LEARNING,
    _FsrsState.Review: State.REVIEW,
    _FsrsState.Relearning: State.RELEARNING,
}
# py-fsrs's Card() sleeps 1 ms to make an id when none is given; the id only labels py-fsrs's
# own ReviewLog, which recall does not use, so every card gets this one.
_CARD_ID = 1


def round_parameters(parameters: Sequence[float]) -> tuple[float, ...]:
    """FSRS parameters as py-fsrs accepts them: 4 decimals, inside py-fsrs's bounds.

    fsrs-rs (the optimizer) returns float32 values such as ``0.800000011920929``, which py-fsrs
    rejects as out of bounds; rounding fixes that, and clamping settles any remaining difference
    between the two engines' bounds.

    Args:
        parameters: 21 FSRS-6 weights.

    Returns:
        A tuple of 21 floats.

    Raises:
        ValueError: not 21 finite numbers.
    """
    values = tuple(parameters)
    expected = len(_pyfsrs.LOWER_BOUNDS_PARAMETERS)
    if len(values) != expected:
        raise ValueError(f"FSRS needs {expected} parameters, got {len(values)}")
    result = []
    for index, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            raise ValueError(f"FSRS parameter {index} is not a finite number: {value!r}")
        low = _pyfsrs.LOWER_BOUNDS_PARAMETERS[index]
        high = _pyfsrs.UPPER_BOUNDS_PARAMETERS[index]
        result.append(min(max(round(float(value), PARAMETER_DECIMALS), low), high))
    return tuple(result)


_PYFSRS_FUZZ = _FsrsScheduler._get_fuzzed_interval


class _SeededFsrs(_FsrsScheduler):
    """py-fsrs's scheduler whose fuzz draws from `self._rng` instead of the module's `random()`.

    `_get_fuzzed_interval` executes py-fsrs's own function code with a copy of its module
    namespace in which `random` is `self._rng.random`; the fuzz ranges and rounding stay exactly
    py-fsrs's. Instances are copied per call (`Scheduler._engine`), so nothing is shared.
    """

    _rng: Random | None = None

    def _get_fuzzed_interval(self, *, interval: timedelta) -> timedelta:
        if self._rng is None:  # pragma: no cover - every recall call sets a seed
            raise RuntimeError("fuzz needs a seed")
        namespace = dict(vars(_pyfsrs), random=self._rng.random)
        fuzz = types.FunctionType(_PYFSRS_FUZZ.__code__, namespace, _PYFSRS_FUZZ.__name__)
        return fuzz(self, interval=interval)


def _utc(value: datetime | None, what: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{what} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ClockError(f"naive {what} {value.isoformat()} given; pass an aware datetime")
    return value.astimezone(UTC)


def _day_clock(day: date) -> datetime:
    """The instant py-fsrs sees for any time on scheduling date `day`: that date, 00:00 UTC."""
    return datetime.combine(day, time(0), UTC)


class Scheduler:
    """FSRS scheduling with Anki's days (see the module docstring).

    Args:
        settings: desired retention, learning / relearning steps, maximum interval, fuzz and the
            rollover hour (`day_starts_at`); None means the defaults.
        parameters: 21 FSRS-6 weights (rounded with `round_parameters`); None means
            `DEFAULT_PARAMETERS`.
        tz: the zone of the scheduling days (a tzinfo or a `TZ` value such as ``"Asia/Shanghai"``);
            None means the process's local zone, read once here.

    Raises:
        ValueError: parameters that are not 21 finite numbers.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        parameters: Sequence[float] | None = None,
        tz: tzinfo | str | None = None,
    ) -> None:
        self.settings = settings if settings is not None else Settings()
        self.parameters = round_parameters(DEFAULT_PARAMETERS if parameters is None else parameters)
        self.zone = days.resolve_zone(tz)
        self.day_starts_at = self.settings.day_starts_at
        self._fsrs = _SeededFsrs(
            parameters=self.parameters,
            desired_retention=self.settings.desired_retention,
            learning_steps=self.settings.learning_step_durations,
            relearning_steps=self.settings.relearning_step_durations,
            maximum_interval=self.settings.maximum_interval,
            enable_fuzzing=self.settings.fuzz,
        )

    # --- days -------------------------------------------------------------------------------
    def scheduling_date(self, instant: datetime) -> date:
        """The scheduling date holding `instant` (this scheduler's zone and rollover hour)."""
        return days.scheduling_date(instant, self.day_starts_at, self.zone)

    def _start_of(self, day: date) -> datetime:
        return days.start_of_date(day, self.day_starts_at, self.zone)

    # --- review -----------------------------------------------------------------------------
    def review(
        self, memory: Memory, rating: Rating | int, now: datetime, *, seed: str | int
    ) -> Memory:
        """The card's memory after answering `rating` at `now`.

        Args:
            memory: the card's scheduling fields before the answer (a new card: ``Memory()``).
            rating: Again / Hard / Good / Easy (or 1-4).
            now: when the answer is given, aware.
            seed: the fuzz seed for this card and review, e.g. ``f"{card_id}:{reps}"``; the same
                seed always gives the same interval.

        Returns:
            The new Memory: state, step, stability (days), difficulty, due (UTC-aware; exact for
            a (re)learning step, a day start otherwise), last_review = `now` in UTC, reps + 1,
            lapses + 1 when a review card is answered Again.

        Raises:
            ClockError: `now` or a datetime in `memory` is naive.
            ValueError: `rating` is not 1-4, or `memory` is a started card without stability.
        """
        now = _utc(now, "now")
        rating = Rating(rating)
        today = self.scheduling_date(now)
        engine = self._engine(seed)
        card = self._to_fsrs(memory, today)
        answered, _log = engine.review_card(
            card, _FsrsRating(int(rating)), review_datetime=_day_clock(today)
        )
        wait = answered.due - _day_clock(today)
        state = _FROM_FSRS_STATE[answered.state]
        if state is State.REVIEW:
            due = self._start_of(today + timedelta(days=wait.days))
        else:
            due = now + wait
            if due >= days.next_day_start(now, self.day_starts_at, self.zone):
                due = self._start_of(self.scheduling_date(due))
        lapsed = State(memory.state) is State.REVIEW and rating is Rating.AGAIN
        return Memory(
            state=state,
            step=answered.step,
            stability=answered.stability,
            difficulty=answered.difficulty,
            due=due,
            last_review=now,
            reps=memory.reps + 1,
            lapses=memory.lapses + (1 if lapsed else 0),
        )

    def preview(self, memory: Memory, now: datetime, *, seed: str | int) -> dict[Rating, Memory]:
        """What each rating would give: ``{Rating: Memory}``, each exactly `review`'s result.

        Raises:
            ClockError: `now` or a datetime in `memory` is naive.
        """
        return {rating: self.review(memory, rating, now, seed=seed) for rating in Rating}

    def retrievability(self, memory: Memory, now: datetime) -> float:
        """Probability (0-1) of recalling the card at `now` (FSRS-6 forgetting curve, py-fsrs).

        Elapsed time is counted in scheduling days, as for scheduling: 1.0 on the day of the
        last review. A new card (no stability) gives 0.0.

        Raises:
            ClockError: `now` or `memory.last_review` is naive.
        """
        now = _utc(now, "now")
        if memory.stability is None or memory.last_review is None:
            return 0.0
        card = self._to_fsrs(memory, self.scheduling_date(now))
        return float(
            self._fsrs.get_card_retrievability(card, _day_clock(self.scheduling_date(now)))
        )

    def _engine(self, seed: str | int) -> _SeededFsrs:
        if isinstance(seed, bool) or not isinstance(seed, str | int):
            raise TypeError(f"seed must be a str or an int, not {type(seed).__name__}")
        engine = copy(self._fsrs)
        engine._rng = Random(seed)
        return engine

    def _to_fsrs(self, memory: Memory, today: date) -> _FsrsCard:
        """`memory` as a py-fsrs Card on the day clock."""
        last = memory.last_review
        if last is not None:
            last = _day_clock(self.scheduling_date(_utc(last, "memory.last_review")))
        if memory.due is not None:
            _utc(memory.due, "memory.due")
        known = State(memory.state)
        state = _TO_FSRS_STATE[known]
        started = known is not State.NEW
        if known in (State.REVIEW, State.RELEARNING) and (
            memory.stability is None or memory.difficulty is None
        ):
            raise ValueError(f"a {known} card needs stability and difficulty")
        step = None
        if state is not _FsrsState.Review:
            step = memory.step if (started and memory.step is not None) else 0
        return _FsrsCard(
            card_id=_CARD_ID,
            state=state,
            step=step,
            stability=memory.stability if started else None,
            difficulty=memory.difficulty if started else None,
            due=_day_clock(today),
            last_review=last if started else None,
        )

    # --- persistence ------------------------------------------------------------------------
    def to_json(self) -> str:
        """The scheduler as JSON: py-fsrs's own `Scheduler.to_json` fields plus ``day_starts_at``.

        py-fsrs's `Scheduler.from_json` reads it as is (it ignores the extra key).
        """
        data = dict(self._fsrs.to_dict())
        data["day_starts_at"] = self.day_starts_at
        return json.dumps(data)

    @classmethod
    def from_json(
        cls, text: str, *, settings: Settings | None = None, tz: tzinfo | str | None = None
    ) -> Scheduler:
        """A scheduler from `to_json` output (or py-fsrs's own JSON).

        Args:
            text: the JSON.
            settings: base settings for what the JSON does not hold (new cards per day, ...).
            tz: as for the constructor.

        Raises:
            ValueError: not valid scheduler JSON.
        """
        try:
            data = json.loads(text)
            base = settings if settings is not None else Settings()
            values = {
                "desired_retention": float(data["desired_retention"]),
                "learning_steps": tuple(f"{int(s)}s" for s in data["learning_steps"]),
                "relearning_steps": tuple(f"{int(s)}s" for s in data["relearning_steps"]),
                "maximum_interval": int(data["maximum_interval"]),
                "fuzz": bool(data["enable_fuzzing"]),
                "day_starts_at": int(data.get("day_starts_at", base.day_starts_at)),
            }
            parameters = [float(p) for p in data["parameters"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a scheduler's JSON: {exc}") from None
        merged = Settings(**{**base.to_dict(), **values}, path=base.path)
        return cls(merged, parameters, tz)
