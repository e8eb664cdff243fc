"""The card record the extractor hands out (`ExtractedCard`) and its deterministic id."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from recall.model import SourceRef


def normalise(text: str) -> str:
    """Text with line endings unified and every run of whitespace made one space, trimmed."""
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def _context_key(context: tuple[str, ...]) -> str:
    return "\x1e".join(normalise(c) for c in context)


def card_id(id_path: str, context: tuple[str, ...], question: str, occurrence: int = 1) -> str:
    """16 hex digits of SHA-256 over (id_path, context, question), whitespace-normalised.

    Args:
        id_path: the file's id path (file name, or folder-relative path; never absolute).
        context: the heading path above the card.
        question: the card's question (markdown).
        occurrence: 1 for the first card with this (context, question) in the file, 2 for the
            second identical one, and so on (only >1 changes the id).

    Returns:
        e.g. ``"4f1c2a9e0b7d3c51"``; the same on every machine, for CRLF or LF files, wherever
        the item sits in the file.
    """
    key = "\x1f".join(
        [normalise(id_path.replace("\\", "/")), _context_key(tuple(context)), normalise(question)]
    )
    if occurrence > 1:
        key += f"\x1f#{occurrence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ExtractedCard:
    """One card found in a log (SPEC §3).

    Attributes:
        id: 16 hex digits, from the file's id path, the context and the question.
        deck: the file's single H1, else the file name without its extension.
        context: the heading path above the item (link text only, trailing ``:`` dropped),
            plus the titles of the outline items it is nested under (and the label written
            before a formula). The file's single H1 is left out (it is the deck), except for
            the prose kinds ``definition`` and a sentence's ``list``, whose question leans on it.
        question: markdown. For ``kind == "cloze"`` the text as written, deletions included
            (``==x==`` or ``{{c1::x}}``); see `recall.extract.cloze` for the front and back.
        answer: markdown (nested items dedented, fences, tables and math intact). For a cloze
            card: the text with every deletion revealed.
        kind: the rule that made the card: ``label``, ``parent``, ``question``, ``formula``,
            ``list`` (a section of statements, or a sentence announcing a list), ``definition``
            (a short section under a term heading), ``explicit``, ``reversed`` (second side of
            ``:::``/``??``) or ``cloze``.
        tags: the entry date (``2024-09-09``), a topic, and tags written in the log; no spaces.
        source: where it is: path as given, 1-based ``line`` and ``end_line``, link of the
            nearest link heading.
        file: absolute path of the log file.
        position: order of the card within its file (0, 1, 2, ...).
    """

    id: str
    deck: str
    context: tuple[str, ...]
    question: str
    answer: str
    kind: str
    tags: tuple[str, ...]
    source: SourceRef
    file: str
    position: int

    def to_json(self) -> dict:
        """The SPEC §3 object: exactly id, deck, context, question, answer, kind, tags, source."""
        return {
            "id": self.id,
            "deck": self.deck,
            "context": list(self.context),
            "question": self.question,
            "answer": self.answer,
            "kind": self.kind,
            "tags": list(self.tags),
            "source": self.source.to_dict(),
        }
