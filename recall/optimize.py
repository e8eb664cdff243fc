"""FSRS parameter fitting: training items from the review log, a fit with fsrs-rs, held-out evaluation.

The pipeline behind `recall optimize` (SPEC §5):

1. The review log becomes fsrs-rs training items (`training_items` shows them), one per review
   that comes on a later scheduling day than the card's previous review (same-day reviews are
   history, not targets), each carrying the card's history up to it, in days between
   scheduling dates.
2. A seeded fifth of the cards is held out for evaluation (`split_by_card`).
3. `fit` runs fsrs-rs-python's `compute_parameters` on the other cards' items in a child
   process (fsrs-rs holds the GIL for the whole fit, which would freeze a progress display),
   rounds the result into py-fsrs's bounds (`recall.scheduling.round_parameters`: fsrs-rs
   returns float32 values), and scores the current and the fitted parameters on the held-out
   cards (log loss, RMSE over bins).

Nothing here touches the database; `recall.commands.optimize` reads the collection and stores.
"""

from __future__ import annotations

import functools
import gc
import os
import pickle
import random
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from recall.daynumbers import day_numbers
from recall.errors import RecallError
from recall.model import ReviewLog
from recall.rating import State

MIN_TRAINING_ITEMS = 400
"""Fewest training items (reviews a day or more after the card's previous one) `fit` accepts.

Anki long asked for 400 reviews before optimizing. Below that fsrs-rs itself fits little (under
64 items it only re-estimates the four initial stabilities, under 8 it returns the defaults),
and a held-out fifth of the cards is too small to tell a better fit from noise."""

TEST_SHARE = 0.2
"""Share of the cards (not of the reviews) held out to evaluate the parameters."""

SPLIT_SEED = 2023
"""Seed of the held-out split, so the same history always gives the same figures."""

SAME_SCORE = 1e-5
"""Log losses closer than this are the same score (see `Fit.better`)."""


class NotEnoughHistory(RecallError):
    """The review log holds too few training items for a meaningful fit (the message has the numbers)."""


class FitFailed(RecallError):
    """fsrs-rs could not fit the history (the message carries its error)."""


class TrainingItem(NamedTuple):
    """One fsrs-rs training item: a review to predict, with the card's history before it.

    Attributes:
        card_id: permanent id of the card.
        reviewed_at: when the target review (the last one in `reviews`) was given, UTC-aware.
        reviews: ``(rating 1-4, delta_t)`` pairs from the card's first review to the target
            one; ``delta_t`` is the number of scheduling days since the previous review (0 for
            the first review and for same-day reviews; always ≥ 1 for the target).
    """

    card_id: str
    reviewed_at: datetime
    reviews: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Evaluation:
    """How well parameters predict held-out reviews (fsrs-rs `evaluate`); lower is better.

    Attributes:
        log_loss: mean binary cross-entropy of the predicted recall probability.
        rmse_bins: root mean square error between predicted and actual recall, over bins of
            similar reviews (the figure Anki shows as "RMSE").
    """

    log_loss: float
    rmse_bins: float

    def to_dict(self) -> dict:
        """``{"log_loss", "rmse_bins"}``."""
        return {"log_loss": self.log_loss, "rmse_bins": self.rmse_bins}


@dataclass(frozen=True)
class Fit:
    """The outcome of `fit`.

    Attributes:
        reviews: review-log rows read.
        items: training items built from them (train + test).
        train_items, test_items: items of the training cards / of the held-out cards.
        train_cards, test_cards: number of cards on each side of the split.
        current: parameters in use (21 floats, FSRS-6).
        fitted: fitted parameters as py-fsrs takes them (`recall.scheduling.round_parameters`).
        current_eval, fitted_eval: held-out scores of `current` and `fitted`.
        seconds: wall time of the whole `fit` call (items, child process, fit, evaluation).
    """

    reviews: int
    items: int
    train_items: int
    test_items: int
    train_cards: int
    test_cards: int
    current: tuple[float, ...]
    fitted: tuple[float, ...]
    current_eval: Evaluation
    fitted_eval: Evaluation
    seconds: float

    @property
    def better(self) -> bool:
        """True when the fitted parameters differ from the current ones and have a lower
        held-out log loss, by more than `SAME_SCORE` (fsrs-rs's float noise: its evaluation of
        the same parameters varies in the seventh digit from run to run).

        Log loss decides because it is what the fit minimises and a proper score of predicted
        probabilities; RMSE(bins) is reported beside it.
        """
        return (
            self.fitted != self.current
            and self.fitted_eval.log_loss < self.current_eval.log_loss - SAME_SCORE
        )

    def to_dict(self) -> dict:
        """Plain JSON-able figures (parameters as lists)."""
        return {
            "reviews": self.reviews,
            "items": self.items,
            "train_items": self.train_items,
            "test_items": self.test_items,
            "train_cards": self.train_cards,
            "test_cards": self.test_cards,
            "current": {"parameters": list(self.current), **self.current_eval.to_dict()},
            "fitted": {"parameters": list(self.fitted), **self.fitted_eval.to_dict()},
            "better": self.better,
            "seconds": round(self.seconds, 3),
        }


