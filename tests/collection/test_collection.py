"""The Collection API (SPEC §9) on a real SQLite file: cards, queue, review, undo, counts."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from recall.collection import Collection
from recall.errors import CardNotFound, ClockError, RecallError
from recall.model import Memory
from recall.rating import Rating, State, Status
from recall.store.rows import LOG_SELECT
from tests.collection.conftest import STUDY_LOG, T0, write_log


@pytest.fixture
def synced(col, log):
    col.sync([log], T0)
    return col


def test_cards_in_log_order_with_their_fields(synced, log):
    cards = synced.cards()
    assert [c.question for c in cards] == [
        "How it works?",
        "Cost?",
        "How it works?",
        "Risk?",
        "variance = ?",
        "What does a p-value measure?",
    ]
    first = cards[0]
    assert first.deck == "Study Log"
    assert first.context == ("Nov 2, 2026: Caching", "Write-through cache")
    assert first.answer.startswith("every write goes to the cache")
    assert first.status is Status.ACTIVE and first.state is State.NEW
    assert first.due is None and first.reps == 0 and first.lapses == 0
    assert first.file == str(log.resolve())
    assert first.source.line == 7
    assert first.created == T0
    assert len(first.id) == 16 and len(first.key) == 16
    assert synced.card(first.id) == first
    assert len({c.id for c in cards}) == 6


def test_unknown_card_is_card_not_found(synced):
    with pytest.raises(CardNotFound, match="no card"):
        synced.card("0000000000000000")
    with pytest.raises(CardNotFound):
        synced.review("0000000000000000", Rating.GOOD, T0)
    with pytest.raises(CardNotFound):
        synced.reviews("0000000000000000")


def test_cards_filters_and_unknown_status(synced):
    assert len(synced.cards(deck="Study Log")) == 6
    assert synced.cards(deck="Nope") == []
    assert len(synced.cards(status="active")) == 6
    assert synced.cards(status="orphaned") == []
    with pytest.raises(RecallError, match="unknown card status"):
        synced.cards(status="sleeping")


def test_queue_new_cards_in_log_order_and_limit(synced):
    assert [c.question for c in synced.queue(T0)][:2] == ["How it works?", "Cost?"]
    assert len(synced.queue(T0, limit=3)) == 3
    assert synced.queue(T0, deck="Other") == []


def test_review_is_committed_before_it_returns(synced, tmp_path):
    card = synced.queue(T0)[0]
    updated = synced.review(card.id, Rating.GOOD, T0, duration_ms=4200)
    other = sqlite3.connect(tmp_path / "collection.db")  # another connection, as another process
    row = other.execute(
        "SELECT card_id, rating, duration_ms, before_state, after_state FROM review_log"
    ).fetchall()
    assert row == [(card.id, 3, 4200, "new", updated.state.value)]
    assert other.execute("SELECT reps, state FROM cards WHERE id = ?", (card.id,)).fetchone() == (
        1,
        updated.state.value,
    )
    other.close()
    assert updated.reps == 1 and updated.memory.last_review == T0
    assert updated.state is State.LEARNING and updated.due == T0 + timedelta(minutes=10)


def test_review_log_holds_before_and_after(synced):
    card = synced.queue(T0)[0]
    after = synced.review(card.id, Rating.EASY, T0, duration_ms=1000)
    (entry,) = synced.reviews(card.id)
    assert entry.card_id == card.id and entry.rating is Rating.EASY
    assert entry.reviewed_at == T0 and entry.duration_ms == 1000
    assert entry.before == card.memory == Memory()
    assert entry.after == after.memory
    assert entry.state_before is State.NEW and entry.state_after is State.REVIEW


def test_preview_is_exactly_what_review_gives(synced):
    card = synced.queue(T0)[0]
    now = T0
    # Bring the card into review over a few days so fuzz and stability are in play.
    for _ in range(4):
        card = synced.review(card.id, Rating.GOOD, now)
        now = max(now + timedelta(days=1), card.due)
    assert card.state is State.REVIEW
    for rating in Rating:
        shown = synced.preview(card.id, now)
        memories = synced.preview_memory(card.id, now)
        given = synced.review(card.id, rating, now)
        assert given.due == shown[rating], rating
        assert given.memory == memories[rating], rating
        assert synced.undo() == card
    assert len(synced.reviews(card.id)) == 4


def test_undo_is_multi_level_and_exact(synced):
    originals = {c.id: c for c in synced.cards()}
    start = synced.counts(T0)
    given = []
    now = T0
    for card in synced.queue(T0)[:3]:
        given.append(synced.review(card.id, Rating.HARD, now))
        now += timedelta(seconds=30)
    again = synced.review(given[0].id, Rating.AGAIN, now + timedelta(minutes=2))
    assert synced.counts(T0).new == start.new - 3
    assert synced.undo() == given[0]  # back to the state after the first review
    assert synced.undo() == originals[given[2].id]
    assert synced.undo() == originals[given[1].id]
    assert synced.undo() == originals[given[0].id]
    assert synced.undo() is None
    assert synced.reviews() == []
    assert synced.counts(T0) == start  # today's new-card count came back too
    assert {c.id: c for c in synced.cards()} == originals
    assert again.reps == 2


def test_undo_only_reaches_this_sessions_reviews(tmp_path, log):
    db = tmp_path / "collection.db"
    with Collection.open(db, tz="UTC") as first:
        first.sync([log], T0)
        card = first.queue(T0)[0]
        first.review(card.id, Rating.GOOD, T0)
    with Collection.open(db, tz="UTC") as second:
        assert second.undo() is None
        assert len(second.reviews()) == 1


def test_undo_refuses_when_another_session_reviewed_the_card_since(tmp_path, log):
    db = tmp_path / "collection.db"
    with Collection.open(db, tz="UTC") as a, Collection.open(db, tz="UTC") as b:
        a.sync([log], T0)
        card = a.queue(T0)[0]
        a.review(card.id, Rating.GOOD, T0)
        b.review(card.id, Rating.GOOD, T0 + timedelta(minutes=11))
        with pytest.raises(RecallError, match="reviewed again"):
            a.undo()
        assert len(a.reviews(card.id)) == 2


def test_new_cards_per_day_counted_from_the_review_log(tmp_path, log):
    (tmp_path / "recall.toml").write_text("new_per_day = 2\n")
    with Collection.open(tmp_path / "collection.db", tz="UTC") as col:
        col.sync([log], T0)
        assert col.counts(T0).new == 2
        assert [c.question for c in col.queue(T0)] == ["How it works?", "Cost?"]
        first = col.queue(T0)[0]
        col.review(first.id, Rating.GOOD, T0)
        assert col.counts(T0).new == 1
        # The same card reviewed again today is not a second new card.
        col.review(first.id, Rating.GOOD, T0 + timedelta(minutes=10))
        assert col.counts(T0 + timedelta(minutes=11)).new == 1
        second = next(c for c in col.queue(T0 + timedelta(minutes=11)) if c.state is State.NEW)
        col.review(second.id, Rating.EASY, T0 + timedelta(minutes=12))
        assert col.counts(T0 + timedelta(minutes=13)).new == 0
        assert all(c.state is not State.NEW for c in col.queue(T0 + timedelta(minutes=13)))
        col.undo()
        assert col.counts(T0 + timedelta(minutes=13)).new == 1
        # A new scheduling day (rollover 04:00 UTC here) gives a fresh allowance.
        assert col.counts(T0 + timedelta(days=1)).new == 2


def test_learning_cards_count_within_twenty_minutes_and_come_last_in_the_queue(synced):
    card = synced.queue(T0)[0]
    learning = synced.review(card.id, Rating.GOOD, T0)  # 10-minute step
    assert synced.counts(T0).learning == 1
    assert synced.queue(T0)[-1].id == card.id  # learn-ahead after the rest
    assert synced.next_due(T0) == learning.due
    synced.review(card.id, Rating.GOOD, learning.due)  # graduates: review tomorrow or later
    later = synced.card(card.id)
    assert later.state is State.REVIEW
    assert synced.counts(learning.due).learning == 0
    learning2 = synced.review(synced.queue(T0)[0].id, Rating.AGAIN, T0)  # 1-minute step
    assert synced.counts(T0 - timedelta(minutes=30)).learning == 0
    assert synced.counts(learning2.due - timedelta(minutes=19)).learning == 1


def test_reviews_due_today_count_until_the_next_day_start(synced):
    card = synced.queue(T0)[0]
    card = synced.review(card.id, Rating.EASY, T0)
    assert card.state is State.REVIEW
    due = card.due
    assert due.hour == 4 and due.minute == 0  # day starts at 04:00 (UTC here)
    assert synced.counts(due - timedelta(seconds=1)).review == 0
    assert synced.counts(due).review == 1
    assert synced.counts(due + timedelta(hours=23, minutes=59)).review == 1
    assert synced.queue(due)[0].id == card.id  # reviews before new cards


def test_suspend_and_unsuspend(synced):
    card = synced.queue(T0)[0]
    suspended = synced.suspend(card.id)
    assert suspended.status is Status.SUSPENDED
    assert card.id not in [c.id for c in synced.queue(T0)]
    assert synced.counts(T0).new == 5
    with pytest.raises(RecallError, match="suspended"):
        synced.review(card.id, Rating.GOOD, T0)
    assert synced.unsuspend(card.id).status is Status.ACTIVE
    assert synced.counts(T0).new == 6


def test_reviews_since_is_an_index_range_on_the_review_time(synced):
    cards = synced.queue(T0)[:3]
    times = [T0, T0 + timedelta(hours=1), T0 + timedelta(hours=2)]
    for card, when in zip(cards, times, strict=True):
        synced.review(card.id, Rating.GOOD, when)
    assert [r.reviewed_at for r in synced.reviews(since=times[1])] == times[1:]
    shanghai = times[1].astimezone(ZoneInfo("Asia/Shanghai"))  # any offset: the same instant
    assert [r.card_id for r in synced.reviews(since=shanghai)] == [c.id for c in cards[1:]]
    assert synced.reviews(since=times[2] + timedelta(microseconds=1)) == []
    assert synced.reviews(cards[0].id, since=times[1]) == []
    assert [r.id for r in synced.reviews(cards[1].id, since=times[1])] == [
        r.id for r in synced.reviews(cards[1].id)
    ]
    with pytest.raises(ClockError):
        synced.reviews(since=datetime(2026, 11, 29, 9))
    plan = synced.connection.execute(
        f"EXPLAIN QUERY PLAN {LOG_SELECT} WHERE reviewed_at >= ? ORDER BY reviewed_at, id",
        (times[1].isoformat(),),
    ).fetchall()
    assert any("USING INDEX review_log_time (reviewed_at>?)" in row[-1] for row in plan), plan


def test_review_marks_say_what_the_review_log_says(synced):
    cards = synced.queue(T0)[:3]
    for k, card in enumerate(cards):
        synced.review(card.id, Rating.GOOD, T0 + timedelta(minutes=k))
    synced.review(cards[0].id, Rating.AGAIN, T0 + timedelta(days=3))
    full = [(r.card_id, r.reviewed_at, r.rating, r.state_before) for r in synced.reviews()]
    assert [tuple(m) for m in synced.review_marks()] == full
    assert full[-1][2:] == (Rating.AGAIN, State.LEARNING)
    since = T0 + timedelta(minutes=1)
    assert [tuple(m) for m in synced.review_marks(since=since)] == full[1:]
    deck = cards[0].deck
    other = synced.review_marks(deck=deck + " (none)")
    assert other == []
    assert len(synced.review_marks(deck=deck)) == sum(
        1 for r in synced.reviews() if synced.card(r.card_id).deck == deck
    )
    with pytest.raises(ClockError):
        synced.review_marks(since=datetime(2026, 11, 29, 9))


def test_an_orphaned_card_suspended_stays_orphaned_and_comes_back_suspended(synced, log):
    (card,) = [c for c in synced.cards() if c.question == "Risk?"]
    risk = "- Risk: a crash can lose writes that were not flushed yet.\n"
    write_log(log, STUDY_LOG.replace(risk, ""))
    synced.sync([log], T0)
    assert synced.card(card.id).status is Status.ORPHANED
    assert synced.suspend(card.id).status is Status.ORPHANED
    assert synced.unsuspend(card.id).status is Status.ORPHANED
    synced.suspend(card.id)
    write_log(log)
    synced.sync([log], T0)
    assert synced.card(card.id).status is Status.SUSPENDED
    with pytest.raises(CardNotFound):
        synced.suspend("no-such-card")


def test_bury_until_the_next_day_start(synced):
    card = synced.queue(T0)[0]
    buried = synced.bury(card.id, T0)
    assert buried.buried_until == datetime(2026, 11, 30, 4, 0, tzinfo=T0.tzinfo)
    assert card.id not in [c.id for c in synced.queue(T0)]
    assert synced.counts(T0).new == 5
    assert synced.next_due(T0) == buried.buried_until
    tomorrow = buried.buried_until
    assert synced.queue(tomorrow)[0].id == card.id


def test_next_due_none_when_nothing_will_be_due(col):
    assert col.next_due(T0) is None
    assert col.queue(T0) == [] and col.counts(T0).due == 0


def test_decks_counts(synced):
    decks = synced.decks(T0)
    assert list(decks) == ["Study Log"]
    assert decks["Study Log"].new == 6 and decks["Study Log"].due == 6
    assert synced.deck_names() == ["Study Log"]


def test_bad_rating_and_naive_time_are_clear_errors(synced):
    card = synced.queue(T0)[0]
    with pytest.raises(RecallError, match="1 Again"):
        synced.review(card.id, 5, T0)
    with pytest.raises(RecallError, match="duration_ms"):
        synced.review(card.id, Rating.GOOD, T0, duration_ms=-3)
    with pytest.raises(ClockError):
        synced.review(card.id, Rating.GOOD, datetime(2026, 11, 29, 9, 0))
    assert synced.reviews() == []


def test_now_defaults_to_recall_now(synced, monkeypatch):
    monkeypatch.setenv("RECALL_NOW", "2026-11-29T10:00:00+01:00")
    card = synced.review(synced.queue()[0].id, Rating.GOOD)
    assert card.memory.last_review == T0


def test_parameters_set_and_revert(col):
    defaults = col.parameters()
    assert len(defaults) == 21
    fitted = [round(p * 1.01, 4) for p in defaults]
    col.set_parameters(fitted)
    assert col.parameters() == pytest.approx(fitted)
    assert col.previous_parameters() == defaults
    assert col.revert_parameters() == defaults
    assert col.previous_parameters() is None
    with pytest.raises(RecallError, match="no earlier"):
        col.revert_parameters()
    with pytest.raises(RecallError):
        col.set_parameters([1.0, 2.0])
    with pytest.raises(RecallError):
        col.set_parameters([float("nan")] * 21)


def test_parameters_persist_and_drive_the_scheduler(tmp_path, log):
    db = tmp_path / "collection.db"
    with Collection.open(db, tz="UTC") as col:
        col.sync([log], T0)
        defaults = col.parameters()
        changed = list(defaults)
        changed[2] = 10.0  # initial stability after Good
        col.set_parameters(changed)
    with Collection.open(db, tz="UTC") as col:
        assert col.parameters()[2] == 10.0
        stored = col.connection.execute("SELECT value FROM settings WHERE key='scheduler'")
        assert '"parameters"' in stored.fetchone()[0]
        card = col.review(col.queue(T0)[0].id, Rating.GOOD, T0)
        assert card.memory.stability == pytest.approx(10.0)


def test_card_text_is_stored_as_data(tmp_path, col):
    log = tmp_path / "odd.md"
    log.write_text(
        "# Odd\n\n- Markup: [red]x[/red] and [@click=app.quit] and <script>alert(1)</script>\n"
        "- Escape: \x1b[31mred\x1b[0m text\n",
        encoding="utf-8",
    )
    col.sync([log], T0)
    answers = [c.answer for c in col.cards()]
    assert any("[red]x[/red]" in a and "<script>" in a for a in answers)
    assert any("\x1b[31m" in a for a in answers)


def test_the_longest_intervals_at_the_latest_now_stay_within_the_calendar(tmp_path, log):
    """maximum_interval at its cap (36500 days) and "now" at the end of the accepted range
    (year 9000): repeated Easy ratings schedule within year 9999, never an OverflowError."""
    from recall import clock

    (tmp_path / "recall.toml").write_text("maximum_interval = 36500\n")
    now = clock.LATEST - timedelta(days=1)
    with Collection.open(tmp_path / "collection.db", tz="UTC") as col:
        col.sync([log], now)
        card = col.queue(now)[0]
        for _ in range(12):
            card = col.review(card.id, Rating.EASY, now)
            assert card.due <= now + timedelta(days=36501)
            now = min(card.due, clock.LATEST)
        assert card.due.year <= 9100
        with pytest.raises(ClockError, match="out of range"):
            col.counts(clock.LATEST + timedelta(seconds=1))
