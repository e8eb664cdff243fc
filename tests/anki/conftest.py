"""Fixtures for the Anki export tests: card records, a real Anki collection, Anki's import."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from anki.collection import Collection as AnkiCollection
from anki.collection import ImportAnkiPackageRequest

from recall.model import Card, SourceRef
from recall.rating import Status

_numbers = itertools.count(1)


def make_card(
    question: str = "How it works?",
    answer: str = "Soft prompting learns a few input vectors.",
    *,
    id: str | None = None,
    deck: str = "Daily-Learning-Log",
    context: tuple[str, ...] = ("Sep 9, 2024: Soft Prompting vs LoRA", "Soft Prompting"),
    kind: str = "label",
    tags: tuple[str, ...] = ("2024-09-09",),
    path: str = "log.md",
    line: int | None = None,
    url: str | None = None,
    file: str | Path | None = None,
    status: Status = Status.ACTIVE,
) -> Card:
    """A stored-card record as the collection hands it out (a real dataclass, not a mock)."""
    number = next(_numbers)
    card_id = id or f"{number:016x}"
    return Card(
        id=card_id,
        key=f"key-{card_id}",
        deck=deck,
        context=context,
        question=question,
        answer=answer,
        kind=kind,
        tags=tags,
        source=SourceRef(path=path, line=line or number, end_line=line or number, url=url),
        file=str(file) if file is not None else None,
        status=status,
        position=number,
    )


def visible_text(html: str) -> str:
    """What a reader sees of Anki's rendered card HTML: no style block, no tags or attributes."""
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", "", html)


@pytest.fixture
def card_factory() -> Callable[..., Card]:
    """`make_card(question, answer, **fields)` → Card."""
    return make_card


class AnkiDesktop:
    """A real Anki collection in a tmp folder, importing packages as Anki desktop does."""

    def __init__(self, folder: Path) -> None:
        self.col = AnkiCollection(str(folder / "collection.anki2"))

    def import_package(self, path: Path, **overrides):
        """Import with the options Anki's import screen pre-selects (its presets), plus overrides.

        Returns the import log (`.new`, `.updated`, `.duplicate`, `.conflicting` ...).
        """
        options = self.col._backend.get_import_anki_package_presets()
        for name, value in overrides.items():
            setattr(options, name, value)
        request = ImportAnkiPackageRequest(package_path=str(path), options=options)
        return self.col.import_anki_package(request).log

    def notes(self) -> list:
        """Every note, in note-id order."""
        return [self.col.get_note(nid) for nid in sorted(self.col.find_notes(""))]

    def note_by_guid(self, guid: str):
        matches = [note for note in self.notes() if note.guid == guid]
        assert len(matches) == 1, f"{len(matches)} notes with guid {guid!r}"
        return matches[0]

    def notetype_names(self) -> list[str]:
        return sorted(model["name"] for model in self.col.models.all())

    def deck_names(self) -> list[str]:
        return sorted(d.name for d in self.col.decks.all_names_and_ids())

    def media_names(self) -> list[str]:
        return sorted(p.name for p in Path(self.col.media.dir()).iterdir())

    def empty_cards(self) -> list[int]:
        report = self.col.get_empty_cards()
        return [cid for note in report.notes for cid in note.card_ids]


@pytest.fixture
def anki(tmp_path) -> AnkiDesktop:
    """A fresh real Anki collection (the `anki` package, Anki's own Rust backend)."""
    folder = tmp_path / "anki-profile"
    folder.mkdir()
    desktop = AnkiDesktop(folder)
    yield desktop
    desktop.col.close()
