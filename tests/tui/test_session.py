"""ReviewSession over a real collection: order, learning steps, limit, undo, suspend, bury, timing, ending."""

from __future__ import annotations

from datetime import timedelta

import pytest

from recall.collection import Collection
from recall.errors import RecallError
from recall.rating import Rating, State, Status
from recall.tui.session import MAX_ANSWER_MS, Ending, ReviewSession

DECK = "Terminal Notes"


def session_of(collection, clock, monotonic, **options) -> ReviewSession:
    return ReviewSession(collection, clock_fn=clock, monotonic=monotonic, **options)


def test_follows_the_collection_queue(collection, clock, monotonic):
    session = session_of(collection, clock, monotonic, deck=DECK)
    expected = [c.id for c in collection.queue(clock(), deck=DECK)]
    shown = [session.start().id]
    while (card := session.answer(Rating.EASY)) is not None:
        shown.append(card.id)
    assert shown == expected
    assert session.summary().reviewed == len(expected)


def test_nothing_due_starts_with_no_card(empty_collection, clock, monotonic):
    session = session_of(empty_collection, clock, monotonic)
    assert session.start() is None
    summary = session.summary()
    assert summary.reviewed == 0 and summary.again_rate is None and summary.next_due is None


def test_learning_cards_come_back_when_due(collection, clock, monotonic):
    session = session_of(collection, clock, monotonic, deck="Garden")
    first = session.start()
    second = session.answer(Rating.AGAIN)
    assert second.id != first.id
    clock.advance(minutes=2)  # the Again step (1 minute) is over: it comes before anything else
    back = session.answer(Rating.GOOD)
    assert back.id == first.id and back.state == State.LEARNING


def test_learn_ahead_when_nothing_else_is_left(collection, clock, monotonic):
    session = session_of(collection, clock, monotonic, deck="Garden")
    first = session.start()
    session.answer(Rating.EASY)
    assert session.current is not None
    card = session.answer(Rating.AGAIN)  # the clock stands still: only learn-ahead can show it
    assert card is not None and card.id != first.id
    assert card.due > clock() and card.due - clock() <= timedelta(minutes=20)
    assert session.answer(Rating.EASY) is None


def test_limit_counts_distinct_cards(collection, clock, monotonic):
    session = session_of(collection, clock, monotonic, deck=DECK, limit=2)
    first = session.start()
    second = session.answer(Rating.AGAIN)
    third = session.answer(Rating.GOOD)
    assert second.id != first.id
    assert third is not None and third.id == first.id  # learning step of a card already shown
    # only the two cards shown may come back; no third card is introduced
    ids = {first.id, second.id}
    while third is not None:
        assert third.id in ids
        third = session.answer(Rating.EASY)


def test_durations_are_measured_and_capped(collection, clock, monotonic):
    session = session_of(collection, clock, monotonic, deck=DECK)
    session.start()
    session.mark_shown()
    monotonic.advance(4.25)
    session.answer(Rating.GOOD)
    session.mark_shown()
    monotonic.advance(30)
    session.pause()  # help open: does not count
    monotonic.advance(500)
    session.resume()
    monotonic.advance(5)
    session.answer(Rating.GOOD)
    session.mark_shown()
    monotonic.advance(3600)
    session.answer(Rating.GOOD)
    stored = [r.duration_ms for r in collection.reviews()]
    assert stored == [4250, 35000, MAX_ANSWER_MS]
    assert session.summary().time_ms == 4250 + 35000 + MAX_ANSWER_MS


def test_undo_restores_each_card_exactly_back_to_the_start(collection, clock, monotonic):
    session = session_of(collection, clock, monotonic, deck=DECK)
    before = [session.start()]
    for rating in (Rating.GOOD, Rating.AGAIN, Rating.HARD):
        before.append(session.answer(rating))
    now_showing = before.pop()
    for card in reversed(before):
        restored = session.undo()
        assert restored.id == card.id and restored.memory == card.memory
        assert collection.card(card.id).memory == card.memory
    assert session.undo() is None
    assert collection.reviews() == []
    # the card that was on screen at the first undo is still in the session
    seen = []
    card = session.current
    while card is not None:
        seen.append(card.id)
        card = session.answer(Rating.EASY)
    assert now_showing.id in seen


def test_undo_of_suspend_and_the_queue(collection, clock, monotonic):
    session = session_of(collection, clock, monotonic, deck=DECK)
    card = session.start()
    following = session.suspend()
    assert following.id != card.id
    assert collection.card(card.id).status == Status.SUSPENDED
    assert card.id not in {c.id for c in collection.queue(clock(), deck=DECK)}
    assert session.undo().id == card.id
    assert collection.card(card.id).status == Status.ACTIVE
    assert session.current.id == card.id


def test_undo_of_bury_and_the_queue(collection, clock, monotonic):
    session = session_of(collection, clock, monotonic, deck=DECK)
    card = session.start()
    following = session.bury()
    assert following.id != card.id
    assert card.id not in {c.id for c in collection.queue(clock(), deck=DECK)}
    assert session.next_undo == "bury"
    assert session.undo() == card  # restored exactly: not buried
    assert collection.card(card.id) == card
    assert session.current.id == card.id
    assert not session.can_undo and session.next_undo is None


