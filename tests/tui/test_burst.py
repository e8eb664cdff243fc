"""Keys typed faster than the app answers: every answer shown belongs to the question shown, no key is lost.

The keys are posted to the app all at once (not with `pilot.press`, which waits after each key).
While they are processed, a watcher checks every frame painted and every turn of the event loop.
At the end the review log must equal the one left by pressing the same keys one at a time.
"""

from __future__ import annotations

import asyncio
import random

from textual import events
from textual.widgets._markdown import MarkdownBlock

from recall.collection import Collection
from recall.tui.screens.review import ReviewScreen
from recall.tui.text import clean
from recall.tui.widgets.card_markdown import CardMarkdown
from recall.tui.widgets.question_text import QuestionText

SIZE = (80, 24)
DECK = "Terminal Notes"
CHARACTERS = {"space": " ", "enter": "\r"}


def key_event(key: str) -> events.Key:
    return events.Key(key, CHARACTERS.get(key, key))


def shown_text(markdown: CardMarkdown) -> str:
    """The text a CardMarkdown displays now (its mounted blocks), whitespace collapsed."""
    parts = [block._content.plain for block in markdown.query(MarkdownBlock)]
    return " ".join(" ".join(parts).split())


def question_shown(screen: ReviewScreen) -> str:
    """The question on screen: the one-step text, or the Markdown widget for block questions."""
    text = screen.query_one("#question-text", QuestionText)
    if text.display:
        return " ".join(text.content.plain.split())
    return shown_text(screen.query_one("#question", CardMarkdown))


def plain(text: str) -> str:
    return " ".join(clean(text).split())


class Watcher:
    """Checks that a visible answer always belongs to the visible question.

    Two views: every frame the app paints (the compositor's visible widgets), and every turn of
    the event loop (the widgets' state, which the next frame would paint; skipped inside a
    batch update, when no frame can be painted).
    """

    def __init__(self, app, cards) -> None:
        self.app = app
        self.answers = {plain(card.question): plain(card.answer) for card in cards}
        self.frames = 0
        self.checked: list[str] = []
        self._display = app._display
        app._display = self.on_paint

    def on_paint(self, screen, renderable) -> None:
        if renderable is not None and not self.app._batch_count:
            self.frames += 1
            if isinstance(screen, ReviewScreen):
                visible = screen._compositor.visible_widgets
                self.check(screen, screen.query_one("#answer", CardMarkdown) in visible)
        return self._display(screen, renderable)

    def stop(self) -> None:
        """Stop watching frames: the app's shutdown takes its widgets down one by one."""
        self.app._display = self._display

    def on_tick(self) -> None:
        screen = self.app.screen
        if self.app._batch_count or not isinstance(screen, ReviewScreen) or not screen.card:
            return
        answer = screen.query_one("#answer", CardMarkdown)
        self.check(screen, answer.display)

    def check(self, screen: ReviewScreen, answer_visible: bool) -> None:
        if not answer_visible:
            return
        assert screen.revealed, "an answer is visible before it was asked for"
        asked = question_shown(screen)
        answer = shown_text(screen.query_one("#answer", CardMarkdown))
        assert asked in self.answers, f"unknown question on screen: {asked!r}"
        assert answer == self.answers[asked], f"under {asked!r} another card's answer: {answer!r}"
        self.checked.append(asked)


def key_script(seed: int, length: int) -> list[str]:
    rng = random.Random(seed)
    keys = []
    for _ in range(length):
        keys.append(rng.choice(["space", "space", "enter", "1", "2", "3", "3", "4", "u"]))
    return keys


def settled(app) -> bool:
    """Whether every key posted has been handled: no message waiting in the app or any of its
    widgets, and no review screen still inside an action (they wait for each other
    under the screen's lock, outside any queue). Leaving the app before would close it on
    keys still in flight, which then do nothing."""
    pumps = [app, *app._registry]  # a key bubbles from the focused widget up to the app
    if any(pump._message_queue.qsize() for pump in pumps):
        return False
    return not any(s._lock.locked() for s in app.screen_stack if isinstance(s, ReviewScreen))


async def run_burst(
    collection: Collection, make_app, keys: list[str], *, answers_seen: bool = True
) -> list[str]:
    app = make_app(collection, deck=DECK)
    watcher = Watcher(app, collection.cards())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        gaps = random.Random(len(keys))
        for key in keys:  # never waiting for a key to be handled; at most a few loop turns
            app.post_message(key_event(key))
            gap = gaps.choice((0, 0, 0, 1, 3, 10, "frame"))
            if gap == "frame":  # now and then a frame is painted mid-burst (a slower typist)
                await pilot.pause()
                watcher.on_tick()
                gap = 0
            for _ in range(gap):
                await asyncio.sleep(0)
                watcher.on_tick()
        for turn in range(100_000):  # until every key is handled (loop turns, not time)
            await asyncio.sleep(0)
            watcher.on_tick()
            if settled(app):
                await pilot.pause()
                if settled(app):
                    break
            elif turn % 100 == 99:
                await pilot.pause()  # let work scheduled after a refresh run (answers built)
        assert settled(app), "keys still in flight"
        watcher.on_tick()
        watcher.stop()
        assert app.is_running
    print(f"{watcher.frames} frames painted, {len(watcher.checked)} checks with an answer shown")
    if answers_seen:
        assert watcher.checked, "no answer was ever shown"
    return [f"{r.card_id}:{int(r.rating)}" for r in collection.reviews()]


