"""The collection: cards and their review log in one SQLite file (SPEC §2, §4, §5, §9).

`Collection.open()` finds the file by the location rules of SPEC §2 (`--db`, `$RECALL_HOME`, the
user data folder), creates or migrates it, and reads `recall.toml` beside it. Every rating is
committed (card row + review-log row, one transaction) before `review` returns. Scheduling is
FSRS-6 through `recall.scheduling` (py-fsrs), days through `recall.days`; card identity across
edits through `recall.identity`. All datetimes in and out are UTC-aware.

Example::

    from recall import Collection, Rating
    with Collection.open() as col:
        col.sync(["log.md"])
        card = col.queue()[0]
        col.review(card.id, Rating.GOOD)
"""

from __future__ import annotations

import functools
import json
import math
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, tzinfo
from pathlib import Path

from recall import clock, days, locations
from recall.errors import CardNotFound, RecallError
from recall.model import Card, Counts, Memory, ReviewLog, ReviewMark, SyncReport
from recall.rating import Rating, Status
from recall.settings import Settings, load_settings
from recall.store import queries
from recall.store.connection import LOCK_TIMEOUT_S, guarded, write
from recall.store.migrations import open_store
from recall.store.rows import (
    CARD_SELECT,
    LOG_INSERT,
    LOG_SELECT,
    MARK_SELECT,
    MEMORY_SET,
    card_from,
    mark_from,
    memory_values,
    review_from,
)
from recall.store.times import encode
from recall.store.undo import Flags, FlagStep, ReviewStep, UndoStep, read_flags

TYPE_CHECKING = False  # sqlite-utils is imported on first use of `Collection.db` only
if TYPE_CHECKING:
    from sqlite_utils import Database

SAMPLE_NOTICE = (
    "recall: using the bundled sample deck; add your own log with `recall sync PATH` "
    "(the sample then retires)"
)

BURIED = "buried"
"""The card filter of `Collection.iter_cards` for active cards buried now (not a stored status)."""

Progress = Callable[[int, int, str], None]
"""A sync progress callback: (work done, total work, what is being done)."""


