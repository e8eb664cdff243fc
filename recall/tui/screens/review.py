"""The review screen: context, question, answer on demand, and Anki's keys to grade, undo, suspend, bury, edit."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Rule

from recall.errors import RecallError
from recall.model import Card, SyncReport
from recall.rating import Rating
from recall.tui.editor import (
    SAMPLE_NOT_EDITED,
    editor_command,
    is_bundled_sample,
    missing_editor,
)
from recall.tui.session import ReviewSession
from recall.tui.text import clean
from recall.tui.widgets.breadcrumb import Breadcrumb
from recall.tui.widgets.card_markdown import CardMarkdown
from recall.tui.widgets.counts_bar import CountsBar
from recall.tui.widgets.grade_bar import GradeBar
from recall.tui.widgets.key_hints import KeyHints
from recall.tui.widgets.question_text import QuestionText

if TYPE_CHECKING:
    from recall.tui.app import RecallApp

_OPENABLE = ("http://", "https://")
KEYS = (
    ("u", "undo"),
    ("s", "suspend"),
    ("b", "bury"),
    ("e", "edit"),
    ("o", "link"),
    ("?", "help"),
    ("q", "finish"),
)
"""The hint line: the same for question and answer (space and 1-4 are on the buttons), so it
is drawn once, not on every card."""
UNDONE = {"review": "Rating undone", "suspend": "Suspend undone", "bury": "Bury undone"}
"""The note shown after `u`, by what was undone."""


class ReviewScreen(Screen):
    """One card at a time: question, then (space/enter) the answer and four grades.

    As in Anki, space and enter show the answer on the question side and grade Good on the
    answer side, so a double tap of space reveals and then grades Good.

    Every action runs under one lock, so keys pressed in a burst and mouse clicks are applied
    one after another, each to the card on screen when it was applied; a rating is committed
    (Collection.review) before the next card is shown.
    """

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("space", "space", "Show answer / Good"),
        Binding("enter", "space", "Show answer / Good", show=False),
        Binding("1", "grade(1)", "Again"),
        Binding("2", "grade(2)", "Hard"),
        Binding("3", "grade(3)", "Good"),
        Binding("4", "grade(4)", "Easy"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("s", "suspend", "Suspend"),
        Binding("at", "suspend", "Suspend", show=False),
        Binding("exclamation_mark", "suspend", "Suspend", show=False),
        Binding("b", "bury", "Bury"),
        Binding("minus", "bury", "Bury", show=False),
        Binding("equals_sign", "bury", "Bury", show=False),
        Binding("e", "edit", "Edit"),
        Binding("o", "open_link", "Link"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "finish", "Finish"),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.card: Card | None = None
        """The card on screen (None once the session is done)."""
        self.revealed = False
        """Whether the answer is on screen."""
        self._lock = asyncio.Lock()
        self._composed = asyncio.Event()
        self._answer_ready = None
        self._answer_for: tuple[str, str] | None = None
        self._started = False

    @property
    def recall_app(self) -> RecallApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Breadcrumb(id="breadcrumb")
        with VerticalScroll(id="card"):
            yield QuestionText(id="question-text")
            yield CardMarkdown(id="question")
            yield Rule(id="divider")
            yield CardMarkdown(id="answer")
        yield CountsBar(id="counts")
        yield GradeBar(id="grades")
        yield KeyHints(id="keys")

    async def on_mount(self) -> None:
        self.query_one(KeyHints).show(KEYS)
        self._composed.set()
        async with self._lock:
            await self._ensure_started()

    async def _ensure_started(self) -> None:
        """Show the session's first card, once (the caller holds the lock).

        Every action calls this first, so keys typed before the screen has mounted wait for it
        and act on the first card as they would have a moment later, instead of being lost.
        """
        if self._started:
            return
        await self._composed.wait()
        if self._started:
            return
        self._started = True
        try:
            card = self.session.start()
        except RecallError as exc:
            self._error(exc)
            card = None
        await self._display(card)

    async def _ready(self) -> bool:
        """Start the session if need be (the caller holds the lock); then whether keys still act
        here: not once this screen has left the app's screen stack or the app is closing (a key
        queued behind q, Ctrl+C or the way back to the deck list does nothing)."""
        await self._ensure_started()
        return self._on_stage()

    def _on_stage(self) -> bool:
        """Whether this screen is still in the app's screen stack and the app still running."""
        return self.app.is_running and self in self.app.screen_stack

    # --- showing ------------------------------------------------------------------------------
    async def _display(self, card: Card | None) -> None:
        """Show `card`'s question (answer hidden), or the summary when the session is done.

        The question is drawn at once (`QuestionText`; the Markdown widget only for questions
        with lists, code or tables). The answer's widgets are built after this frame is painted
        (or when the answer is asked for, whichever comes first), so the next question shows
        without waiting for them; the answer stays hidden until it is complete.
        """
        self.card = card
        self.revealed = False
        if not self._on_stage():  # the app is closing, or this screen was left meanwhile
            return
        if card is None:
            self._show_answer_area(False)
            self.recall_app.show_summary(self.session)
            return
        text = self.query_one("#question-text", QuestionText)
        question = self.query_one("#question", CardMarkdown)
        with self.app.batch_update():
            self._show_answer_area(False)
            self.query_one(Breadcrumb).show(card.deck, card.context)
            self.query_one(GradeBar).show_reveal()
            inline = text.show(card.question)
            text.display = inline
            question.display = not inline
            if not inline:
                await question.show(card.question)
            self._show_counts()
            self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        self.session.mark_shown()
        self.call_after_refresh(self._prepare_answer, card)

    def _prepare_answer(self, card: Card):
        """Start building `card`'s answer widgets (hidden) unless already done or moved on.

        Returns:
            An awaitable that completes when the answer widgets are in place.
        """
        wanted = (card.id, card.answer)
        if self._answer_for != wanted and self.card is card:
            self._answer_for = wanted
            self._answer_ready = self.query_one("#answer", CardMarkdown).show(card.answer)
        return self._answer_ready

    def _show_answer_area(self, shown: bool) -> None:
        """Show or hide the divider and the answer (inline display: no stylesheet pass)."""
        self.query_one("#divider", Rule).display = shown
        self.query_one("#answer", CardMarkdown).display = shown

    def _show_counts(self) -> None:
        try:
            counts = self.session.counts()
        except RecallError as exc:
            self._error(exc)
            return
        self.query_one(CountsBar).show(counts, self.card.state if self.card else None)

    async def _reveal(self) -> None:
        card = self.card
        if card is None or self.revealed:
            return
        await self._prepare_answer(card)
        if not self._on_stage():  # left while the answer was being built
            return
        now = self.session.now()  # one instant for the dues and the intervals measured from it
        try:
            previews = self.session.preview(now)
        except RecallError as exc:
            self._error(exc)
            previews = {}
        intervals = {
            rating: self.recall_app.interval_label(due, now) for rating, due in previews.items()
        }
        with self.app.batch_update():
            self.query_one(GradeBar).show_grades(intervals)
            self._show_answer_area(True)
            self.revealed = True

    def _error(self, exc: Exception) -> None:
        self._say(str(exc), title="recall", severity="error")

    def _say(self, message: str, **options) -> None:
        """A notification whose text is shown as written (card text and paths are never markup)."""
        self.notify(clean(message), markup=False, **options)

    # --- bindings -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grades only with the answer shown; card actions only with a card shown (else dimmed).

        Before the first card is shown every action is allowed: it waits for that card.
        """
        if not self._started:
            return True
        if action == "grade":
            return True if self.revealed else None
        if action == "reveal":
            return True if self.card is not None and not self.revealed else None
        if action in ("space", "suspend", "bury", "edit", "open_link"):
            return True if self.card is not None else None
        return True

    async def action_reveal(self) -> None:
        """The "Show answer" button: show the answer."""
        async with self._lock:
            if not await self._ready():
                return
            await self._reveal()

    async def action_space(self) -> None:
        """Space/Enter, as in Anki: show the answer; with the answer shown, grade Good.

        Decided under the lock, on the side on screen when the key is applied (not when it
        was typed): a burst of spaces alternates reveal and Good, one card at a time.
        """
        async with self._lock:
            if not await self._ready():
                return
            if self.revealed:
                await self._grade(Rating.GOOD)
            else:
                await self._reveal()

    async def action_grade(self, rating: int) -> None:
        """1-4: grade the card on screen (committed at once), then show the next card."""
        async with self._lock:
            if not await self._ready():
                return
            await self._grade(Rating(rating))

    async def _grade(self, rating: Rating) -> None:
        """Grade the card on screen if its answer is shown; the caller holds the lock."""
        if self.card is None or not self.revealed:
            return
        try:
            card = self.session.answer(rating)
        except RecallError as exc:
            self._error(exc)
            if self.session.current is self.card:
                return  # not committed: the same card stays, the key can be pressed again
            card = self.session.current  # committed, but choosing the next card failed
        await self._display(card)

    async def action_undo(self) -> None:
        """u (or Ctrl+Z): undo the session's last rating, suspend or bury and show that card again."""
        async with self._lock:
            if not await self._ready():
                return
            await self.undo()

    async def undo(self) -> None:
        """Undo one step; the caller holds the lock (or is the summary screen handing back)."""
        what = UNDONE.get(self.session.next_undo or "", "Undone")
        try:
            card = self.session.undo()
        except RecallError as exc:
            self._error(exc)
            return
        if card is None:
            self._say("Nothing to undo in this session.")
            return
        await self._display(card)
        self._say(f"{what}: {card.question}", timeout=2)

    async def action_suspend(self) -> None:
        """s (or Anki's @ and !): suspend the card (out of review until unsuspended)."""
        await self._set_aside("suspend", "Suspended: ")

    async def action_bury(self) -> None:
        """b (or Anki's - and =): bury the card until tomorrow."""
        await self._set_aside("bury", "Buried until tomorrow: ")

    async def _set_aside(self, what: str, message: str) -> None:
        async with self._lock:
            if not await self._ready():
                return
            card = self.card
            if card is None:
                return
            try:
                following = getattr(self.session, what)()
            except RecallError as exc:
                self._error(exc)
                if self.session.current is card:
                    return
                following = self.session.current
            self._say(f"{message}{card.question}", timeout=2)
            await self._display(following)

    async def action_edit(self) -> None:
        """e: open the card's source in $VISUAL/$EDITOR at its line, then re-sync and show it."""
        async with self._lock:
            if not await self._ready():
                return
            card = self.card
            if card is None:
                return
            if not card.file:
                self._say("This card has no source file to edit.")
                return
            try:
                sample = is_bundled_sample(self.session.collection, card.file)
            except RecallError as exc:
                self._error(exc)
                return
            if sample:
                self._say(SAMPLE_NOT_EDITED)
                return
            try:
                argv = editor_command(card.file, card.source.line)
            except ValueError as exc:  # unbalanced quotes in $VISUAL/$EDITOR
                self._say(f"Cannot read the editor command: {exc}", severity="error")
                return
            problem = missing_editor(argv)
            if problem:  # said before the terminal is handed over: no blank screen
                self._say(problem, severity="error")
                return
            self.session.pause()
            try:
                self.recall_app.run_editor(argv)
            except OSError as exc:
                self._say(
                    f"Cannot start the editor {argv[0]!r}: {exc.strerror or exc}", severity="error"
                )
                self.session.resume()
                return
            self.session.resume()
            try:
                report = self.session.collection.sync(None, self.session.now())
                following = self.session.refresh_current()
            except RecallError as exc:
                self._error(exc)
                return
            for problem in (*report.errors, *report.warnings):
                self._say(problem, severity="warning")
            self._say(synced_message(report), timeout=3)
            if following is None or following.id != card.id:
                self._say(
                    "The edited card is no longer in the log; it is kept (orphaned) with its history."
                )
            await self._display(following)

    async def action_open_link(self) -> None:
        """o: open the card's source link (the link heading above it) in the web browser."""
        async with self._lock:
            if not await self._ready():
                return
        card = self.card
        if card is None:
            return
        url = card.source.url
        if not url:
            self._say("This card has no source link.")
            return
        if not url.lower().startswith(_OPENABLE):
            self._say(f"Not opening {url!r}: only http and https links open.")
            return
        self.session.pause()  # a terminal browser has the screen until it quits
        try:
            opened = self.recall_app.open_link(url)
        finally:
            self.session.resume()
        if opened:
            self._say(f"Opened {url}", timeout=2)
        else:
            self._say(
                f"Could not open {url}: no web browser started (set $BROWSER).", severity="warning"
            )

    def action_help(self) -> None:
        """?: the keys."""
        from recall.tui.screens.help import HelpScreen

        self.session.pause()
        self.app.push_screen(HelpScreen(), lambda _: self.session.resume())

    async def action_finish(self) -> None:
        """q: end the session and show its summary."""
        async with self._lock:
            if not await self._ready():
                return
            if self.app.screen is self:  # not already ended (the last card was just graded)
                self.recall_app.show_summary(self.session, stopped=self.card is not None)


def synced_message(report: SyncReport) -> str:
    """One line on what the re-sync after an edit did, e.g. ``Log re-synced: 1 updated.``"""
    parts = [
        f"{count} {what}"
        for count, what in (
            (report.updated, "updated"),
            (report.relinked, "relinked"),
            (report.added, "added"),
            (report.orphaned, "orphaned"),
            (report.restored, "restored"),
        )
        if count
    ]
    return f"Log re-synced: {', '.join(parts)}." if parts else "Log re-synced: nothing changed."
