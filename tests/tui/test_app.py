"""The review app driven by Pilot over a real collection: every key, the mouse, and the edge states."""

from __future__ import annotations

import sys
import textwrap
from datetime import timedelta

from recall.rating import Rating, State, Status
from recall.tui.screens.deck_list import DeckListScreen
from recall.tui.screens.help import HelpScreen
from recall.tui.screens.review import ReviewScreen
from recall.tui.screens.summary import SummaryScreen
from tests.tui.helpers import find_text, screen_text

SIZE = (80, 24)
TERMINAL = "Terminal Notes"


def notifications(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def study(pilot, deck_row: int = 0) -> ReviewScreen:
    """From the deck list, highlight row `deck_row` and press Enter."""
    await pilot.pause()
    for _ in range(deck_row):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen), screen
    return screen


# --- deck list -------------------------------------------------------------------------------


async def test_deck_list_shows_decks_with_counts(collection, make_app, clock):
    app = make_app(collection)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DeckListScreen)
        text = screen_text(app)
        decks = collection.decks(clock())
        assert list(decks) == ["Garden", TERMINAL]
        for name, counts in decks.items():
            line = next(line for line in text.splitlines() if name in line)
            assert line.split()[-3:] == [str(counts.new), str(counts.learning), str(counts.review)]
        total = collection.counts(clock())
        assert f"Due today: {total.due}" in text


async def test_enter_studies_the_highlighted_deck(collection, make_app):
    app = make_app(collection)
    async with app.run_test(size=SIZE) as pilot:
        screen = await study(pilot, deck_row=1)
        assert screen.session.deck == TERMINAL
        assert screen.card is not None and screen.card.deck == TERMINAL
        find_text(app, TERMINAL)  # the breadcrumb names the deck


async def test_empty_collection(empty_collection, make_app):
    app = make_app(empty_collection)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "No cards yet" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, DeckListScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


# --- review: reveal and grades -----------------------------------------------------------------


async def test_question_then_space_shows_the_answer_with_intervals(collection, make_app, clock):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        card = screen.card
        assert card == collection.queue(clock(), deck=TERMINAL)[0]
        assert not screen.revealed
        answer_start = card.answer.split()[0]
        assert "Show answer" in screen_text(app)
        await pilot.press("space")
        assert screen.revealed
        text = screen_text(app)
        assert answer_start in text
        for rating, due in collection.preview(card.id, clock()).items():
            label = app.interval_label(due, clock())
            assert f"{int(rating)} {rating.label} · {label}" in text


async def test_enter_reveals_too(collection, make_app):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        assert app.screen.revealed


async def test_space_and_enter_grade_good_on_the_answer_side(collection, make_app):
    """As in Anki: space/enter show the answer, and on the answer side grade Good."""
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        graded = []
        for key in ("space", "enter"):
            card = app.screen.card
            await pilot.press(key)
            assert app.screen.revealed and app.screen.card == card
            assert len(collection.reviews()) == len(graded)  # revealing grades nothing
            await pilot.press(key)
            graded.append(card.id)
            assert app.screen.card.id != card.id and not app.screen.revealed
            assert "Show answer" in screen_text(app)
        assert [(r.card_id, r.rating) for r in collection.reviews()] == [
            (card_id, Rating.GOOD) for card_id in graded
        ]


async def test_double_tap_of_space_reveals_then_grades_good(collection, make_app, clock):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.card
        expected = collection.preview(first.id, clock())[Rating.GOOD]
        await pilot.press("space", "space")
        (log,) = collection.reviews()
        assert (log.card_id, log.rating) == (first.id, Rating.GOOD)
        assert collection.card(first.id).due == expected  # the interval the Good button showed
        screen = app.screen
        assert screen.card.id != first.id and not screen.revealed  # next card, question side


async def test_each_grade_key_commits_its_rating_with_the_duration(collection, make_app, monotonic):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        graded = []
        for key, seconds in (("1", 7), ("2", 12.5), ("3", 3), ("4", 90)):
            card = app.screen.card
            monotonic.advance(seconds)
            await pilot.press("space", key)
            graded.append(card.id)
            log = collection.reviews()[-1]
            assert (log.card_id, log.rating) == (card.id, Rating(int(key)))
            # committed: another connection to the same file sees it at once
            assert log.duration_ms == min(int(seconds * 1000), 60_000)
        assert app.screen.card.id not in graded[1:]
    assert [r.card_id for r in collection.reviews()] == graded