async def run_one_by_one(collection: Collection, make_app, keys: list[str]) -> list[str]:
    app = make_app(collection, deck=DECK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
    return [f"{r.card_id}:{int(r.rating)}" for r in collection.reviews()]


async def test_space_and_grade_burst_grades_every_card(collection, make_app):
    # 5 new cards, each needs two Goods (learning step, then review): 10 ratings, then the
    # summary; the last pair of keys lands on the summary and does nothing.
    keys = ["space", "3"] * 11
    log = await run_burst(collection, make_app, keys, answers_seen=False)
    assert len(log) == 10
    assert all(entry.endswith(":3") for entry in log)


async def test_a_burst_of_spaces_reveals_then_grades_good_card_by_card(
    collection, make_app, tmp_path, logs, clock
):
    """Space on the answer side grades Good (Anki): typed at once, spaces alternate reveal and
    Good on each card in turn; no answer is ever shown under another card's question."""
    keys = ["space"] * 22  # 5 new cards, two Goods each, then 2 spaces on the summary
    burst = await run_burst(collection, make_app, keys)
    assert len(burst) == 10 and all(entry.endswith(":3") for entry in burst)
    with Collection.open(tmp_path / "twin.db") as twin:
        twin.sync([logs["terminal"], logs["garden"]], now=clock())
        assert await run_one_by_one(twin, make_app, keys) == burst


async def test_spaces_through_the_summary_and_the_deck_list_into_another_deck(
    collection, make_app, tmp_path, logs, clock
):
    """Keys queued behind a finishing session reach the deck list before it has read its rows:
    Enter there still studies the highlighted deck (found by the random burst; a key that does
    nothing on the deck list, here 3, let the second Enter reach an empty table and be lost)."""
    keys = ["space"] * 20 + ["enter", "3", "enter"] + ["space"] * 4
    burst = await run_burst(collection, make_app, keys)
    with Collection.open(tmp_path / "twin.db") as twin:
        twin.sync([logs["terminal"], logs["garden"]], now=clock())
        assert await run_one_by_one(twin, make_app, keys) == burst
    garden = {c.id for c in collection.cards(deck="Garden")}
    assert len(burst) == 12 and {entry.split(":")[0] for entry in burst[10:]} <= garden


async def test_random_burst_equals_pressing_keys_one_at_a_time(
    collection, make_app, tmp_path, logs, clock
):
    keys = key_script(seed=5, length=80)
    burst = await run_burst(collection, make_app, keys)
    with Collection.open(tmp_path / "twin.db") as twin:
        twin.sync([logs["terminal"], logs["garden"]], now=clock())
        one_by_one = await run_one_by_one(twin, make_app, keys)
    assert burst == one_by_one
    assert len(burst) >= 10


async def test_burst_through_the_summary_into_another_deck(
    collection, make_app, tmp_path, logs, clock
):
    """Finish a deck, Enter (summary → decks), Enter (study Garden), grade: all typed at once."""
    keys = ["space", "4"] * 5 + ["enter", "enter", "space", "4", "space", "1"]
    burst = await run_burst(collection, make_app, keys)
    with Collection.open(tmp_path / "twin.db") as twin:
        twin.sync([logs["terminal"], logs["garden"]], now=clock())
        one_by_one = await run_one_by_one(twin, make_app, keys)
    assert burst == one_by_one
    garden = {c.id for c in collection.cards(deck="Garden")}
    assert len(burst) == 7 and {entry.split(":")[0] for entry in burst[5:]} <= garden


async def test_keys_reaching_a_review_screen_already_left_do_nothing(collection, make_app):
    """A key typed just before the review screen was left (the way back to the deck list, q,
    Ctrl+C) is handled after it: it must neither grade, undo nor touch the screen's widgets."""
    app = make_app(collection, deck=DECK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("space", "3", "space")  # one rating, the next answer shown
        before = collection.reviews()
        app.show_decks()
        await pilot.pause()
        assert review not in app.screen_stack
        await review.action_grade(4)
        await review.action_space()
        await review.action_undo()
        await review.action_bury()
        assert collection.reviews() == before
        assert app.is_running
