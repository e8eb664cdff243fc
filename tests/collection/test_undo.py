"""Undo as in Anki, on a real SQLite file: one stack of reviews, suspends and buries, each restored exactly."""

from __future__ import annotations

from datetime import timedelta

import pytest

from recall.collection import Collection
from recall.errors import CardNotFound, RecallError
from recall.rating import Rating, Status
from recall.store.undo import read_flags
from tests.collection.conftest import STUDY_LOG, T0, write_log


@pytest.fixture
def synced(col, log):
    col.sync([log], T0)
    return col


def flags(col: Collection, card_id: str):
    """The stored (status, suspended, buried_until) of a card, read from the file itself."""
    return read_flags(col.connection, card_id)


def test_undo_of_a_suspend_restores_the_card_exactly(synced):
    card = synced.queue(T0)[0]
    start = synced.counts(T0)
    before = flags(synced, card.id)
    synced.suspend(card.id)
    assert synced.card(card.id).status is Status.SUSPENDED
    assert synced.can_undo
    assert synced.undo() == card
    assert flags(synced, card.id) == before == ("active", 0, None)
    assert synced.counts(T0) == start
    assert synced.queue(T0)[0].id == card.id
    assert synced.undo() is None and not synced.can_undo


def test_undo_of_a_bury_restores_the_earlier_buried_until_exactly(synced):
    card = synced.queue(T0)[0]
    yesterday = T0 - timedelta(days=1)
    first = synced.bury(card.id, yesterday)  # a bury that ended this morning
    assert first.buried_until <= T0 and card.id in [c.id for c in synced.queue(T0)]
    old = flags(synced, card.id)
    buried = synced.bury(card.id, T0)
    assert buried.buried_until > T0 and card.id not in [c.id for c in synced.queue(T0)]
    assert synced.undo() == first
    assert flags(synced, card.id) == old
    assert card.id in [c.id for c in synced.queue(T0)]
    assert synced.undo() == card  # and the first bury: never buried
    assert flags(synced, card.id)[2] is None


def test_one_stack_in_the_order_the_actions_were_taken(synced):
    originals = {c.id: c for c in synced.cards()}
    a, b, c, d = synced.queue(T0)[:4]
    now = T0
    reviewed_a = synced.review(a.id, Rating.GOOD, now)
    synced.suspend(b.id)
    synced.bury(c.id, now)
    synced.review(d.id, Rating.AGAIN, now + timedelta(seconds=20))
    synced.bury(a.id, now + timedelta(seconds=40))  # a card reviewed, then buried
    assert len(synced.reviews()) == 2

    assert synced.undo() == reviewed_a  # the bury of a; its review stays
    assert len(synced.reviews()) == 2
    assert synced.undo() == originals[d.id]
    assert [r.card_id for r in synced.reviews()] == [a.id]
    assert synced.undo() == originals[c.id]
    assert synced.undo() == originals[b.id]
    assert synced.undo() == originals[a.id]
    assert synced.undo() is None
    assert synced.reviews() == []
    assert {card.id: card for card in synced.cards()} == originals


def test_unbury_puts_the_card_back_and_is_undoable(synced):
    card = synced.queue(T0)[0]
    buried = synced.bury(card.id, T0)
    back = synced.unbury(card.id)
    assert back.buried_until is None and back == card
    assert synced.queue(T0)[0].id == card.id
    assert synced.undo() == buried  # the unbury undone: buried again, until the same instant
    assert synced.undo() == card
    assert synced.unbury(card.id) == card  # not buried: left as it is
    with pytest.raises(CardNotFound):
        synced.unbury("no-such-card")


def test_unsuspend_is_undoable_too(synced):
    card = synced.queue(T0)[0]
    suspended = synced.suspend(card.id)
    synced.unsuspend(card.id)
    assert synced.undo() == suspended
    assert synced.undo() == card


def test_an_orphaned_card_keeps_its_status_and_gets_its_suspended_flag_back(synced, log):
    (card,) = [c for c in synced.cards() if c.question == "Risk?"]
    write_log(
        log, STUDY_LOG.replace("- Risk: a crash can lose writes that were not flushed yet.\n", "")
    )
    synced.sync([log], T0)
    orphan = synced.card(card.id)
    assert orphan.status is Status.ORPHANED
    synced.suspend(card.id)
    assert flags(synced, card.id) == ("orphaned", 1, None)
    assert synced.undo() == orphan
    assert flags(synced, card.id) == ("orphaned", 0, None)
    write_log(log)
    synced.sync([log], T0)
    assert synced.card(card.id).status is Status.ACTIVE  # restored active, not suspended


def test_undo_refuses_when_a_sync_changed_the_card_since(synced, log):
    (card,) = [c for c in synced.cards() if c.question == "Risk?"]
    synced.suspend(card.id)
    write_log(
        log, STUDY_LOG.replace("- Risk: a crash can lose writes that were not flushed yet.\n", "")
    )
    synced.sync([log], T0)
    changed = flags(synced, card.id)
    assert changed == ("orphaned", 1, None)
    with pytest.raises(RecallError, match=r"cannot undo the suspend: card .* changed since"):
        synced.undo()
    assert flags(synced, card.id) == changed  # nothing changed
    assert synced.can_undo


def test_undo_refuses_when_another_session_changed_the_card_since(tmp_path, log):
    db = tmp_path / "collection.db"
    with Collection.open(db, tz="UTC") as a, Collection.open(db, tz="UTC") as b:
        a.sync([log], T0)
        card = a.queue(T0)[0]
        a.bury(card.id, T0)
        b.unbury(card.id)
        with pytest.raises(RecallError, match="cannot undo the bury"):
            a.undo()
        assert b.undo().buried_until is not None  # b's own unbury is b's to undo
        assert a.undo() == card  # now the flags are what a's bury left: a can undo it


def test_undo_only_reaches_this_collections_own_actions(tmp_path, log):
    db = tmp_path / "collection.db"
    with Collection.open(db, tz="UTC") as first:
        first.sync([log], T0)
        card = first.queue(T0)[0]
        first.suspend(card.id)
        first.bury(first.queue(T0)[0].id, T0)
    with Collection.open(db, tz="UTC") as second:
        assert second.undo() is None
        assert second.card(card.id).status is Status.SUSPENDED


def test_a_failed_suspend_leaves_nothing_to_undo(synced):
    with pytest.raises(CardNotFound):
        synced.suspend("no-such-card")
    with pytest.raises(CardNotFound):
        synced.bury("no-such-card", T0)
    assert not synced.can_undo and synced.undo() is None