async def test_grades_do_nothing_before_the_answer_is_shown(collection, make_app):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        card = app.screen.card
        await pilot.press("1", "2", "3", "4")
        assert collection.reviews() == []
        assert app.screen.card == card


async def test_rating_is_in_the_database_before_the_next_card_shows(collection, make_app, tmp_path):
    import sqlite3

    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.card
        await pilot.press("space", "3")
        assert app.screen.card.id != first.id
        with sqlite3.connect(collection.path) as other:
            (rows,) = other.execute("SELECT count(*) FROM review_log").fetchone()
        assert rows == 1


# --- undo, suspend, bury ---------------------------------------------------------------------


async def test_undo_goes_back_through_the_session(collection, make_app, clock):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        shown = []
        for key in ("3", "1", "4"):
            shown.append(app.screen.card)
            await pilot.press("space", key)
        assert len(collection.reviews()) == 3
        for depth, card in enumerate(reversed(shown), start=1):
            await pilot.press("u")
            assert app.screen.card.id == card.id
            assert app.screen.card.memory == card.memory  # restored exactly
            assert not app.screen.revealed
            assert len(collection.reviews()) == 3 - depth
        await pilot.press("u")
        assert "Nothing to undo in this session." in notifications(app)
        assert app.screen.card.id == shown[0].id
        assert collection.card(shown[0].id).state == State.NEW


async def test_undo_then_regrade(collection, make_app):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.card
        await pilot.press("space", "1", "u", "space", "4")
        logs = collection.reviews()
        assert [(log.card_id, log.rating) for log in logs] == [(first.id, Rating.EASY)]


async def test_suspend_takes_the_card_out_of_the_queue(collection, make_app, clock):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        card = app.screen.card
        before = collection.counts(clock(), deck=TERMINAL)
        await pilot.press("s")
        assert collection.card(card.id).status == Status.SUSPENDED
        assert card.id not in [c.id for c in collection.queue(clock(), deck=TERMINAL)]
        assert collection.counts(clock(), deck=TERMINAL).new == before.new - 1
        assert app.screen.card.id != card.id
        await pilot.press("u")
        assert collection.card(card.id).status == Status.ACTIVE
        assert app.screen.card.id == card.id


async def test_bury_hides_the_card_until_tomorrow(collection, make_app, clock):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        card = app.screen.card
        await pilot.press("b")
        assert app.screen.card.id != card.id
        assert card.id not in [c.id for c in collection.queue(clock(), deck=TERMINAL)]
        stored = collection.card(card.id)
        assert stored.buried_until is not None and stored.buried_until > clock()
        clock.now = stored.buried_until
        assert card.id in [c.id for c in collection.queue(clock(), deck=TERMINAL)]


async def test_u_steps_back_through_ratings_suspends_and_buries(collection, make_app, clock):
    """Anki's undo: u takes back the last of rating / suspend / bury, in the session's order."""
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        shown = []
        for keys in (("space", "3"), ("s",), ("b",), ("space", "1")):
            shown.append(app.screen.card)
            await pilot.press(*keys)
        assert len(collection.reviews()) == 2
        assert collection.card(shown[1].id).status == Status.SUSPENDED
        assert collection.card(shown[2].id).buried_until is not None
        for card, note in zip(
            reversed(shown),
            ("Rating undone", "Bury undone", "Suspend undone", "Rating undone"),
            strict=True,
        ):
            await pilot.press("u")
            screen = app.screen
            assert screen.card == card and collection.card(card.id) == card  # restored exactly
            assert not screen.revealed
            assert card.question in screen_text(app)
            assert notifications(app)[-1] == f"{note}: {card.question}"
        assert collection.reviews() == []
        await pilot.press("u")
        assert notifications(app)[-1] == "Nothing to undo in this session."
        # the restored cards are in review again, in the order they were first shown
        assert collection.queue(clock(), deck=TERMINAL)[:4] == shown


async def test_undo_of_a_bury_from_the_summary(collection, make_app, clock):
    app = make_app(collection, deck="Garden")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.card
        await pilot.press("space", "4", "b")  # grade one, bury the other: the deck is done
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        (buried,) = [c for c in collection.cards(deck="Garden") if c.id != first.id]
        assert buried.buried_until is not None
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.card.id == buried.id
        assert collection.card(buried.id).buried_until is None
        assert len(collection.reviews()) == 1