def test_undo_steps_back_through_ratings_suspends_and_buries_in_order(collection, clock, monotonic):
    session = session_of(collection, clock, monotonic, deck=DECK)
    shown = [session.start()]
    shown.append(session.answer(Rating.GOOD))
    shown.append(session.suspend())
    shown.append(session.bury())
    shown.append(session.answer(Rating.HARD))
    assert len(collection.reviews()) == 2
    kinds = []
    for card in reversed(shown[:-1]):
        kinds.append(session.next_undo)
        restored = session.undo()
        assert restored == card  # the card as it was shown: memory, status and bury
        assert collection.card(card.id) == card
        assert session.current == card
    assert kinds == ["review", "bury", "suspend", "review"]
    assert session.undo() is None
    assert collection.reviews() == []
    assert collection.queue(clock(), deck=DECK)[:4] == shown[:4]


def test_undo_that_the_collection_refuses_keeps_the_step(collection, clock, monotonic):
    session = session_of(collection, clock, monotonic, deck=DECK)
    card = session.start()
    session.suspend()
    with Collection.open(collection.path) as other:
        other.unsuspend(card.id)  # another process changed the card since
        with pytest.raises(RecallError, match="cannot undo the suspend"):
            session.undo()
        assert session.can_undo and session.current.id != card.id
        other.undo()  # ... and changed it back: now it can be undone
    assert session.undo().id == card.id


def test_refresh_after_the_card_left_the_log(collection, clock, monotonic, logs):
    session = session_of(collection, clock, monotonic, deck=DECK)
    card = session.start()
    text = logs["terminal"].read_text(encoding="utf-8")
    line = text.splitlines()[card.source.line - 1]
    logs["terminal"].write_text(text.replace(line + "\n", ""), encoding="utf-8")
    collection.sync(None, clock())
    following = session.refresh_current()
    assert collection.card(card.id).status == Status.ORPHANED
    assert following is not None and following.id != card.id


# --- why the session ended -------------------------------------------------------------------


def test_a_session_that_runs_out_is_done_with_nothing_left(collection, clock, monotonic):
    session = session_of(collection, clock, monotonic, deck="Garden")
    session.start()
    while session.answer(Rating.EASY) is not None:
        pass
    summary = session.summary()
    assert summary.ending == Ending.DONE and summary.remaining.due == 0
    assert summary.next_due > clock()  # the Easy reviews, days away


def test_the_limit_ends_a_session_with_cards_still_due(collection, clock, monotonic):
    session = session_of(collection, clock, monotonic, deck=DECK, limit=2)
    session.start()
    while session.answer(Rating.GOOD) is not None:  # learning repeats come back (learn-ahead)
        pass
    assert session.limit_reached
    summary = session.summary()
    assert summary.ending == Ending.LIMIT and summary.limit == 2
    assert summary.cards == 2 and summary.remaining.due == 3 == summary.remaining.new
    assert summary.next_due == clock()  # due now, not "tomorrow"


def test_a_limit_the_deck_fits_in_is_not_blamed(collection, clock, monotonic):
    session = session_of(collection, clock, monotonic, deck="Garden", limit=2)
    session.start()
    while session.answer(Rating.EASY) is not None:
        pass
    assert not session.limit_reached
    assert session.summary().ending == Ending.DONE


def test_stopping_with_cards_left_is_not_done(collection, clock, monotonic):
    session = session_of(collection, clock, monotonic, deck=DECK, limit=2)
    session.start()
    session.answer(Rating.EASY)
    summary = session.summary(stopped=True)
    assert summary.ending == Ending.STOPPED and summary.remaining.due == 4
    assert summary.next_due == clock()


def test_stopping_on_a_learn_ahead_card_says_when_it_is_due(collection, clock, monotonic):
    session = session_of(collection, clock, monotonic, deck="Garden")
    session.start()
    session.answer(Rating.GOOD)  # learning, due in 10 minutes
    card = session.answer(Rating.EASY)  # nothing else: the learning card, shown early
    assert card is not None and card.due > clock()
    summary = session.summary(stopped=True)
    assert summary.ending == Ending.STOPPED and summary.remaining.due == 1
    assert summary.next_due == card.due


def test_the_new_card_limit_is_not_a_session_limit(tmp_path, logs, clock, monotonic):
    """With today's new cards used up and reviews left, the session goes on with the reviews;
    when they are done the deck is finished for today (as Anki says), the next card due at the
    next day start, when the new cards waiting beyond today's limit come."""
    (tmp_path / "recall.toml").write_text("new_per_day = 1\n", encoding="utf-8")
    with Collection.open(tmp_path / "c.db") as col:
        col.sync([logs["terminal"]], now=clock())
        first = col.queue(clock(), deck=DECK)[0]
        col.review(first.id, Rating.EASY, clock())  # day 1: today's one new card
        assert col.queue(clock(), deck=DECK) == []  # the other 4 wait for tomorrow
        clock.advance(days=60)  # the first card is a review due today; one new card today
        session = session_of(col, clock, monotonic, deck=DECK)
        assert session.start().id == first.id
        assert session.summary(stopped=True).ending == Ending.STOPPED
        while session.answer(Rating.EASY) is not None:
            pass
        summary = session.summary()
        assert summary.reviewed == 2 and summary.ending == Ending.DONE
        assert summary.next_due == col.next_due(clock(), deck=DECK) > clock()
        assert not session.limit_reached
