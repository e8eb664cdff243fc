"""One recall card → one genanki note: fields (stored or rendered now), GUID, tags, deck, suspension."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from pathlib import PurePosixPath

import genanki

from recall.anki.fields import (
    BASIC,
    NoteFields,
    NoteRenderer,
    has_controls,
    is_current,
    shows_image,
    visible_controls,
)
from recall.anki.media import MediaPacker
from recall.anki.models import basic_model, cloze_model
from recall.model import Card
from recall.rating import Status

SUSPENDED_TAG = "recall::suspended"
_WHITESPACE = re.compile(r"\s+")
_WEB_LINK = re.compile(r"^https?://", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def note_guid(card_id: str) -> str:
    """The Anki note GUID of a card: its permanent id itself (never a hash of the note's fields).

    The permanent id survives answer edits, relinks and line moves, so a re-exported note
    updates the note already in Anki instead of adding a copy. (Anki takes any text as a GUID.)
    """
    return card_id


def anki_tags(tags: tuple[str, ...], suspended: bool = False) -> list[str]:
    """Card tags as Anki tags: whitespace runs become `_`, empty tags dropped, order kept.

    A suspended card also gets `recall::suspended`: Anki's default import ("Import any learning
    progress" off) unsuspends every card, so the tag is what lets the user find them in Anki.
    """
    result: list[str] = []
    for tag in tags:
        clean = _CONTROL.sub("", _WHITESPACE.sub("_", tag.strip()))
        if clean and clean not in result:
            result.append(clean)
    if suspended and SUSPENDED_TAG not in result:
        result.append(SUSPENDED_TAG)
    return result


@lru_cache(maxsize=1024)
def _clean_deck(name: str) -> str:
    """A deck name Anki takes as written: no control characters, no empty `::` parts."""
    parts = (part.strip() for part in visible_controls(name).split("::"))
    return "::".join(part for part in parts if part) or "recall"


def deck_name(card: Card, subdecks: bool) -> str:
    """The Anki deck of a card: recall's deck name; with `subdecks`, `Folder::...::Deck` after
    the folders of the card's source path (relative paths only), unless the name already has `::`.
    """
    name = _clean_deck(card.deck)
    if not subdecks or "::" in name:
        return name
    folders = [
        part
        for part in PurePosixPath(card.source.path).parent.parts
        if part not in ("", ".", "..", "/") and not part.endswith(":")
    ]
    if PurePosixPath(card.source.path).is_absolute():
        folders = folders[-1:]
    return "::".join([*folders, name])


@dataclass
class NoteBuilder:
    """Builds genanki notes from cards, sharing one renderer and one media packer.

    Attributes:
        media: the images the built notes refer to (packed names → files), and their warnings.
        renderer: renders the fields of cards whose stored fields cannot be used.
        stored: card id → the fields stored at sync (`recall.store.rendered`); may be empty.
        rendered: card id → fields rendered here for want of current stored ones (no image):
            what the caller may store for the next export.
    """

    media: MediaPacker
    renderer: NoteRenderer
    stored: Mapping[str, NoteFields] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._basic = basic_model()
        self._cloze = cloze_model()
        self.rendered: dict[str, NoteFields] = {}
        # Many cards share a tag set and a source file: build each once.
        self._tags: dict[tuple[tuple[str, ...], bool], list[str]] = {}
        self._sources: dict[tuple[str, str | None], tuple[str, str]] = {}

    @property
    def models(self) -> tuple[genanki.Model, genanki.Model]:
        """The two note types (basic, cloze) the notes use."""
        return self._basic, self._cloze

    def fields(self, card: Card) -> NoteFields:
        """The card's note fields: the stored ones when rendered from its current text by this
        renderer; else rendered now (kept in `rendered`); a card showing an image is always
        rendered now, its images packed (relative to its log file) and each `src` rewritten."""
        text = (card.question, card.answer, card.context)
        if shows_image(*text):
            return self.renderer.render(*text, card.kind, images=self._images(card))
        stored = self.stored.get(card.id)
        if stored is not None and is_current(stored, *text, card.kind):
            return stored
        fields = self.rendered[card.id] = self.renderer.render(*text, card.kind)
        return fields

    def note(self, card: Card, due: int = 0) -> genanki.Note:
        """The note of one card (suspended cards give suspended Anki cards).

        Args:
            card: an active or suspended card (orphaned cards are not exported).
            due: position of the note's new cards in Anki's new-card order.
        """
        fields = self.fields(card)
        suspended = card.status == Status.SUSPENDED
        tags = self._tags.get((card.tags, suspended))
        if tags is None:
            tags = self._tags[(card.tags, suspended)] = anki_tags(card.tags, suspended)
        model = self._basic if fields.model == BASIC else self._cloze
        note = genanki.Note(
            model=model,
            fields=[fields.front, fields.back, fields.context, self._source(card)],
            tags=tags,
            guid=note_guid(card.id),
            due=due,
        )
        if suspended:
            for anki_card in note.cards:
                anki_card.suspend = True
        return note

    def _images(self, card: Card):
        """The image resolver of one card: images are relative to its log file."""
        where = f"{card.source.path}:{card.source.line}"

        def resolve(src: str, alt: str) -> str | None:
            return self.media.resolve(src, card.file, where)

        return resolve

    def _source(self, card: Card) -> str:
        """`file:line` of the card, and the link of its link heading (web links only)."""
        key = (card.source.path, card.source.url)
        parts = self._sources.get(key)
        if parts is None:
            path = escape(card.source.path).replace("[", "&#91;")
            url = card.source.url
            link = ""
            if url and _WEB_LINK.match(url):
                safe = escape(url).replace("[", "&#91;")
                link = f' · <a href="{safe}">{safe}</a>'
            parts = (f'<span class="recall-file">{path}:', f"</span>{link}")
            if has_controls(path) or has_controls(link):
                parts = (visible_controls(parts[0]), visible_controls(parts[1]))
            self._sources[key] = parts
        return f"{parts[0]}{card.source.line}{parts[1]}"