async def test_again_card_comes_back_in_the_same_session(collection, make_app, clock):
    app = make_app(collection, deck="Garden")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.card
        await pilot.press("space", "1")  # Again: learning, due in a minute
        second = app.screen.card
        assert second.id != first.id
        await pilot.press("space", "3")
        assert app.screen.card is not None and app.screen.card.id == first.id
        assert app.screen.card.state == State.LEARNING


# --- edit and links --------------------------------------------------------------------------


FAKE_EDITOR = """\
import pathlib, sys
line_arg, path = sys.argv[1], pathlib.Path(sys.argv[2])
assert line_arg.startswith("+"), sys.argv
line = int(line_arg[1:])
lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
lines[line - 1] = lines[line - 1].replace("the next.", "the next program, edited in the editor.")
path.write_text("".join(lines), encoding="utf-8")
pathlib.Path(sys.argv[0]).with_suffix(".log").write_text(" ".join(sys.argv[1:]), encoding="utf-8")
"""


async def test_edit_opens_the_editor_at_the_line_then_resyncs(
    collection, make_app, tmp_path, monkeypatch, logs
):
    script = tmp_path / "fake_editor.py"
    script.write_text(FAKE_EDITOR, encoding="utf-8")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        card = app.screen.card
        assert "the next." in card.answer  # the first card is the Pipe bullet
        await pilot.press("space", "e")
        await pilot.pause()
        ran = script.with_suffix(".log").read_text(encoding="utf-8")
        assert ran == f"+{card.source.line} {logs['terminal']}"
        assert "Log re-synced: 1 updated." in notifications(app)
        shown = app.screen.card
        assert shown.id == card.id  # same card, history kept
        assert "edited in the editor" in shown.answer
        assert not app.screen.revealed
        await pilot.press("space")
        assert "program, edited in" in screen_text(app)
        assert "edited in the editor" in collection.card(card.id).answer


async def test_edit_with_a_missing_editor_says_so_without_handing_over_the_terminal(
    collection, make_app, monkeypatch
):
    """A missing editor is found before the app is suspended (in a real terminal, a failure
    inside the suspension left a blank screen: findings-1, TUI 2): the editor is never run."""
    monkeypatch.setenv("VISUAL", "no-such-editor-for-recall-tests --wait")
    ran: list[list[str]] = []
    app = make_app(collection, deck=TERMINAL, editor=ran.append)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        card = app.screen.card
        await pilot.press("e")
        assert ran == []
        (message,) = [m for m in notifications(app) if "editor" in m]
        assert message.startswith("Cannot start the editor 'no-such-editor-for-recall-tests'")
        assert "$VISUAL" in message
        assert app.screen.card == card and app.is_running
        await pilot.press("space", "3")  # the session goes on
        assert [r.card_id for r in collection.reviews()] == [card.id]


async def test_edit_with_no_editor_set_and_no_vi_says_so(
    collection, make_app, monkeypatch, tmp_path
):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no vi anywhere
    ran: list[list[str]] = []
    app = make_app(collection, deck=TERMINAL, editor=ran.append)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("e")
        assert ran == []
        assert any(
            "$VISUAL and $EDITOR are not set and 'vi' is not installed" in m
            for m in notifications(app)
        ), notifications(app)


async def test_edit_with_an_editor_that_fails_to_start_keeps_the_card(
    collection, make_app, monkeypatch, tmp_path
):
    """An editor found on PATH that still cannot start (not a program the system can run)."""
    broken = tmp_path / "broken-editor"
    broken.write_bytes(b"\x7fELF not really a program")
    broken.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(broken))
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        card = app.screen.card
        await pilot.press("e")
        assert any(m.startswith("Cannot start the editor") for m in notifications(app))
        assert app.screen.card == card and app.is_running


async def test_edit_on_the_bundled_sample_says_how_to_add_a_log_instead(
    tmp_path, make_app, monkeypatch
):
    """Fresh-user finding: `e` on a sample card opened the file inside the installed package
    (edits lost on upgrade, or not saved at all on a system install)."""
    import hashlib
    from pathlib import Path

    from recall.collection import Collection

    monkeypatch.setenv("VISUAL", sys.executable)  # an editor that exists: only recall stops it
    ran: list[list[str]] = []
    with Collection.open(tmp_path / "sample.db") as col:
        col.ensure_source()
        (deck,) = col.deck_names()
        app = make_app(col, deck=deck, editor=ran.append)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            card = app.screen.card
            before = hashlib.sha256(Path(card.file).read_bytes()).hexdigest()
            await pilot.press("space", "e")
            await pilot.pause()
            assert ran == []
            assert notifications(app) == [
                "This card is from the bundled sample deck, which is not edited: "
                "add your own log with recall sync PATH"
            ]
            assert app.screen.card == card and app.screen.revealed and app.is_running
            assert hashlib.sha256(Path(card.file).read_bytes()).hexdigest() == before
            await pilot.press("3")  # the session goes on
            assert [r.card_id for r in col.reviews()] == [card.id]


