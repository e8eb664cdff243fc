"""The review app (Textual): deck list → review → summary, over the Collection API; `create_app` builds it."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import ClassVar, TypeVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from recall import clock
from recall.collection import Collection
from recall.errors import RecallError
from recall.rating import Rating
from recall.tui import browser
from recall.tui import format as fmt
from recall.tui.editor import run_editor
from recall.tui.screens.deck_list import DeckListScreen
from recall.tui.screens.review import ReviewScreen
from recall.tui.screens.summary import SummaryScreen
from recall.tui.session import ReviewSession
from recall.tui.terminal import hand_over
from recall.tui.text import clean
from recall.tui.theme import RECALL_THEME

T = TypeVar("T")


class RecallApp(App[None]):
    """recall's review app.

    Args:
        collection: an open Collection (the app never closes it).
        deck: study this deck at once (None: start on the deck list).
        limit: show at most this many distinct cards per session.
        clock_fn: the current UTC-aware instant (default `recall.clock.now`: RECALL_NOW or the
            system clock); tests pass a fixed or stepping clock.
        tz: the local time zone for times shown (default: the collection's zone of scheduling
            days, which is the process's unless the collection was opened with another).
        monotonic: a monotonic clock in seconds (answer durations).
        open_link: opens a URL, returns whether it worked (default: the `webbrowser` module's
            browser, given the terminal when it runs in it).
        editor: runs an editor argument list and waits (default: a subprocess, app suspended).
        notice: one line shown on the deck list (e.g. that the sample deck is in use).
    """

    CSS_PATH = "recall.tcss"
    SUSPENDED_SCREEN_CLASS = "-covered"
    """Set on a screen while another is shown over it: a screen seen through the help (a modal)
    hides its notifications, which the screen on top shows (else each toast showed twice)."""
    TITLE = "recall"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        # A terminal user's Ctrl-C ends the program (Textual only says "press ctrl+q"); every
        # rating is already committed, so quitting here loses nothing.
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        collection: Collection,
        *,
        deck: str | None = None,
        limit: int | None = None,
        clock_fn: Callable[[], datetime] = clock.now,
        tz: tzinfo | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        open_link: Callable[[str], object] | None = None,
        editor: Callable[[list[str]], object] = run_editor,
        notice: str | None = None,
    ) -> None:
        super().__init__()
        self.collection = collection
        self.deck = deck
        self.limit = limit
        self._clock = clock_fn
        self.tz = tz if tz is not None else collection.tz
        self._monotonic = monotonic
        self._open_link = open_link or (lambda url: browser.open_link(url, self.in_terminal))
        self._editor = editor
        self.notice = notice
        self.sessions: list[ReviewSession] = []
        """Every session run in this app, oldest first."""
        self.register_theme(RECALL_THEME)
        self.theme = RECALL_THEME.name

    # --- time ---------------------------------------------------------------------------------
    def now(self) -> datetime:
        """The app's current instant (UTC-aware)."""
        return clock.resolve(self._clock())

    def interval_label(self, due: datetime, now: datetime) -> str:
        """A grade button's interval: exact minutes/hours for steps, scheduling days after that."""
        return fmt.grade_interval(due, now, self.collection.settings.day_starts_at, self.tz)

    # --- screens ------------------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        """The deck list is always at the bottom of the screen stack."""
        return DeckListScreen()

    def on_mount(self) -> None:
        if self.deck is not None:
            self.study(self.deck)

    def new_session(self, deck: str | None) -> ReviewSession:
        """A review session over this app's collection and clocks."""
        session = ReviewSession(
            self.collection,
            deck=deck,
            limit=self.limit,
            clock_fn=self._clock,
            monotonic=self._monotonic,
        )
        self.sessions.append(session)
        return session

    def study(self, deck: str | None) -> None:
        """Start a review session of `deck` (None: every deck)."""
        self.push_screen(ReviewScreen(self.new_session(deck)))

    def show_summary(self, session: ReviewSession, *, stopped: bool = False) -> None:
        """Show the session's summary over the review screen.

        Args:
            session: the session that ended.
            stopped: the user ended it (q) with a card on screen, rather than it running out.
        """
        self.push_screen(SummaryScreen(session, session.summary(stopped=stopped)))

    def show_decks(self) -> None:
        """Back to the deck list (it re-reads the counts when shown)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def farewell(self) -> str | None:
        """One line on what this run of the app did, for the terminal after it closes (None: nothing).

        Also how many cards of the last session's deck are still due today, when some are (the
        app may have been left with q, Ctrl+C or at a session limit): e.g. ``Reviewed 3 cards
        (5 ratings, again 20%) in 1m 05s; 18 more due today in Spanish.``
        """
        answers = [answer for session in self.sessions for answer in session.answers]
        if not answers:
            return None
        again = sum(answer.rating == Rating.AGAIN for answer in answers) / len(answers)
        spent = fmt.time_spent(sum(answer.duration_ms for answer in answers))
        cards = fmt.plural(len({answer.card_id for answer in answers}), "card")
        ratings = fmt.plural(len(answers), "rating")
        line = f"Reviewed {cards} ({ratings}, again {again:.0%}) in {spent}"
        deck = self.sessions[-1].deck
        try:
            left = self.collection.counts(self.now(), deck=deck).due
        except RecallError:  # the line is a courtesy: without the counts it says what was done
            left = 0
        if left:
            line += f"; {left} more due today" + (f" in {clean(deck)}" if deck else "")
        return line + "."

    # --- outside world ------------------------------------------------------------------------
    def open_link(self, url: str) -> bool:
        """Open `url` in the web browser (only on the user's `o`); returns whether it worked."""
        return bool(self._open_link(url))

    def run_editor(self, argv: list[str]) -> None:
        """Run the editor with the terminal handed over to it (the app is suspended meanwhile).

        Raises:
            OSError: the editor cannot start; the app has its screen back all the same.
        """
        self.in_terminal(lambda: self._editor(argv))

    def in_terminal(self, run: Callable[[], T]) -> T:
        """Call `run` with the terminal handed to the program it starts (`recall.tui.terminal`)."""
        return hand_over(self, run)


def create_app(collection: Collection, **options) -> RecallApp:
    """The app factory used by the command and by snapshot tests (options as `RecallApp`)."""
    return RecallApp(collection, **options)
