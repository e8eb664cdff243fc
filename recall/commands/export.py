"""`recall export`: write the collection's cards (or one deck's) as an Anki package."""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from pathlib import Path

from recall.errors import ExportError
from recall.model import Card
from recall.rating import Status

ALL_DECKS_FILE = "recall.apkg"
_UNSAFE = re.compile(r"[^\w.-]+")


def package_file_name(deck: str) -> str:
    """A file name for a deck's package: `Daily-Learning-Log.apkg`, `ML-Sep.apkg` for `ML::Sep`."""
    stem = _UNSAFE.sub("-", deck.replace("::", "-")).strip(".-")
    return f"{stem or 'recall'}.apkg"


def in_deck(card: Card, deck: str, subdecks: bool = False) -> bool:
    """Whether the card is in `deck` or one of its subdecks (`deck::...`): by recall's deck name,
    and with `subdecks` also by the deck the package puts it in (`ML`, `ML::deep` for a card of
    notes/ML/deep/tr.md), so `--deck` takes the names Anki shows."""
    names = [card.deck]
    if subdecks:
        from recall.anki.notes import deck_name

        names.append(deck_name(card, True))
    return any(name == deck or name.startswith(f"{deck}::") for name in names)


def deck_names(cards: list[Card], subdecks: bool = False) -> list[str]:
    """The names `--deck` takes for these cards, sorted: recall's deck names, or with `subdecks`
    the package's decks and every parent of them (Anki's deck tree: `ML`, `ML::deep`, ...)."""
    if not subdecks:
        return sorted({c.deck for c in cards})
    from recall.anki.notes import deck_name

    names = set()
    for card in cards:
        parts = deck_name(card, True).split("::")
        names.update("::".join(parts[: i + 1]) for i in range(len(parts)))
    return sorted(names)


def choose_cards(cards: list[Card], deck: str | None, subdecks: bool = False) -> list[Card]:
    """The cards to export: of `deck` (and its subdecks) if given; orphaned cards left out.

    Args:
        cards: the collection's cards.
        deck: a recall deck name, or (`subdecks`) a deck of the package: see `in_deck`.
        subdecks: settings `subdecks` (decks named `Folder::...::Deck` in the package).

    Raises:
        ExportError: no such deck (the names that work are listed), or no card to export.
    """
    if deck is not None:
        chosen = [c for c in cards if in_deck(c, deck, subdecks)]
        if not chosen:
            known = deck_names([c for c in cards if c.status != Status.ORPHANED], subdecks)
            hint = f" (decks: {', '.join(known)})" if known else ""
            raise ExportError(f"no deck named {deck!r}{hint}")
        cards = chosen
    live = [c for c in cards if c.status != Status.ORPHANED]
    if not cards:
        raise ExportError(
            "nothing to export: the collection has no cards; add your log with 'recall sync PATH'"
        )
    if not live:
        where = f" of deck {deck!r}" if deck is not None else ""
        raise ExportError(f"nothing to export: every card{where} is orphaned")
    return live


def sample_only(cards: list[Card]) -> str:
    """The error of an export without `--deck` while the bundled sample deck is the only source:
    as for an empty collection (the sample is not the user's), naming the `--deck` that would
    export it anyway."""
    names = " or ".join(f"--deck {shlex.quote(name)}" for name in sorted({c.deck for c in cards}))
    also = f" ({names} exports the sample)" if names else ""
    return (
        "nothing to export: the collection holds only the bundled sample deck; "
        f"add your log with 'recall sync PATH'{also}"
    )


def default_output(cards: list[Card], deck: str | None) -> Path:
    """`<deck>.apkg` in the current folder for one deck, `recall.apkg` for several."""
    if deck is not None:
        return Path(package_file_name(deck))
    decks = {c.deck for c in cards}
    return Path(package_file_name(decks.pop()) if len(decks) == 1 else ALL_DECKS_FILE)