async def test_o_opens_the_source_link_only_when_pressed(collection, make_app):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert app.screen.card.source.url is None
        await pilot.press("o")
        assert app.opened == []
        assert "This card has no source link." in notifications(app)
        while app.screen.card.source.url is None:
            await pilot.press("space", "4")
        await pilot.press("space")
        assert app.opened == []
        await pilot.press("o")
        assert app.opened == ["https://example.org/editors"]


async def test_o_says_so_when_no_browser_opened_the_link(collection, make_app):
    tried: list[str] = []

    def no_browser(url: str) -> bool:
        tried.append(url)
        return False  # what webbrowser.open returns when no browser could start

    app = make_app(collection, deck=TERMINAL, open_link=no_browser)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        while app.screen.card.source.url is None:
            await pilot.press("space", "4")
        await pilot.press("o")
        assert tried == ["https://example.org/editors"]
        assert not any(m.startswith("Opened") for m in notifications(app))
        assert (
            "Could not open https://example.org/editors: no web browser started (set $BROWSER)."
            in notifications(app)
        )


# --- markup safety in the review screen ------------------------------------------------------


async def test_bracket_text_shows_literally_and_cannot_act(collection, make_app):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        while "Bracket" not in app.screen.card.question:
            await pilot.press("space", "4")
        await pilot.press("space")
        text = screen_text(app)
        assert "[TODO] and [/tmp] and [red]x[/red] and [@click=app.quit] stay as written" in text
        x, y = find_text(app, "[@click=app.quit]")
        await pilot.click(offset=(x + 2, y))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ReviewScreen)


# --- help, finish, summary -------------------------------------------------------------------


async def test_help_shows_every_key_and_closes(collection, make_app):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for word in (
            "space / enter",
            "1 2 3 4",
            "undo",
            "suspend",
            "bury",
            "$EDITOR",
            "link",
            "finish",
        ):
            assert word in text
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_q_finishes_with_a_summary_then_back_to_decks(collection, make_app, monotonic):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ("1", "3", "3", "4"):
            monotonic.advance(10)
            await pilot.press("space", key)
        await pilot.press("q")
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Session finished; 4 more due today." in text
        assert "Congratulations" not in text
        assert "Next card due   now" in text
        assert "Cards reviewed  4" in text
        assert "Again rate      25%" in text
        assert "Time spent      40s" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeckListScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.farewell() == (
        "Reviewed 4 cards (4 ratings, again 25%) in 40s; 4 more due today in Terminal Notes."
    )


async def test_everything_done(collection, make_app, clock):
    app = make_app(collection, deck="Garden")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "4", "space", "4")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Congratulations! You have finished this deck for now." in text
        assert "Left today      0" in text
        assert "tomorrow" in text or " on " in text
        await pilot.press("u")  # undo works from the summary, back into the review
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert len(collection.reviews()) == 1
        await pilot.press("space", "4")
        await pilot.pause()
        await pilot.press("enter")  # to the deck list
        await pilot.pause()
        assert isinstance(app.screen, DeckListScreen)
        garden = next(line for line in screen_text(app).splitlines() if "Garden" in line)
        assert garden.split()[-3:] == ["0", "0", "0"]


async def test_nothing_due_line_on_the_deck_list(collection, make_app, clock):
    for card in collection.queue(clock()):
        collection.review(card.id, Rating.EASY, clock())
    app = make_app(collection)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Nothing is due now. The next card is due" in text


async def test_limit_ends_the_session(collection, make_app):
    app = make_app(collection, deck=TERMINAL, limit=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "4", "space", "4")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert len(collection.reviews()) == 2


