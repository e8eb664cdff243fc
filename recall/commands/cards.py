"""`recall cards`: list stored cards as a readable table or as JSON with the stored fields."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys

from recall import days
from recall.errors import RecallError
from recall.rating import Status

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]+")


def printable(text: str) -> str:
    """Card text for a terminal line: control and bidi characters (escape sequences included)
    become one space, so nothing in a card can move the cursor or recolour the terminal."""
    return _CONTROL.sub(" ", text).strip()


def _due_text(card) -> str:
    if card.memory.due is None:
        return "-"
    return days.to_local(card.memory.due).strftime("%Y-%m-%d %H:%M")


def table(cards, width: int | None) -> list[str]:
    """Lines of a table: id, deck, state, status, due (local), question with its context."""
    rows = [("ID", "DECK", "STATE", "STATUS", "DUE", "QUESTION")]
    for card in cards:
        question = printable(" › ".join([*card.context, card.question]))
        rows.append(
            (
                card.id,
                printable(card.deck),
                card.state.value,
                card.status.value,
                _due_text(card),
                question,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    widths[1] = min(widths[1], 24)
    lines = []
    for row in rows:
        cells = [
            cell if len(cell) <= w else cell[: w - 1] + "…"
            for cell, w in zip(row, widths, strict=False)
        ]
        line = (
            "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)) + "  " + row[5]
        )
        if width and len(line) > width:
            line = line[: width - 1] + "…"
        lines.append(line.rstrip())
    return lines


def run(args: argparse.Namespace) -> int:
    """Print the cards; exit 0 (an unknown deck: RecallError, exit 1)."""
    from recall.collection import Collection
    from recall.store.rows import card_to_dict

    with Collection.open(args.db) as col:
        if args.deck is not None and not col.cards(deck=args.deck):
            names = col.deck_names()
            shown = ", ".join(names) if names else "none yet"
            raise RecallError(f"no deck named {args.deck!r} (decks: {shown})")
        statuses = [
            s
            for s, on in ((Status.ORPHANED, args.orphaned), (Status.SUSPENDED, args.suspended))
            if on
        ]
        if args.due:
            cards = col.queue(deck=args.deck)
            if statuses:
                cards = [c for c in cards if c.status in statuses]
        elif statuses:
            cards = [c for c in col.cards(deck=args.deck) if c.status in statuses]
        else:
            cards = [c for c in col.cards(deck=args.deck) if c.status is not Status.ORPHANED]
    if args.json:
        print(json.dumps([card_to_dict(c) for c in cards], ensure_ascii=False, indent=1))
        return 0
    width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else None
    for line in table(cards, width):
        print(line)
    print(f"{len(cards)} card{'s' if len(cards) != 1 else ''}", file=sys.stderr)
    return 0