def _guard(method):
    """Turn SQLite errors a user can cause (locked, damaged file, disk full) into RecallErrors."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with guarded(self.path):
            return method(self, *args, **kwargs)

    return wrapper


class Collection:
    """A recall collection (one SQLite file). Open with `Collection.open()`; use as a context manager.

    Attributes:
        path: the collection file.
        settings: `recall.toml` beside it (defaults when absent).
        tz: the zone of scheduling days (None: the process's local zone, `TZ` respected).
    """

    settings: Settings

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        settings: Settings,
        tz: tzinfo | str | None = None,
    ) -> None:
        """Use `Collection.open()`; this wraps an already migrated connection."""
        self._conn = conn
        self.path = path
        self.settings = settings
        self.tz = days.resolve_zone(tz) if tz is not None else None
        self._scheduler = None
        self._undo: list[UndoStep] = []

    @classmethod
    def open(
        cls,
        db: str | os.PathLike | None = None,
        *,
        tz: tzinfo | str | None = None,
        lock_timeout: float = LOCK_TIMEOUT_S,
    ) -> Collection:
        """Open (creating if needed) the collection at `db` or the location rules of SPEC §2.

        Args:
            db: the collection file (its folder must exist: a typo never starts a new empty
                collection); None means `$RECALL_HOME/collection.db` or the user data dir
                (folder created when missing).
            tz: zone of the scheduling days (a tzinfo or a `TZ` value such as "Asia/Shanghai");
                None means the process's local zone.
            lock_timeout: seconds to wait for another process's write lock.

        Raises:
            CollectionError: corrupt file, newer schema, unwritable folder, `db` in a folder
                that does not exist.
            CollectionLocked: another process held the write lock for too long.
            SettingsError: invalid `recall.toml` beside it.
        """
        path = locations.db_path(db)
        conn = open_store(path, lock_timeout=lock_timeout, create_folder=db is None)
        try:
            settings = load_settings(locations.settings_dir(db))
        except BaseException:
            conn.close()
            raise
        return cls(conn, path, settings, tz)

    def close(self) -> None:
        """Close the database connection (every rating is already committed)."""
        self._conn.close()

    def __enter__(self) -> Collection:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The underlying `sqlite3` connection (read it; write through the methods)."""
        return self._conn

    @functools.cached_property
    def db(self) -> Database:
        """The same connection seen through sqlite-utils (`recall.store.database`).

        Built on first use: commands that only read, and a sync with nothing changed, never pay
        for importing sqlite-utils. Write through the methods.
        """
        from recall.store.database import wrap

        return wrap(self._conn)

    # --- helpers ----------------------------------------------------------------------------
    def _window(self, now: datetime | None) -> queries.Window:
        return queries.window(clock.resolve(now), self.settings.day_starts_at, self.tz)

    def _get(self, card_id: str) -> Card:
        row = self._conn.execute(CARD_SELECT + " WHERE c.id = ?", (card_id,)).fetchone()
        if row is None:
            raise CardNotFound(f"no card with id {card_id!r} in {self.path}")
        return card_from(row)

    @property
    def scheduler(self):
        """The `recall.scheduling.Scheduler` in use (settings, stored FSRS parameters, zone)."""
        if self._scheduler is None:
            from recall.scheduling import Scheduler

            self._scheduler = Scheduler(self.settings, self._stored("parameters"), self.tz)
        return self._scheduler

    def _stored(self, key: str):
        with guarded(self.path):  # also reached through the unguarded `scheduler` property
            row = self._conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    # --- sources and sync -------------------------------------------------------------------
    @_guard
    def sync(
        self,
        paths: Iterable[str | os.PathLike] | None = None,
        now: datetime | None = None,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
        render: bool = True,
    ) -> SyncReport:
        """Extract `paths` (files or folders; None = every known source) and store the cards.

        Sources are remembered by resolved absolute path. A known source whose files are unchanged
        (size and mtime, else content hash) is not parsed and nothing is written for it. Identity
        across edits: `recall.identity.plan_sync`. The first source of the user's own retires the
        sample deck (its cards are orphaned, history kept; `SyncReport.notices` says so).

        Args:
            paths: markdown files or folders; None re-syncs every known source.
            now: the time stamped on new cards and sources (None: the clock / RECALL_NOW).
            dry_run: compute the report only; nothing is written.
            progress: called with (done, total, what) as work advances (for a progress bar).
            render: also render and store the Anki note fields of the cards added or changed
                (about 0.2 ms a card, after the sync's own transaction); False leaves them to
                `recall export`, which renders what is missing (`recall due` on a prompt).

        Returns:
            Counts of cards added / updated / relinked / orphaned / unchanged / restored, and the
            extraction's warnings and errors (one line each).

        Raises:
            SourceError: a path does not exist.
            CollectionLocked: another process held the write lock for too long.
        """
        from recall.store.sync import Syncer

        return Syncer(
            self, clock.resolve(now), dry_run=dry_run, progress=progress, render=render
        ).run(paths)

    @_guard
    def sources(self) -> list[str]:
        """The sources `sync(None)` re-reads, as paths, in the order they were first synced.

        Each is the resolved absolute path of what was given to `sync` (a folder, not the files
        in it; a file inside a synced folder belongs to that folder's source). A path that no
        longer exists is still listed (sync reports it and keeps its cards). The bundled sample
        deck's file is listed while it is in use, not once a log of the user's own retired it.
        """
        rows = self._conn.execute("SELECT path FROM sources WHERE retired = 0 ORDER BY id")
        return [row[0] for row in rows]

    @_guard
    def uses_sample(self) -> bool:
        """True while the bundled sample deck is the collection's only source."""
        rows = self._conn.execute("SELECT sample FROM sources WHERE retired = 0").fetchall()
        return bool(rows) and all(sample for (sample,) in rows)

    @_guard
    def ensure_source(self, now: datetime | None = None) -> str | None:
        """First run: with no source at all, sync the bundled sample deck as a sample source.

        Returns:
            The one-line notice to print on stderr when the sample deck was just added, else None.
        """
        (known,) = self._conn.execute("SELECT count(*) FROM sources").fetchone()
        if known:
            return None
        from recall.sample import sample_deck_path
        from recall.store.sync import Syncer

        Syncer(self, clock.resolve(now), sample=True).run([sample_deck_path()])
        return SAMPLE_NOTICE

    # --- cards ------------------------------------------------------------------------------
    @_guard
    def cards(
        self,
        *,
        deck: str | None = None,
        status: str | Iterable[str] | None = None,
        now: datetime | None = None,
    ) -> list[Card]:
        """Stored cards in log order (deck, source, file, position); see `iter_cards`."""
        return list(self.iter_cards(deck=deck, status=status, now=now))

    @_guard
    def iter_cards(
        self,
        *,
        deck: str | None = None,
        status: str | Iterable[str] | None = None,
        now: datetime | None = None,
    ) -> Iterator[Card]:
        """Stored cards in log order (deck, source, file, position), read as they are iterated.

        A listing of 200k cards starts at once and holds one card at a time (`recall cards`).
        Finish (or drop) the iterator before writing through this Collection.

        Args:
            deck: only this deck.
            status: only cards of this status, or of any of these: "active", "suspended",
                "orphaned", or "buried" (active cards buried at `now`; "active" includes them).
                None: every card.
            now: the instant "buried" is judged at (aware; None: the clock / RECALL_NOW).

        Raises:
            RecallError: an unknown status.
        """
        where, params = [], []
        if deck is not None:
            where.append("c.deck = ?")
            params.append(deck)
        if status is not None:
            wanted = [status] if isinstance(status, str) else list(status)
            either = []
            for name in wanted:
                if name == BURIED:
                    either.append("(c.status = 'active' AND c.buried_until > ?)")
                    params.append(encode(clock.resolve(now)))
                    continue
                try:
                    either.append("c.status = ?")
                    params.append(Status(name).value)
                except ValueError:
                    raise RecallError(
                        f"unknown card status {name!r} (active, suspended, orphaned or buried)"
                    ) from None
            where.append("(" + " OR ".join(either or ["0"]) + ")")
        sql = CARD_SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY c.deck, c.source_id, c.file_order, c.position, c.id"
        return self._stream(self._conn.execute(sql, params))

    def _stream(self, cursor: sqlite3.Cursor) -> Iterator[Card]:
        with guarded(self.path):
            for row in cursor:
                yield card_from(row)

    @_guard
    def card(self, card_id: str) -> Card:
        """One card. Raises CardNotFound."""
        return self._get(card_id)

    @_guard
    def deck_names(self, *, orphaned: bool = False) -> list[str]:
        """Names of the decks that hold a card in review or suspended (not only orphans), sorted.

        Args:
            orphaned: also the decks that hold orphaned cards only.
        """
        where = "" if orphaned else " WHERE status != 'orphaned'"
        rows = self._conn.execute(f"SELECT DISTINCT deck FROM cards{where} ORDER BY deck")
        return [row[0] for row in rows]

    @_guard
    def decks(self, now: datetime | None = None) -> dict[str, Counts]:
        """Deck name → today's counts for that deck (every deck with active cards, sorted by name).

        A deck's `new` is capped by what is left of today's new-card limit, which all decks share.
        """
        _, per_deck = queries.counts_by_deck(
            self._conn, self._window(now), self.settings.new_per_day, every_deck=True
        )
        return {
            name: Counts(review=c.review, learning=c.learning, new=c.new)
            for name, c in per_deck.items()
        }

    # --- review -----------------------------------------------------------------------------
    @_guard
    def queue(
        self, now: datetime | None = None, deck: str | None = None, *, limit: int | None = None
    ) -> list[Card]:
        """Cards to review now, in review order.

        Learning cards due now (by due time), then reviews due today (by due time, then log
        order), then new cards in log order up to what is left of today's new-card limit, then
        learning cards due within the next 20 minutes (Anki's learn-ahead). Suspended, orphaned
        and buried cards are never in it.

        Args:
            now: aware datetime (None: the clock / RECALL_NOW).
            deck: only this deck.
            limit: at most this many cards.
        """
        win = self._window(now)
        params = win.params(deck)
        left = queries.new_left_today(self._conn, win, self.settings.new_per_day)
        found: list[Card] = []
        for part, capped in queries.queue_parts(deck):
            room = None if limit is None else limit - len(found)
            if capped:
                room = left if room is None else min(room, left)
            if room is not None and room <= 0:
                continue
            sql = CARD_SELECT + part + ("" if room is None else f" LIMIT {int(room)}")
            found.extend(card_from(row) for row in self._conn.execute(sql, params))
        return found

    @_guard
    def counts(self, now: datetime | None = None, deck: str | None = None) -> Counts:
        """Today's counts (SPEC §6): learning due within 20 minutes, reviews due today, new within the limit.

        Only active cards that are not buried count; `Counts.due` is the sum.
        """
        total, _ = queries.counts_by_deck(
            self._conn, self._window(now), self.settings.new_per_day, deck, per_deck=False
        )
        return Counts(review=total.review, learning=total.learning, new=total.new)

    @_guard
    def next_due(self, now: datetime | None = None, deck: str | None = None) -> datetime | None:
        """When the next card not studyable at `now` becomes studyable (UTC-aware), or None.

        A learning card at its due time, a review card at the start of its due day, new cards
        beyond today's limit at the next day start, a buried card when its bury ends.
        """
        return queries.next_due(
            self._conn,
            self._window(now),
            self.settings.new_per_day,
            self.settings.day_starts_at,
            self.tz,
            deck,
        )

    @_guard
    def preview(self, card_id: str, now: datetime | None = None) -> dict[Rating, datetime]:
        """{Rating: next due datetime (UTC-aware)} for the four ratings; exactly what `review` would give.

        Raises:
            CardNotFound: no such card.
        """
        return {rating: memory.due for rating, memory in self.preview_memory(card_id, now).items()}

    @_guard
    def preview_memory(self, card_id: str, now: datetime | None = None) -> dict[Rating, Memory]:
        """{Rating: the card's full Memory after that rating}; exactly what `review` would store."""
        card = self._get(card_id)
        return self.scheduler.preview(card.memory, clock.resolve(now), seed=_seed(card))

    @_guard
    def review(
        self,
        card_id: str,
        rating: Rating,
        now: datetime | None = None,
        duration_ms: int | None = None,
    ) -> Card:
        """Grade a card; the rating and its review-log row are committed before returning.

        Args:
            card_id: the card's permanent id.
            rating: Again / Hard / Good / Easy (or 1-4).
            now: when the grade was given (None: the clock / RECALL_NOW).
            duration_ms: time from showing the question to grading, in milliseconds.

        Returns:
            The card as stored after the review.

        Raises:
            CardNotFound: no such card.
            RecallError: the rating is not 1-4, or the card is suspended or orphaned.
            CollectionLocked: another process held the write lock for too long.
        """
        try:
            rating = Rating(int(rating))
        except (TypeError, ValueError):
            raise RecallError(
                f"a rating is 1 Again, 2 Hard, 3 Good or 4 Easy (got {rating!r})"
            ) from None
        if duration_ms is not None and (
            isinstance(duration_ms, bool) or not isinstance(duration_ms, int) or duration_ms < 0
        ):
            raise RecallError(f"duration_ms must be a whole number ≥ 0 (got {duration_ms!r})")
        now = clock.resolve(now)
        scheduler = self.scheduler
        with write(self._conn, self.path) as conn:
            card = self._get(card_id)
            if card.status is not Status.ACTIVE:
                raise RecallError(f"card {card_id} is {card.status.value}; it cannot be reviewed")
            before = card.memory
            after = scheduler.review(before, rating, now, seed=_seed(card))
            values = memory_values(after)
            conn.execute(
                f"UPDATE cards SET {MEMORY_SET}, updated = ? WHERE id = ?",
                (*values, encode(now), card_id),
            )
            cursor = conn.execute(
                LOG_INSERT,
                (card_id, int(rating), encode(now), duration_ms, *memory_values(before), *values),
            )
            log_id = cursor.lastrowid
            updated = self._get(card_id)
        self._undo.append(ReviewStep(log_id))
        return updated

    @property
    def can_undo(self) -> bool:
        """Whether this Collection object has a review, suspend or bury of its own to undo."""
        return bool(self._undo)

    @_guard
    def undo(self) -> Card | None:
        """Undo the last review, suspend or bury made through this Collection; restore the card exactly.

        As Anki's undo: one stack, newest first, of every review, suspend, unsuspend, bury and
        unbury made through this Collection object (not another process's, not a sync). A review
        is undone by deleting its review-log row and putting the card's Memory back as it was
        (today's new-card count comes back with it: it is counted from the review log); the
        others by putting the card's status, suspended flag and buried_until back as they were.
        Reviews are never deleted otherwise.

        Returns:
            The restored card, or None when this session has nothing left to undo.

        Raises:
            RecallError: the card was changed since by another process (reviewed again) or by
                a sync (orphaned or restored); nothing changed and the step stays on the stack.
        """
        while self._undo:
            step = self._undo[-1]
            with write(self._conn, self.path) as conn:
                card_id = step.take_back(conn)
                restored = None if card_id is None else self._get(card_id)
            self._undo.pop()
            if restored is not None:
                return restored
            # already gone (a review undone elsewhere): look further back
        return None

    def _set_flags(self, action: str, card_id: str, change: Callable[[Flags], dict]) -> Card:
        """Update a card's flag columns in one write and remember the step for `undo`.

        `change` gets the stored (status, suspended, buried_until) and returns the columns to set.
        """
        with write(self._conn, self.path) as conn:
            self._get(card_id)  # CardNotFound
            before = read_flags(conn, card_id)
            self.db.table("cards").update(card_id, change(before))
            after = read_flags(conn, card_id)
            card = self._get(card_id)
        self._undo.append(FlagStep(action, card_id, before, after))
        return card

    def _set_suspended(self, card_id: str, suspended: bool) -> Card:
        def change(before: Flags) -> dict:
            status = Status.SUSPENDED if suspended else Status.ACTIVE
            if before[0] == Status.ORPHANED.value:
                status = Status.ORPHANED  # remembered as suspended; restored as such by sync
            return {"suspended": int(suspended), "status": status.value}

        return self._set_flags("suspend" if suspended else "unsuspend", card_id, change)

    @_guard
    def suspend(self, card_id: str) -> Card:
        """Take a card out of review until `unsuspend` (an orphaned card stays orphaned, remembered suspended).

        Undoable with `undo`.

        Raises:
            CardNotFound: no such card.
        """
        return self._set_suspended(card_id, True)

    @_guard
    def unsuspend(self, card_id: str) -> Card:
        """Put a suspended card back in review. Undoable with `undo`. Raises CardNotFound."""
        return self._set_suspended(card_id, False)

    @_guard
    def bury(self, card_id: str, now: datetime | None = None) -> Card:
        """Hide the card until the start of the next scheduling day (`buried_until`, UTC-aware).

        Undoable with `undo`. Raises CardNotFound.
        """
        until = days.next_day_start(clock.resolve(now), self.settings.day_starts_at, self.tz)
        return self._set_flags("bury", card_id, lambda _: {"buried_until": encode(until)})

    @_guard
    def unbury(self, card_id: str) -> Card:
        """Put a buried card back in review now (`buried_until` cleared). Undoable with `undo`.

        A card that is not buried is left as it is. Raises CardNotFound.
        """
        return self._set_flags("unbury", card_id, lambda _: {"buried_until": None})

    @_guard
    def reviews(
        self, card_id: str | None = None, *, since: datetime | None = None
    ) -> list[ReviewLog]:
        """The review log, oldest first (one card's, or all).

        Args:
            card_id: only this card's reviews.
            since: only reviews given at or after this instant (aware datetime, any offset): an
                index range on the review time, so a recent window never reads the whole log.

        Raises:
            CardNotFound: `card_id` is given but no such card exists.
            ClockError: `since` is naive.
        """
        where, params = [], []
        if card_id is not None:
            self._get(card_id)
            where.append("card_id = ?")
            params.append(card_id)
        if since is not None:
            where.append("reviewed_at >= ?")
            params.append(encode(since))
        sql = LOG_SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._conn.execute(sql + " ORDER BY reviewed_at, id", params)
        return [review_from(row) for row in rows]

    @_guard
    def review_marks(
        self, *, since: datetime | None = None, deck: str | None = None
    ) -> list[ReviewMark]:
        """The review log as statistics read it (card, time, rating, state before), oldest
        first: `reviews` without the memory fields, several times faster on a long log.

        Args:
            since: only reviews given at or after this instant (aware datetime, any offset).
            deck: only reviews of this deck's cards.

        Raises:
            ClockError: `since` is naive.
        """
        where, params = [], []
        if since is not None:
            where.append("reviewed_at >= ?")
            params.append(encode(since))
        if deck is not None:
            where.append("card_id IN (SELECT id FROM cards WHERE deck = ?)")
            params.append(deck)
        sql = MARK_SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._conn.execute(sql + " ORDER BY reviewed_at, id", params)
        return [mark_from(row) for row in rows]

    # --- FSRS parameters --------------------------------------------------------------------
    @_guard
    def parameters(self) -> tuple[float, ...]:
        """The FSRS parameters in use (FSRS-6 defaults of py-fsrs until `set_parameters`)."""
        return tuple(self.scheduler.parameters)

    @_guard
    def previous_parameters(self) -> tuple[float, ...] | None:
        """The parameters `revert_parameters` would restore, or None."""
        stored = self._stored("previous_parameters")
        return None if stored is None else tuple(stored)

    @_guard
    def set_parameters(self, parameters: Sequence[float]) -> None:
        """Store new FSRS parameters, keeping the previous ones for `revert_parameters`.

        The parameters are rounded as py-fsrs needs (`scheduling.round_parameters`), and the
        scheduler is persisted as JSON (key "scheduler" of the settings table).

        Raises:
            RecallError: not 21 finite numbers.
        """
        self._replace_parameters(parameters, keep_previous=True)

    @_guard
    def revert_parameters(self) -> tuple[float, ...]:
        """Restore the parameters in use before the last `set_parameters`; returns them.

        Raises:
            RecallError: there is nothing to revert to.
        """
        previous = self._stored("previous_parameters")
        if previous is None:
            raise RecallError("no earlier FSRS parameters to revert to")
        self._replace_parameters(previous, keep_previous=False)
        return self.parameters()

    def _replace_parameters(self, parameters: Sequence[float], *, keep_previous: bool) -> None:
        from recall.scheduling import Scheduler

        try:
            values = [float(p) for p in parameters]
        except (TypeError, ValueError):
            raise RecallError("FSRS parameters must be numbers") from None
        if not all(math.isfinite(v) for v in values):
            raise RecallError("FSRS parameters must be finite numbers")
        try:
            scheduler = Scheduler(self.settings, values, self.tz)
        except ValueError as exc:
            raise RecallError(f"invalid FSRS parameters: {exc}") from None
        values = {
            "parameters": json.dumps(list(scheduler.parameters)),
            "scheduler": scheduler.to_json(),
        }
        if keep_previous:
            values["previous_parameters"] = json.dumps(list(self.scheduler.parameters))
        settings = self.db.table("settings")
        with write(self._conn, self.path):
            settings.upsert_all(
                [{"key": key, "value": value} for key, value in values.items()], pk="key"
            )
            if not keep_previous:
                settings.delete_where("key = ?", ["previous_parameters"])
        self._scheduler = scheduler


def _seed(card: Card) -> str:
    """The fuzz seed of a card's next review: its id and review count (preview == review)."""
    return f"{card.id}:{card.memory.reps}"


__all__ = ["BURIED", "SAMPLE_NOTICE", "Collection", "Progress"]