async def test_the_limit_summary_says_so_and_what_is_still_due(collection, make_app):
    """Fresh-user finding: `--limit 3` ended in "Congratulations! You have finished this deck"
    and "Next card due tomorrow at 04:00" with 18 new cards still due today."""
    app = make_app(collection, deck=TERMINAL, limit=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        while isinstance(app.screen, ReviewScreen):  # Good: learning repeats come back too
            await pilot.press("space", "3")
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Session limit reached (2 cards); 3 more due today." in text
        assert "Congratulations" not in text and "tomorrow" not in text
        assert "Left today      3 (new 3, learning 0, review 0)" in text
        assert "Next card due   now" in text
        await pilot.press("q")
    assert app.farewell().endswith("; 3 more due today in Terminal Notes.")


async def test_a_limit_the_deck_fits_in_still_congratulates(collection, make_app):
    app = make_app(collection, deck="Garden", limit=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "4", "space", "4")
        await pilot.pause()
        text = screen_text(app)
        assert "Congratulations! You have finished this deck for now." in text
        assert "limit" not in text
    assert "more due" not in app.farewell()


async def test_q_on_a_card_shown_early_says_when_it_is_due(collection, make_app):
    """Only a learning card due in 10 minutes is left (shown early, as Anki's learn-ahead does):
    the summary says so, not "now" and not "Congratulations"."""
    app = make_app(collection, deck="Garden")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "3", "space", "4")  # Good: 10m step; Easy: done
        assert isinstance(app.screen, ReviewScreen) and app.screen.card is not None
        await pilot.press("q")
        await pilot.pause()
        text = screen_text(app)
        assert "Session finished; 1 more due today." in text
        assert "Next card due   in 10m (08:10)" in text


# --- mouse and terminal size -----------------------------------------------------------------


async def test_mouse_on_the_buttons(collection, make_app):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        card = app.screen.card
        x, y = find_text(app, "Show answer")
        await pilot.click(offset=(x, y))
        await pilot.pause()
        assert app.screen.revealed
        x, y = find_text(app, "3 Good")
        await pilot.click(offset=(x + 2, y - 1))  # the button's top row
        await pilot.pause()
        assert [(r.card_id, r.rating) for r in collection.reviews()] == [(card.id, Rating.GOOD)]
        assert app.screen.card.id != card.id


async def test_resizing_keeps_the_card_readable(collection, make_app):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")
        for size in ((60, 18), (120, 40), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            text = screen_text(app)
            assert len(text.splitlines()) == size[1]
            assert "1 Again" in text and "4 Easy" in text
            assert app.screen.card.answer.split()[0] in text


def test_fake_editor_source_is_valid_python():
    compile(textwrap.dedent(FAKE_EDITOR), "fake_editor.py", "exec")


# --- bad input and failures: one clear message, nothing lost ---------------------------------


async def test_a_locked_collection_keeps_the_card_and_the_rating_can_be_given_again(
    tmp_path, logs, clock, make_app
):
    import sqlite3

    from recall.collection import Collection

    db = tmp_path / "locked.db"
    with Collection.open(db) as setup:
        setup.sync([logs["garden"]], now=clock())
    collection = Collection.open(db, lock_timeout=0.2)
    app = make_app(collection, deck="Garden")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        card = app.screen.card
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        await pilot.press("space", "3")
        assert app.screen.card == card and app.screen.revealed
        assert any("lock" in m.lower() for m in notifications(app)), notifications(app)
        other.execute("ROLLBACK")
        other.close()
        await pilot.press("3")
        assert [(r.card_id, r.rating) for r in collection.reviews()] == [(card.id, Rating.GOOD)]
        assert app.screen.card.id != card.id
    collection.close()


BINARY_EDITOR = """\
import pathlib, sys
pathlib.Path(sys.argv[2]).write_bytes(b"\\xff\\xfe\\x00binary\\x00garbage")
"""


async def test_editor_leaving_a_binary_file_is_reported_and_the_session_goes_on(
    collection, make_app, tmp_path, monkeypatch
):
    script = tmp_path / "binary_editor.py"
    script.write_text(BINARY_EDITOR, encoding="utf-8")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        card = app.screen.card
        await pilot.press("e")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, (ReviewScreen, SummaryScreen))
        assert any("terminal.md" in m for m in notifications(app)), notifications(app)
        assert collection.card(card.id) is not None  # kept, with its history


