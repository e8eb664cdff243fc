"""`recall cards`: list stored cards (a table or JSON, streamed), and suspend, unsuspend or unbury them."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime

from recall import clock, days
from recall.errors import RecallError
from recall.rating import Status

EXIT_USAGE = 2

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]+")

# Fixed column widths, so the table streams (no pass over every card to measure it first):
# ids are 16 hex digits, "relearning" and "suspended" the longest state and status, due times
# "YYYY-MM-DD HH:MM"; the deck column fits the longest deck name, up to DECK_WIDTH_MAX.
HEADER = ("ID", "DECK", "STATE", "STATUS", "DUE", "QUESTION")
ID_WIDTH, STATE_WIDTH, STATUS_WIDTH, DUE_WIDTH = 16, 10, 9, 16
DECK_WIDTH_MAX = 24


def printable(text: str) -> str:
    """Card text for a terminal line: control and bidi characters (escape sequences included)
    become one space, so nothing in a card can move the cursor or recolour the terminal."""
    if text.isprintable():  # the common case: nothing to replace (no Cc, Cf, Zl, Zp)
        return text.strip()
    return _CONTROL.sub(" ", text).strip()


def is_buried(card, now: datetime) -> bool:
    """True when an active card is buried at `now` (its bury ends at a later day start)."""
    return (
        card.status is Status.ACTIVE and card.buried_until is not None and card.buried_until > now
    )


def status_text(card, now: datetime) -> str:
    """The STATUS column: active, suspended, orphaned, or buried (an active card buried now)."""
    return "buried" if is_buried(card, now) else card.status.value


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table(
    cards: Iterable, width: int | None, *, now: datetime, deck_width: int = DECK_WIDTH_MAX
) -> Iterator[str]:
    """Lines of a table, the header first, one line per card as it comes: id, deck, state,
    status, due (local time), question with its context. Lines longer than `width` are cut."""
    deck_width = max(len("DECK"), min(deck_width, DECK_WIDTH_MAX))
    zone = days.resolve_zone(None)

    def line(card_id, deck, state, status, due, question) -> str:
        text = (
            f"{_cut(card_id, ID_WIDTH):<{ID_WIDTH}}  {_cut(deck, deck_width):<{deck_width}}  "
            f"{state:<{STATE_WIDTH}}  {status:<{STATUS_WIDTH}}  {due:<{DUE_WIDTH}}  {question}"
        )
        if width and len(text) > width:
            text = text[: width - 1] + "…"
        return text.rstrip()

    yield line(*HEADER)
    for card in cards:
        due = card.memory.due
        if due is not None:
            due = due.astimezone(zone)
            due = f"{due.year:04}-{due.month:02}-{due.day:02} {due.hour:02}:{due.minute:02}"
        yield line(
            card.id,
            printable(card.deck),
            card.state.value,
            status_text(card, now),
            due or "-",
            printable(" › ".join([*card.context, card.question])),
        )


def json_lines(dicts: Iterable[dict]) -> Iterator[str]:
    """A JSON list written piece by piece: the same text as ``json.dumps(list, indent=1)``."""
    first = True
    for item in dicts:
        text = json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n ")
        yield ("[\n " if first else ",\n ") + text
        first = False
    yield "[]\n" if first else "\n]\n"


def _plural(n: int, word: str = "card") -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _usage(message: str) -> int:
    print(f"recall cards: error: {message} (see recall cards --help)", file=sys.stderr)
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    """List the cards (exit 0), or suspend / unsuspend / unbury some (exit 0).

    Unknown deck or card id: RecallError (exit 1, nothing changed); an action mixed with
    listing options: usage error (exit 2).
    """
    action = next(
        (name for name in ("suspend", "unsuspend", "unbury") if getattr(args, name) is not None),
        None,
    )
    if action is not None:
        mixed = [
            f"--{name}"
            for name in ("due", "orphaned", "suspended", "buried", "json")
            if getattr(args, name)
        ]
        if args.deck is not None and (action != "unbury" or args.unbury):
            mixed.append("--deck")
        if mixed:
            return _usage(f"--{action} cannot be combined with {', '.join(mixed)}")
    from recall.collection import BURIED, Collection

    with Collection.open(args.db) as col:
        now = clock.resolve(None)
        if args.deck is not None and next(col.iter_cards(deck=args.deck), None) is None:
            names = col.deck_names()
            shown = ", ".join(names) if names else "none yet"
            raise RecallError(f"no deck named {args.deck!r} (decks: {shown})")
        if action is not None:
            print(_act(col, action, getattr(args, action), args.deck, now))
            return 0
        statuses = [
            status
            for status, on in (
                (Status.ORPHANED.value, args.orphaned),
                (Status.SUSPENDED.value, args.suspended),
                (BURIED, args.buried),
            )
            if on
        ]
        hidden = [0]  # orphaned cards left out of the default listing
        if args.due:
            cards = col.queue(deck=args.deck)
            if statuses:
                cards = [c for c in cards if status_text(c, now) in statuses]
        elif statuses:
            cards = col.iter_cards(deck=args.deck, status=statuses, now=now)
        else:
            cards = _without_orphans(col.iter_cards(deck=args.deck), hidden)
        if args.json:
            from recall.store.rows import card_to_dict

            for piece in json_lines(card_to_dict(c) for c in cards):
                sys.stdout.write(piece)
            return 0
        width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else None
        deck_width = max(map(len, col.deck_names(orphaned=True)), default=4)
        shown = -1  # the header is not a card
        for line in table(cards, width, now=now, deck_width=deck_width):
            print(line)
            shown += 1
    summary = _plural(shown)
    if hidden[0]:
        summary += f" ({hidden[0]} orphaned not shown: recall cards --orphaned)"
    print(summary, file=sys.stderr)
    return 0


def _without_orphans(cards: Iterable, hidden: list[int]) -> Iterator:
    """The cards that are not orphaned; counts the others in ``hidden[0]``."""
    for card in cards:
        if card.status is Status.ORPHANED:
            hidden[0] += 1
        else:
            yield card


def _act(col, action: str, ids: list[str], deck: str | None, now: datetime) -> str:
    """Suspend, unsuspend or unbury cards by id (every id checked before anything changes);
    `--unbury` without ids unburies every buried card (of `deck`), like Anki's Unbury button.

    Returns:
        One line saying what changed, e.g. ``unsuspended 2 cards (1 was not suspended)``.
    """
    from recall.collection import BURIED

    if action == "unbury" and not ids:
        cards = list(col.iter_cards(deck=deck, status=BURIED, now=now))
    else:
        cards = [col.card(card_id) for card_id in dict.fromkeys(ids)]  # CardNotFound first
    if action == "suspend":
        todo = [c for c in cards if c.status is not Status.SUSPENDED]
        change, done, left = col.suspend, "suspended", "suspended already"
    elif action == "unsuspend":
        todo = [c for c in cards if c.status is not Status.ACTIVE]
        change, done, left = col.unsuspend, "unsuspended", "not suspended"
    else:
        todo = [c for c in cards if is_buried(c, now)]
        change, done, left = col.unbury, "unburied", "not buried"
    for card in todo:
        change(card.id)
    line = f"{done} {_plural(len(todo))}"
    skipped = len(cards) - len(todo)
    if skipped:
        line += f" ({skipped} {'was' if skipped == 1 else 'were'} {left})"
    return line
