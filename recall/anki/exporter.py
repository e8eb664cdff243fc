"""Export recall cards as an Anki package: `export_cards(cards, out) -> ExportReport`."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import genanki

from recall import clock
from recall.anki.fields import NoteFields, NoteRenderer
from recall.anki.media import MediaPacker
from recall.anki.models import deck_id
from recall.anki.notes import NoteBuilder, deck_name
from recall.anki.package import write_package
from recall.errors import ExportError
from recall.model import Card
from recall.rating import Status


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote.

    Attributes:
        path: the package written (absolute).
        notes: number of Anki notes in it (one per exported card).
        suspended: how many of them are suspended.
        media: number of image files packed.
        decks: the Anki deck names, sorted.
        orphaned: orphaned cards left out.
        warnings: one line per card or image left out.
        rendered: card id → fields rendered during this export because none current were
            given (`stored`); cards showing an image are not in it (rendered at each export).
            What a caller may store for the next export (`recall.store.rendered.save`).
    """

    path: Path
    notes: int
    suspended: int
    media: int
    decks: tuple[str, ...]
    orphaned: int = 0
    warnings: tuple[str, ...] = ()
    rendered: Mapping[str, NoteFields] = field(default_factory=dict, repr=False)


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def output_target(path: Path) -> Path:
    """The file an export to `path` (absolute) replaces: `path`, or the file its symbolic link
    (or chain of links) points to, so the link stays a link and its target gets the package.

    The package is written next to that file and renamed over it (atomic): only a regular file,
    or a name not yet taken, is ever replaced. A FIFO, device or socket is refused, never
    opened, so `--out /dev/full` writes nothing and leaves the device node alone.

    Raises:
        ExportError: `path` (or its link's target) is a folder or not a regular file, its folder
            does not exist, or its links loop.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    shown = str(path) if target == path else f"{path} (a link to {target})"
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise ExportError(f"cannot write {shown}: {exc.strerror or exc}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise ExportError(f"{shown} is a folder; give a file name such as {path / 'recall.apkg'}")
    if mode is not None and not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise ExportError(f"cannot write {shown}: it is {kind}; give a file name")
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {shown}: folder {target.parent} does not exist")
    return target


def export_cards(
    cards: Iterable[Card],
    out: str | os.PathLike,
    *,
    subdecks: bool = False,
    now: datetime | None = None,
    stored: Mapping[str, NoteFields] | None = None,
) -> ExportReport:
    """Write `cards` as an Anki package at `out`; re-importing it updates the notes in place.

    Orphaned cards are left out; suspended cards are exported suspended. Each note's GUID derives
    from the card's permanent id; the note types ("recall", "recall cloze") have fixed ids.

    Args:
        cards: stored cards, in the order their new cards should be introduced in Anki.
        out: the .apkg file to write (replaced if it exists; a symbolic link to a file:
            that file is replaced and the link kept, see `output_target`).
        subdecks: name decks `Folder::Deck` after the source folder (settings `subdecks`).
        now: the notes' modification time (UTC-aware; None: the clock or RECALL_NOW). Anki
            updates an imported note only when this is newer than the note it holds.
        stored: card id → the fields `recall sync` stored (`recall.store.rendered.load`); each
            is used while it matches the card's text and this renderer, else the card is
            rendered again (as are cards showing an image). None: every card is rendered.

    Returns:
        An ExportReport (path, counts, warnings).

    Raises:
        ExportError: nothing to export, or the package cannot be written there (a folder, a
            FIFO, a device or other non-regular file, a missing folder).
        ClockError: `now` is naive or RECALL_NOW is invalid.
    """
    timestamp = clock.resolve(now).timestamp()
    path = Path(out).expanduser().absolute()
    target = output_target(path)

    media = MediaPacker()
    builder = NoteBuilder(media=media, renderer=NoteRenderer(), stored=stored or {})
    decks: dict[str, genanki.Deck] = {}
    warnings: list[str] = []
    notes = suspended = orphaned = 0
    for card in cards:
        if card.status == Status.ORPHANED:
            orphaned += 1
            continue
        if not card.question.strip() and card.kind != "cloze":
            warnings.append(
                f"{card.source.path}:{card.source.line}: card has no question; left out"
            )
            continue
        name = deck_name(card, subdecks)
        deck = decks.get(name)
        if deck is None:
            deck = decks[name] = genanki.Deck(deck_id(name), name)
        notes += 1
        deck.add_note(builder.note(card, due=notes))
        suspended += card.status == Status.SUSPENDED
    if not notes:
        raise ExportError("nothing to export: no active or suspended cards")

    try:
        write_package(list(decks.values()), media.files, target, timestamp)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return ExportReport(
        path=path,
        notes=notes,
        suspended=suspended,
        media=len(media.files),
        decks=tuple(sorted(decks)),
        orphaned=orphaned,
        warnings=tuple(warnings + media.warnings),
        rendered=builder.rendered,
    )