async def test_a_long_answer_scrolls_and_nothing_breaks(tmp_path, clock, make_app):
    from recall.collection import Collection

    lines = ["# Long", "", "- Many steps:"] + [f"  - step {n} of a long recipe" for n in range(120)]
    log = tmp_path / "long.md"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Collection.open(tmp_path / "long.db") as col:
        col.sync([log], now=clock())
        app = make_app(col, deck="Long")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("space")
            assert "step 0 of a long recipe" in screen_text(app)
            scroll = app.screen.query_one("#card")
            assert scroll.max_scroll_y > 80
            await pilot.press("pagedown", "down")
            await pilot.pause()
            assert scroll.scroll_y > 0
            await pilot.press("3")
            assert app.is_running


def test_a_corrupt_collection_is_one_line_exit_1(tmp_path):
    from tests.conftest import run_recall

    db = tmp_path / "broken.db"
    db.write_bytes(b"this is not a database" * 100)
    result = run_recall("--db", str(db), "review")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("recall: error:")
    assert db.read_bytes() == b"this is not a database" * 100


async def test_an_editor_variable_with_unbalanced_quotes_is_reported(
    collection, make_app, monkeypatch
):
    monkeypatch.setenv("VISUAL", "'unterminated")
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        card = app.screen.card
        await pilot.press("e")
        assert any("Cannot read the editor command" in m for m in notifications(app))
        assert app.screen.card == card and app.is_running


async def test_the_deck_list_says_when_the_sample_deck_is_in_use(tmp_path, make_app):
    from recall.collection import Collection

    with Collection.open(tmp_path / "sample.db") as col:
        notice = col.ensure_source()
        assert notice
        first = make_app(col, notice=notice)
        async with first.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "sample deck" in screen_text(first)
        later = make_app(col)  # a later run: no notice from this start, still the sample
        async with later.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "Sample deck in use: add your own log with recall sync PATH" in screen_text(
                later
            )


async def test_notifications_quote_card_text_literally(tmp_path, clock, make_app):
    from recall.collection import Collection

    log = tmp_path / "marks.md"
    log.write_text("# Marks\n\n- [bold]Tag[/bold] name: shows as written.\n", encoding="utf-8")
    with Collection.open(tmp_path / "marks.db") as col:
        col.sync([log], now=clock())
        app = make_app(col, deck="Marks")
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            assert "[bold]Tag[/bold] name?" in screen_text(app)
            await pilot.press("s")
            await pilot.pause()
            assert "Suspended: [bold]Tag[/bold] name?" in notifications(app)
            assert "Suspended: [bold]Tag[/bold] name?" in screen_text(app)  # the toast


async def test_a_question_with_a_list_is_drawn_by_the_markdown_widget(collection, make_app):
    from dataclasses import replace

    from recall.tui.widgets.card_markdown import CardMarkdown

    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        card = replace(screen.card, question="Which two?\n\n- [red]first[/red]\n- `second`")
        async with screen._lock:
            await screen._display(card)
        await pilot.pause()
        assert not screen.query_one("#question-text").display
        assert screen.query_one("#question", CardMarkdown).display
        text = screen_text(app)
        assert "Which two?" in text and "[red]first[/red]" in text and "second" in text
        await pilot.press("space")
        assert card.answer.split()[0] in screen_text(app)


# --- Anki's other keys, Ctrl-C -------------------------------------------------------------


async def test_ankis_bury_and_suspend_keys(collection, make_app, clock):
    """Anki's desktop reviewer: - bury card, = bury note, @ suspend card, ! suspend note (a
    recall note is one card)."""
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, buried in (
            ("minus", True),
            ("equals_sign", True),
            ("at", False),
            ("exclamation_mark", False),
        ):
            card = app.screen.card
            await pilot.press(key)
            stored = collection.card(card.id)
            if buried:
                assert stored.buried_until is not None and stored.status == Status.ACTIVE, key
            else:
                assert stored.status == Status.SUSPENDED and stored.buried_until is None, key
            assert app.screen.card.id != card.id
            assert card.id not in [c.id for c in collection.queue(clock(), deck=TERMINAL)]


async def test_ctrl_z_undoes_like_u(collection, make_app):
    app = make_app(collection, deck="Garden")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.card
        await pilot.press("space", "3", "ctrl+z")
        assert collection.reviews() == []
        assert app.screen.card == first
        await pilot.press("space", "4", "b")  # the deck is done: the summary
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("ctrl+z")  # undo from the summary, back into the review
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert collection.card(app.screen.card.id).buried_until is None


