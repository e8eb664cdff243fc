"""`recall review [DECK] [--limit N]` (and bare `recall`): the review app on the collection."""

from __future__ import annotations

import argparse
import sys

from recall.errors import RecallError


def positive_int(text: str) -> int:
    """argparse type for `--limit`: a whole number of 1 or more (else a usage error, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (got {value})")
    return value


def resolve_deck(names: list[str], wanted: str) -> str:
    """The deck called `wanted`: an exact name, else the one name equal to it ignoring case.

    Raises:
        RecallError: no such deck (the message lists the decks), or several differ only by case.
    """
    if wanted in names:
        return wanted
    folded = [name for name in names if name.casefold() == wanted.casefold()]
    if len(folded) == 1:
        return folded[0]
    if folded:
        raise RecallError(f"deck {wanted!r} is ambiguous: {', '.join(folded)}")
    if not names:
        raise RecallError(
            f"no deck named {wanted!r}: the collection has no cards yet (add a log: recall sync PATH)"
        )
    raise RecallError(f"no deck named {wanted!r} (decks: {', '.join(names)})")


def run(args: argparse.Namespace) -> int:
    """Open the collection (the sample deck on a first run) and run the app until the user quits.

    Raises:
        RecallError: no terminal, unknown deck, or a collection that cannot be opened.
    """
    from recall.collection import Collection

    with Collection.open(args.db) as collection:
        notice = collection.ensure_source()
        if notice:
            print(notice, file=sys.stderr)
        deck = None
        if args.deck is not None:
            deck = resolve_deck(collection.deck_names(), args.deck)
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise RecallError(
                "the review app needs a terminal; in scripts use 'recall due' or 'recall cards'"
            )
        from recall.tui.app import create_app

        app = create_app(collection, deck=deck, limit=args.limit, notice=notice)
        app.run()
        line = app.farewell()
    if line:
        print(line)
    return 0
