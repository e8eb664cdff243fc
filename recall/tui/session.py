"""One review session over the Collection API: the next card, grading, undo, suspend/bury, timing, summary.

Headless (no Textual): the review screen drives it and tests can drive it alone. Every change
goes through `recall.collection.Collection` and is committed before the next card is chosen.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from recall import clock
from recall.collection import Collection
from recall.errors import RecallError
from recall.model import Card, Counts
from recall.rating import Rating, State

LEARN_AHEAD = timedelta(minutes=20)
"""When nothing else is left, learning cards due within this window are shown early (Anki's
learn-ahead limit); it is also the window of the learning count (SPEC §6)."""

QUEUE_BATCH = 50
"""Cards read from `Collection.queue` at a time (the next batch is read when these run out)."""

MAX_ANSWER_MS = 60_000
"""Longest time recorded for one answer, in milliseconds (Anki's "maximum answer seconds"),
so a card left on screen while the user is away does not swell the statistics."""

_LEARNING = (State.LEARNING, State.RELEARNING)


@dataclass(frozen=True)
class Answer:
    """A rating given in this session.

    Attributes:
        card_id: the card graded.
        rating: the grade.
        duration_ms: recorded time from showing the question to grading, in milliseconds.
    """

    card_id: str
    rating: Rating
    duration_ms: int


class Ending(StrEnum):
    """Why a session ended, as its summary tells the user."""

    DONE = "done"
    """Nothing of the session's deck is left to study now (Anki's "Congratulations!")."""
    LIMIT = "limit"
    """The session's `--limit` was reached while cards are still due today."""
    STOPPED = "stopped"
    """The user finished (q) while cards are still due today."""


@dataclass(frozen=True)
class Summary:
    """What a session did.

    Attributes:
        reviewed: ratings given (net of undo).
        cards: distinct cards graded.
        ratings: ratings given per grade.
        time_ms: recorded answer time in milliseconds.
        remaining: today's counts left (at the moment of the summary).
        next_due: when the next card is due (UTC-aware): the summary's instant when a card is
            due now, None when no card is scheduled.
        ending: why the session ended (`Ending.DONE` only when `remaining.due` is 0).
        limit: the session's card limit (None: no limit).
    """

    reviewed: int
    cards: int
    ratings: dict[Rating, int]
    time_ms: int
    remaining: Counts
    next_due: datetime | None
    ending: Ending = Ending.DONE
    limit: int | None = None

    @property
    def again_rate(self) -> float | None:
        """Share of ratings that were Again (0.0-1.0), None when nothing was rated."""
        if not self.reviewed:
            return None
        return self.ratings.get(Rating.AGAIN, 0) / self.reviewed


@dataclass
class _Step:
    """One undoable action of the session."""

    kind: str  # "review", "suspend" or "bury"
    card: Card  # the card as it was when the action was taken
    answer: Answer | None = None
    new_card: bool = False  # first time this card was shown in the session


@dataclass
class _Timer:
    """The answer clock of the current card (monotonic seconds)."""

    shown_at: float | None = None
    paused_at: float | None = None
    paused_ms: float = 0.0


