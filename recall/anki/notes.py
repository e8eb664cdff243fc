"""One recall card → one genanki note: fields, note GUID, tags, deck name, suspension."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import PurePosixPath

import genanki

from recall.anki.media import MediaPacker
from recall.anki.models import basic_model, cloze_model
from recall.anki.render import FieldRenderer
from recall.extract import cloze
from recall.model import Card
from recall.rating import Status

CONTEXT_SEPARATOR = " › "
SUSPENDED_TAG = "recall::suspended"
_CLOZE_DELETION = re.compile(r"\{\{c[1-9]\d*::.*?\}\}", re.DOTALL)
_WHITESPACE = re.compile(r"\s+")
_WEB_LINK = re.compile(r"^https?://", re.IGNORECASE)
# C0 control characters and DEL, shown as their Unicode control pictures (ESC → ␛): never acted
# on, and never Anki's field separator \x1f inside a field.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20) if c not in (9, 10, 13)} | {0x7F: 0x2421}


def visible_controls(text: str) -> str:
    """`text` with control characters (other than tab and line ends) as control pictures."""
    return text.translate(_CONTROL_PICTURES) if _CONTROL.search(text) else text


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
    """

    media: MediaPacker
    renderer: FieldRenderer

    def __post_init__(self) -> None:
        self._basic = basic_model()
        self._cloze = cloze_model()
        # Many cards share a heading path and a tag set: render each once.
        self._contexts: dict[tuple[str, ...], str] = {}
        self._tags: dict[tuple[tuple[str, ...], bool], list[str]] = {}
        self._sources: dict[tuple[str, str | None], tuple[str, str]] = {}

    @property
    def models(self) -> tuple[genanki.Model, genanki.Model]:
        """The two note types (basic, cloze) the notes use."""
        return self._basic, self._cloze

    def note(self, card: Card, due: int = 0) -> genanki.Note:
        """The note of one card (suspended cards give suspended Anki cards).

        Args:
            card: an active or suspended card (orphaned cards are not exported).
            due: position of the note's new cards in Anki's new-card order.
        """
        images = self._images(card) if "![" in card.question or "![" in card.answer else None
        context = self._contexts.get(card.context)
        if context is None:
            context = CONTEXT_SEPARATOR.join(self.renderer.inline(part) for part in card.context)
            self._contexts[card.context] = context
        source = self._source(card)
        suspended = card.status == Status.SUSPENDED
        tags = self._tags.get((card.tags, suspended))
        if tags is None:
            tags = self._tags[(card.tags, suspended)] = anki_tags(card.tags, suspended)
        if card.kind == "cloze":
            text_md, extra_md = _cloze_parts(card)
            text = self.renderer.html(text_md, cloze=True, images=images)
            if _CLOZE_DELETION.search(text):
                extra = self.renderer.html(extra_md, images=images) if extra_md else ""
                fields, model = [text, extra, context, source], self._cloze
            else:
                fields = None
        else:
            fields = None
        if fields is None:
            question = self.renderer.html(card.question, images=images)
            answer = self.renderer.html(card.answer, images=images)
            fields, model = [question, answer, context, source], self._basic
        source_texts = (card.question, card.answer, *card.context, card.source.path)
        if _CONTROL.search(" ".join(source_texts)) or _CONTROL.search(card.source.url or ""):
            fields = [visible_controls(field) for field in fields]
        note = genanki.Note(model=model, fields=fields, tags=tags, guid=note_guid(card.id), due=due)
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
            parts = self._sources[key] = (f'<span class="recall-file">{path}:', f"</span>{link}")
        return f"{parts[0]}{card.source.line}{parts[1]}"


def _cloze_parts(card: Card) -> tuple[str, str]:
    """(text with Anki-numbered deletions, extra shown on the back) of a cloze card.

    The extractor gives the text as written (``==x==``, ``{{c1::x}}``, ``{{x}}``) as the question
    and the text with the deletions revealed in bold as the answer; Anki reveals them itself, so
    Extra stays empty unless the answer says something more.
    """
    extra = card.answer
    if not extra.strip() or extra.strip() == cloze.back(card.question).strip():
        extra = ""
    return cloze.numbered(card.question), extra