STALE = "recall: {logs} changed since the last sync; run `recall sync` to export {its} new text"
"""The stderr line of an export whose logs changed on disk since the last sync."""
OUTDATED = (
    "recall: {logs} {was} last synced by another version of recall; run `recall sync` to "
    "export {its} cards as this version reads them"
)
"""The stderr line of an export whose logs another recall version synced last (an upgrade)."""


def changed_logs(col) -> tuple[list[str], list[str]]:
    """The user's logs (and folders) whose stored cards, which export writes, may be out of
    date: (changed on disk since their last sync, last synced by another recall version)
    (`recall.store.changes`, the check `recall due` makes; the sample deck is not the user's)."""
    from recall.store import changes

    stale = [s for s in changes.changed_sources(col.connection) if not s.sample]
    return [s.path for s in stale if not s.outdated], [s.path for s in stale if s.outdated]


def _stale_lines(changed: list[str], outdated: list[str]) -> list[str]:
    """The stderr lines naming the logs `changed_logs` found."""
    lines = []
    if changed:
        its = "its" if len(changed) == 1 else "their"
        lines.append(STALE.format(logs=", ".join(changed), its=its))
    if outdated:
        one = len(outdated) == 1
        lines.append(
            OUTDATED.format(
                logs=", ".join(outdated),
                was="was" if one else "were",
                its="its" if one else "their",
            )
        )
    return lines


def run(args: argparse.Namespace) -> int:
    """Export, print the package path and the number of notes (warnings on stderr).

    Without `--deck`, a collection holding only the bundled sample deck has nothing to export
    (`sample_only`). The cards exported are the ones stored at the last sync: a log changed since then is named
    on stderr (`STALE`, or `OUTDATED` after a recall upgrade), and its stored cards are exported as they are.

    The note fields `recall sync` stored are used (`recall.store.rendered`); the cards it had
    none current for are rendered now and stored for the next export (`store_rendered`).
    """
    from recall.anki import export_cards
    from recall.collection import Collection
    from recall.store import rendered

    with Collection.open(args.db) as col:
        subdecks = col.settings.subdecks
        cards = col.cards()
        if args.deck is None and col.uses_sample():
            raise ExportError(sample_only(cards))
        cards = choose_cards(cards, args.deck, subdecks)
        stale = changed_logs(col)
        stored = rendered.load(col.connection)
        out = Path(args.out) if args.out else default_output(cards, args.deck)
        report = export_cards(cards, out, subdecks=subdecks, stored=stored)
        store_rendered(col, report.rendered)
    for line in _stale_lines(*stale):
        print(line, file=sys.stderr)
    for warning in report.warnings:
        print(f"recall: warning: {warning}", file=sys.stderr)
    details = [f"{len(report.decks)} deck{'s' if len(report.decks) != 1 else ''}"]
    if report.media:
        details.append(f"{report.media} image{'s' if report.media != 1 else ''}")
    if report.suspended:
        details.append(f"{report.suspended} suspended")
    notes = f"{report.notes} note{'s' if report.notes != 1 else ''}"
    print(f"{out}: {notes} ({', '.join(details)})")
    return 0


WRITE_BACK_LOCK_WAIT_MS = 200
"""How long export waits for the write lock to store the fields it rendered, in milliseconds."""


def store_rendered(col, fields) -> None:
    """Store the fields an export had to render, so the next export need not (best effort).

    Skipped without a word when another recall holds the write lock past WRITE_BACK_LOCK_WAIT_MS
    or the collection cannot be written: they are a cache, rendered again next time.
    """
    if not fields:
        return
    from recall.errors import CollectionError
    from recall.store import rendered
    from recall.store.connection import write

    conn = col.connection
    try:
        conn.execute(f"PRAGMA busy_timeout = {WRITE_BACK_LOCK_WAIT_MS}")
        with write(conn, col.path):
            rendered.save(conn, fields)
    except CollectionError:
        pass