class ReviewSession:
    """Cards to review in one sitting, in the Collection's order, with Anki's learning behaviour.

    The queue is read from `Collection.queue` in batches of `QUEUE_BATCH`, the next batch when
    one runs out (a 100k-card collection costs no more per card than a small one). Cards graded
    in this session that are still learning come back as soon as they are due, before anything
    else; when nothing else is left they come up to `LEARN_AHEAD` early, as in Anki.

    Args:
        collection: an open Collection.
        deck: study this deck only (None: every deck).
        limit: show at most this many distinct cards (None: no limit). Learning steps of cards
            already shown still come back.
        clock_fn: returns the current UTC-aware instant (default: `recall.clock.now`, which
            honours RECALL_NOW).
        monotonic: a monotonic clock in seconds, for answer durations.
    """

    def __init__(
        self,
        collection: Collection,
        *,
        deck: str | None = None,
        limit: int | None = None,
        clock_fn: Callable[[], datetime] = clock.now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.collection = collection
        self.deck = deck
        self.limit = limit
        self._clock = clock_fn
        self._monotonic = monotonic
        self.current: Card | None = None
        self._cache: deque[Card] = deque()
        self._learning: dict[str, Card] = {}
        self._seen: set[str] = set()
        self._steps: list[_Step] = []
        self._timer = _Timer()
        self._first_show_flag = False
        self._held_back = False

    # --- time ---------------------------------------------------------------------------------
    def now(self) -> datetime:
        """The session's current instant (UTC-aware)."""
        return clock.resolve(self._clock())

    def mark_shown(self) -> None:
        """Start timing the current card (call when its question is on screen)."""
        self._timer = _Timer(shown_at=self._monotonic())

    def pause(self) -> None:
        """Stop the answer clock (help shown, editor open)."""
        if self._timer.paused_at is None:
            self._timer.paused_at = self._monotonic()

    def resume(self) -> None:
        """Restart the answer clock after `pause`."""
        if self._timer.paused_at is not None:
            self._timer.paused_ms += (self._monotonic() - self._timer.paused_at) * 1000
            self._timer.paused_at = None

    def _elapsed_ms(self) -> int:
        timer = self._timer
        if timer.shown_at is None:
            return 0
        end = timer.paused_at if timer.paused_at is not None else self._monotonic()
        elapsed = (end - timer.shown_at) * 1000 - timer.paused_ms
        return int(min(max(elapsed, 0), MAX_ANSWER_MS))

    # --- reading --------------------------------------------------------------------------------
    def start(self) -> Card | None:
        """Choose the first card; returns it (None when nothing is due)."""
        self._cache = deque(self._fetch(self.now()))
        self._advance()
        return self.current

    def counts(self) -> Counts:
        """Today's counts for the session's deck (from the Collection)."""
        return self.collection.counts(self.now(), deck=self.deck)

    def preview(self, now: datetime | None = None) -> dict[Rating, datetime]:
        """{Rating: next due} for the current card if graded at `now` (default: the session's
        now), exactly what grading would give; a button's interval is its due minus that `now`."""
        if self.current is None:
            return {}
        return self.collection.preview(self.current.id, now or self.now())

    def next_due(self) -> datetime | None:
        """When the next card of the session's deck becomes due (UTC-aware), or None."""
        return self.collection.next_due(self.now(), deck=self.deck)

    @property
    def answers(self) -> list[Answer]:
        """Ratings given in this session, oldest first (net of undo)."""
        return [step.answer for step in self._steps if step.answer is not None]

    @property
    def can_undo(self) -> bool:
        """Whether the session has a rating, suspend or bury to undo."""
        return bool(self._steps)

    @property
    def limit_reached(self) -> bool:
        """Whether the session's limit kept a due card from being shown when the last card was chosen."""
        return self._held_back

    def summary(self, *, stopped: bool = False) -> Summary:
        """The session's figures so far.

        Args:
            stopped: the user ended the session (q) rather than it running out of cards.

        Returns:
            The figures; `ending` is DONE whenever nothing is due now, whatever ended the session,
            else LIMIT when the session's limit held cards back, else STOPPED.
        """
        answers = self.answers
        ratings = {rating: 0 for rating in Rating}
        for answer in answers:
            ratings[answer.rating] += 1
        now = self.now()
        remaining = self.collection.counts(now, deck=self.deck)
        if not remaining.due:
            ending = Ending.DONE
        elif self.limit_reached and not stopped:
            ending = Ending.LIMIT
        else:
            ending = Ending.STOPPED
        return Summary(
            reviewed=len(answers),
            cards=len({a.card_id for a in answers}),
            ratings=ratings,
            time_ms=sum(a.duration_ms for a in answers),
            remaining=remaining,
            next_due=self._next_card_due(now, remaining),
            ending=ending,
            limit=self.limit,
        )

    def _next_card_due(self, now: datetime, remaining: Counts) -> datetime | None:
        """When the next card of the deck is due: `now` when one is due now (the counts include
        learning cards up to `LEARN_AHEAD` ahead, which are due a little later), else
        `Collection.next_due` (the next card not studyable now)."""
        if remaining.due:
            first = self.collection.queue(now, deck=self.deck, limit=1)
            if first and first[0].state in _LEARNING and first[0].due and first[0].due > now:
                return first[0].due
            if first:
                return now
        return self.collection.next_due(now, deck=self.deck)

    # --- acting -------------------------------------------------------------------------------
    def answer(self, rating: Rating) -> Card | None:
        """Grade the current card (committed before returning) and move to the next one.

        Returns:
            The next card, or None when the session is done.

        Raises:
            RecallError: from the Collection (e.g. CollectionLocked); the card stays current.
        """
        card = self._require_current()
        duration = self._elapsed_ms()
        updated = self.collection.review(card.id, Rating(rating), self.now(), duration)
        self._steps.append(
            _Step("review", card, Answer(card.id, Rating(rating), duration), self._first_show_flag)
        )
        if updated.state in _LEARNING and updated.status == "active":
            self._learning[updated.id] = updated
        self.current = None
        self._advance()
        return self.current

    def suspend(self) -> Card | None:
        """Suspend the current card (out of review until unsuspended) and move on."""
        card = self._require_current()
        self.collection.suspend(card.id)
        self._steps.append(_Step("suspend", card, new_card=self._first_show_flag))
        self._learning.pop(card.id, None)
        self.current = None
        self._advance()
        return self.current

    def bury(self) -> Card | None:
        """Bury the current card until the next scheduling day and move on."""
        card = self._require_current()
        self.collection.bury(card.id, self.now())
        self._steps.append(_Step("bury", card, new_card=self._first_show_flag))
        self._learning.pop(card.id, None)
        self.current = None
        self._advance()
        return self.current

    def undo(self) -> Card | None:
        """Undo the session's last rating, suspend or bury and show that card again.

        Each is undone by `Collection.undo` (as in Anki: the card restored exactly, a rating's
        review-log row deleted), newest first; the card that was on screen goes back to the
        front of the queue.

        Returns:
            The restored card (now current), or None when the session has nothing to undo.

        Raises:
            RecallError: from the Collection (e.g. the card was changed since by another
                process); nothing changed and the step can be tried again.
        """
        if not self._steps:
            return None
        step = self._steps[-1]
        restored = self.collection.undo()
        if restored is None or restored.id != step.card.id:
            raise _undo_mismatch(step.card, restored)
        self._steps.pop()
        if self.current is not None:
            self._cache.appendleft(self.current)
        self._learning.pop(restored.id, None)
        if step.new_card:
            self._seen.discard(restored.id)
        self._show(restored)
        return restored

    @property
    def next_undo(self) -> str | None:
        """What `undo` would take back: "review", "suspend" or "bury" (None: nothing)."""
        return self._steps[-1].kind if self._steps else None

    def refresh_current(self) -> Card | None:
        """Re-read the current card and the queue after the log changed (e.g. after editing).

        Returns:
            The current card as stored now; when it left review (orphaned or suspended), the
            next card instead (None when the session is done).
        """
        card = self._require_current()
        fresh = self.collection.card(card.id)
        now = self.now()
        self._cache = deque(c for c in self._fetch(now) if c.id != card.id)
        if fresh.status == "active":
            self.current = fresh
            return fresh
        self.current = None
        self._advance()
        return self.current

    # --- choosing the next card ---------------------------------------------------------------
    def _require_current(self) -> Card:
        if self.current is None:
            raise RuntimeError("no card is shown")
        return self.current

    def _show(self, card: Card, first: bool = False) -> None:
        self.current = card
        self._first_show_flag = first or card.id not in self._seen
        self._seen.add(card.id)

    def _limit_reached(self, card: Card) -> bool:
        return (
            self.limit is not None and card.id not in self._seen and len(self._seen) >= self.limit
        )

    def _advance(self) -> None:
        """Make the next card current (or None): learning due now, the queue, then learn-ahead."""
        now = self.now()
        self._held_back = False
        due_now = [c for c in self._learning.values() if c.due is not None and c.due <= now]
        if due_now:
            self._take_learning(min(due_now, key=_due_key))
            return
        for attempt in range(2):
            while self._cache:
                card = self._cache.popleft()
                if card.id in self._learning:
                    continue
                if self._limit_reached(card):
                    self._held_back = True
                    continue
                self._show(card)
                return
            if attempt == 0:
                self._cache = deque(c for c in self._fetch(now) if c.id not in self._learning)
        ahead = now + LEARN_AHEAD
        soon = [c for c in self._learning.values() if c.due is not None and c.due <= ahead]
        if soon:
            self._take_learning(min(soon, key=_due_key))
            return
        self.current = None

    def _fetch(self, now: datetime) -> list[Card]:
        return self.collection.queue(now, deck=self.deck, limit=QUEUE_BATCH)

    def _take_learning(self, card: Card) -> None:
        self._learning.pop(card.id, None)
        self._show(card)


def _due_key(card: Card) -> datetime:
    assert card.due is not None
    return card.due


def _undo_mismatch(expected: Card, restored: Card | None) -> RecallError:
    got = "nothing" if restored is None else f"card {restored.id}"
    return RecallError(
        f"undo restored {got}, not card {expected.id}; the collection changed outside this session"
    )
