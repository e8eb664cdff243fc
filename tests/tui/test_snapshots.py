"""Snapshots (SVG) of what the user sees at 80x24 with a fixed clock: deck list, question, answer, summary.

Update after an intended change of the look: `pytest tests/tui/test_snapshots.py --snapshot-update`,
then look at the new SVGs before committing them.
"""

from __future__ import annotations

SIZE = (80, 24)
DECK = "Terminal Notes"


def test_deck_list(snap_compare, collection, make_app):
    assert snap_compare(make_app(collection), terminal_size=SIZE)


def test_question(snap_compare, collection, make_app):
    assert snap_compare(make_app(collection, deck=DECK), terminal_size=SIZE)


def test_answer(snap_compare, collection, make_app):
    assert snap_compare(make_app(collection, deck=DECK), press=["space"], terminal_size=SIZE)


def test_markup_like_card_answer(snap_compare, collection, make_app):
    """The card with [TODO], [/tmp], [red]x[/red] and [@click=app.quit], answer shown."""
    app = make_app(collection, deck=DECK)

    async def to_the_bracket_card(pilot):
        await pilot.pause()
        while "Bracket" not in app.screen.card.question:
            await pilot.press("space", "4")
        await pilot.press("space")

    assert snap_compare(app, run_before=to_the_bracket_card, terminal_size=SIZE)


def test_summary(snap_compare, collection, make_app, monotonic):
    app = make_app(collection, deck=DECK)

    async def review_then_finish(pilot):
        await pilot.pause()
        for key in ("3", "1", "4"):
            monotonic.advance(12)
            await pilot.press("space", key)
        await pilot.press("q")

    assert snap_compare(app, run_before=review_then_finish, terminal_size=SIZE)


def test_help(snap_compare, collection, make_app):
    assert snap_compare(
        make_app(collection, deck=DECK), press=["question_mark"], terminal_size=SIZE
    )