# --- training items ---------------------------------------------------------------------------


@dataclass
class _Histories:
    """The review log as fsrs-rs needs it, without a tuple per item.

    Attributes:
        card_ids: the card of each history (a card whose history was reset has two).
        reviews: per history, ``(rating, delta_t)`` pairs from the review as a new card on.
        targets: per training item, in the order of their target reviews: (history index,
            number of reviews of the history the item carries).
        times: when each target review was given.
    """

    card_ids: list[str]
    reviews: list[list[tuple[int, int]]]
    targets: list[tuple[int, int]]
    times: list[datetime]


def _histories(reviews: Iterable[ReviewLog], day_starts_at: int, tz: tzinfo | None) -> _Histories:
    ordered = sorted(reviews, key=attrgetter("reviewed_at", "id"))
    numbers = day_numbers([r.reviewed_at for r in ordered], day_starts_at, tz)
    new = State.NEW
    table = _Histories([], [], [], [])
    current: dict[str, int] = {}  # card id → index of its history
    last_day: list[int] = []
    for review, day in zip(ordered, numbers, strict=True):
        card_id = review.card_id
        if review.before.state == new:
            current[card_id] = len(table.card_ids)
            table.card_ids.append(card_id)
            table.reviews.append([(int(review.rating), 0)])
            last_day.append(day)
            continue
        index = current.get(card_id)
        if index is None:
            continue
        delta_t = day - last_day[index]
        last_day[index] = day
        pairs = table.reviews[index]
        pairs.append((int(review.rating), delta_t))
        if delta_t > 0:
            table.targets.append((index, len(pairs)))
            table.times.append(review.reviewed_at)
    return table


def _no_collection(function):
    """Run `function` with the cyclic garbage collector off: it builds many small tuples, none
    cyclic, and each collection would only rescan the (large) review log."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        collecting = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    return wrapper


@_no_collection
def training_items(
    reviews: Iterable[ReviewLog], *, day_starts_at: int = 4, tz: tzinfo | None = None
) -> list[TrainingItem]:
    """Build fsrs-rs training items from a review log (as Anki does for its optimizer).

    Each card's history starts at its last review as a new card (earlier reviews, if any,
    belong to a history that was reset); reviews of a card never seen new (an incomplete
    history) give nothing. Every review that comes one scheduling day or more after the card's
    previous review becomes an item carrying the history up to it; same-day reviews (learning
    steps, relearning, reviewing ahead) are history only.

    Args:
        reviews: review-log rows, in any order.
        day_starts_at: local hour at which a scheduling day starts (settings `day_starts_at`).
        tz: the local time zone; None for the process's (`recall.days.local_zone`).

    Returns:
        The items in the order of their target reviews, oldest first (fsrs-rs weights recent
        items more and expects this order).
    """
    table = _histories(reviews, day_starts_at, tz)
    return [
        TrainingItem(table.card_ids[index], when, tuple(table.reviews[index][:length]))
        for (index, length), when in zip(table.targets, table.times, strict=True)
    ]


def _held_out(card_ids: Iterable[str], test_share: float, seed: int) -> set[str]:
    """A seeded random `test_share` of the distinct cards (one at least, never all of two or more)."""
    cards = sorted(set(card_ids))
    random.Random(seed).shuffle(cards)
    n_test = round(len(cards) * test_share)
    if len(cards) >= 2:
        n_test = min(max(n_test, 1), len(cards) - 1)
    return set(cards[:n_test])


def split_by_card(
    items: Sequence[TrainingItem], *, test_share: float = TEST_SHARE, seed: int = SPLIT_SEED
) -> tuple[list[TrainingItem], list[TrainingItem]]:
    """Split items into (train, test) so that each card's items all fall on one side.

    The held-out cards are a seeded random `test_share` of the distinct cards (at least one
    card on each side when there are two or more). Both lists keep the input order.
    """
    test_cards = _held_out((item.card_id for item in items), test_share, seed)
    train = [item for item in items if item.card_id not in test_cards]
    test = [item for item in items if item.card_id in test_cards]
    return train, test


def _unpack(histories, targets):
    """The fsrs-rs FSRSItem objects for (history index, length) targets (child side)."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    reviews = [[FSRSReview(rating, delta_t) for rating, delta_t in h] for h in histories]
    return [FSRSItem(reviews[index][:length]) for index, length in targets]


def _fit_in_child(job: dict) -> dict:
    """Fit and evaluate (the body of the child process; plain data in and out)."""
    from fsrs_rs_python import FSRS

    from recall.scheduling import round_parameters

    train = _unpack(job["histories"], job["train"])
    test = _unpack(job["histories"], job["test"])
    fitted = FSRS(job["current"]).compute_parameters(
        train,
        enable_short_term=job["short_term"],
        num_relearning_steps=job["relearning_steps"],
    )
    fitted = round_parameters(fitted)
    scores = {}
    for name, parameters in (("current", job["current"]), ("fitted", fitted)):
        evaluation = FSRS(list(parameters)).evaluate(test)
        scores[name] = (float(evaluation.log_loss), float(evaluation.rmse_bins))
    return {"fitted": list(fitted), "scores": scores}