async def test_ctrl_c_quits_from_every_screen_keeping_the_ratings(collection, make_app):
    """Textual only says "press ctrl+q to quit" on Ctrl-C; a terminal user means quit."""
    for keys in (
        (),  # deck list
        ("enter",),  # review, question side
        ("enter", "space"),  # review, answer side
        ("enter", "space", "3", "question_mark"),  # help over the review
        ("enter", "space", "3", "q"),  # summary
    ):
        app = make_app(collection)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            before = len(collection.reviews())
            await pilot.press(*keys)
            await pilot.pause()
            screen = type(app.screen)
            await pilot.press("ctrl+c")
            await pilot.pause()
            assert not app.is_running, (keys, screen)
        assert len(collection.reviews()) == before + ("3" in keys)
        if "3" in keys:
            farewell = app.farewell()
            assert farewell.startswith("Reviewed 1 card (1 rating, again 0%)")
            left = collection.counts(app.now(), deck="Garden").due  # Enter studied Garden
            assert left and farewell.endswith(f"; {left} more due today in Garden.")


async def test_one_card_and_one_rating_are_singular(collection, make_app):
    """Fresh-user finding: "Reviewed 1 card (1 ratings, ...)"; the summary said "(1 cards)" too."""
    app = make_app(collection, deck="Garden", limit=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.card
        await pilot.press("space", "1")  # Again: back in a minute (learn-ahead), the limit is 1
        assert app.screen.card.id == first.id
        await pilot.press("space", "4")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Cards reviewed  2 (1 card)" in text
        assert "1 cards" not in text
    assert app.farewell().startswith("Reviewed 1 card (2 ratings, again 50%)")


async def test_help_says_how_to_close_it_and_shows_its_own_keys(collection, make_app):
    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        lines = screen_text(app).splitlines()
        assert "esc closes this help" in "\n".join(lines)
        assert lines[-1].split() == ["esc", "close", "help", "ctrl+c", "quit"]  # not review keys
        for alias in ("u / ctrl+z", "s / @ / !", "b / - / =", "ctrl+c"):
            assert alias in "\n".join(lines)
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        assert "u undo" in screen_text(app).splitlines()[-1]


async def test_notifications_leave_the_buttons_and_counts_visible(collection, make_app):
    from textual.widgets._toast import Toast

    from recall.tui.widgets.counts_bar import CountsBar
    from recall.tui.widgets.grade_bar import GradeBar

    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("s", "b", "space", "u")  # two toasts, then one over the answer side
        await pilot.press("space")
        await pilot.pause()
        screen = app.screen
        toasts = [toast.region for toast in screen.query(Toast)]
        assert len(toasts) == 3
        bars = [screen.query_one(GradeBar).region, screen.query_one(CountsBar).region]
        bars.append(screen.query_one("#keys").region)
        for toast in toasts:
            for bar in bars:
                assert not toast.overlaps(bar), (toast, bar)
        text = screen_text(app)
        assert "1 Again" in text and "4 Easy" in text
        assert "New " in text


async def test_a_toast_shows_once_over_the_help(collection, make_app):
    """Fresh-user finding: with the help open, a toast showed twice, once on the review screen
    seen through the help and once on the help itself. (A large terminal: at 80x24 the help
    box covers the review screen's toasts.)"""
    from html import unescape

    def shown(text: str) -> int:
        return unescape(app.export_screenshot()).count(text.replace(" ", "\xa0"))

    app = make_app(collection, deck=TERMINAL)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        card = app.screen.card
        await pilot.press("b")
        await pilot.pause()
        toast = f"Buried until tomorrow: {card.question}"
        assert shown(toast) == 1
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert shown(toast) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert shown(toast) == 1  # back on the review screen, still there once


async def test_intervals_are_rounded_as_anki_rounds_them(collection, make_app):
    """Hard on a new card is 5.5 minutes (halfway between the 1m and 10m steps): Anki shows 6m.
    With a clock that moves between reads (as a real one does), the button showed 5m."""
    from tests.tui.helpers import TickingClock

    clock = TickingClock()
    app = make_app(collection, deck=TERMINAL, clock_fn=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        card = app.screen.card
        assert card.state == State.NEW
        await pilot.press("space")
        assert "2 Hard · 6m" in screen_text(app)
        await pilot.press("2")
        (log,) = collection.reviews()
        stored = collection.card(card.id)
        assert stored.due - log.reviewed_at == timedelta(minutes=5, seconds=30)