def _start_child() -> subprocess.Popen:
    """Start the fit process (``python -m recall.optimize``); it loads fsrs-rs, then waits for
    its job on stdin, so its start overlaps the building of the training items here.

    A fresh interpreter rather than multiprocessing's fork or spawn: nothing of this process is
    inherited (no lock held by a progress display's thread, as with fork) and the caller's main
    module is not re-run (as with spawn, which recurses in a script without a ``__main__``
    guard).
    """
    package_root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    return subprocess.Popen(
        [sys.executable, "-m", "recall.optimize"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def _child_result(child: subprocess.Popen, job: dict) -> dict:
    """Hand `job` to the started child and read its outcome (pickles over the pipes: plain
    lists, numbers and strings between two processes of this program).

    Raises:
        FitFailed: the child exited with an error (its last stderr line is in the message).
    """
    out, err = child.communicate(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
    if child.returncode != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        detail = lines[-1] if lines else f"exit status {child.returncode}"
        raise FitFailed(f"the FSRS fit failed: {detail}")
    return pickle.loads(out)


@_no_collection
def fit(
    reviews: Sequence[ReviewLog],
    current: Sequence[float],
    *,
    day_starts_at: int = 4,
    tz: tzinfo | None = None,
    relearning_steps: int = 1,
    short_term: bool = True,
    minimum: int = MIN_TRAINING_ITEMS,
    in_process: bool = False,
) -> Fit:
    """Fit FSRS-6 parameters to a review log with fsrs-rs-python and evaluate them held out.

    Args:
        reviews: the review log (any order).
        current: the parameters in use (21 floats).
        day_starts_at, tz: the scheduling day (see `training_items`).
        relearning_steps: number of relearning steps in the settings (fsrs-rs bounds the
            same-day stability parameters by it).
        short_term: whether the history has same-day (learning) reviews the model should fit;
            False freezes the short-term parameters.
        minimum: fewest training items accepted.
        in_process: fit in this process instead of a child (fsrs-rs then holds the GIL,
            freezing other threads, for the whole fit).

    Returns:
        A `Fit` with the rounded fitted parameters and both held-out evaluations.

    Raises:
        NotEnoughHistory: fewer than `minimum` training items, or too few cards to hold some out.
        FitFailed: fsrs-rs failed in the child process (e.g. `current` is not 21 numbers).
    """
    started = time.perf_counter()
    child = None if in_process else _start_child()
    try:
        reviews = list(reviews)
        table = _histories(reviews, day_starts_at, tz)
        if len(table.targets) < minimum:
            raise NotEnoughHistory(
                f"not enough review history to optimize: {len(table.targets)} reviews came a day "
                f"or more after the card's previous review, {minimum} needed "
                f"({len(reviews)} reviews in all)"
            )
        cards = {table.card_ids[index] for index, _ in table.targets}
        test_cards = _held_out(cards, TEST_SHARE, SPLIT_SEED)
        if not test_cards or test_cards == cards:
            raise NotEnoughHistory(
                f"not enough cards to optimize: {len(cards)} card(s) with long-term reviews, "
                "at least 2 needed"
            )
        held_out = [table.card_ids[index] in test_cards for index, _ in table.targets]
        train = [t for t, out in zip(table.targets, held_out, strict=True) if not out]
        test = [t for t, out in zip(table.targets, held_out, strict=True) if out]
        job = {
            "histories": table.reviews,
            "train": train,
            "test": test,
            "current": [float(x) for x in current],
            "short_term": short_term,
            "relearning_steps": relearning_steps,
        }
        outcome = _fit_in_child(job) if child is None else _child_result(child, job)
    except BaseException:  # Ctrl-C included: never leave the child running
        if child is not None and child.poll() is None:
            child.kill()
            child.wait()
        raise
    seconds = time.perf_counter() - started
    scores = outcome["scores"]
    return Fit(
        reviews=len(reviews),
        items=len(table.targets),
        train_items=len(train),
        test_items=len(test),
        train_cards=len(cards) - len(test_cards),
        test_cards=len(test_cards),
        current=tuple(float(x) for x in current),
        fitted=tuple(outcome["fitted"]),
        current_eval=Evaluation(*scores["current"]),
        fitted_eval=Evaluation(*scores["fitted"]),
        seconds=seconds,
    )


def _child_main() -> None:
    """Entry point of the fit process: load fsrs-rs, then the pickled job on stdin, the pickled
    outcome on stdout. The cyclic garbage collector is off: a short run that frees nothing cyclic."""
    gc.disable()
    import fsrs_rs_python  # noqa: F401  (loaded before the job arrives)

    import recall.scheduling  # noqa: F401

    outcome = _fit_in_child(pickle.load(sys.stdin.buffer))
    sys.stdout.buffer.write(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _child_main()
