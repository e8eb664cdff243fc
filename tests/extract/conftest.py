"""Helpers for the extractor tests: extract a markdown string as if it were a log file."""

from __future__ import annotations

import textwrap

import pytest

from recall.extract import ExtractedCard, extract_text


def cards_of(markdown: str, name: str = "log.md", **kwargs) -> list[ExtractedCard]:
    """The cards of `markdown` (dedented), extracted as the file `name`."""
    return extract_text(textwrap.dedent(markdown), name, **kwargs).cards


def qa(markdown: str, name: str = "log.md") -> list[tuple[tuple[str, ...], str, str]]:
    """``(context, question, answer)`` of each card of `markdown`."""
    return [(c.context, c.question, c.answer) for c in cards_of(markdown, name)]


def one(markdown: str, name: str = "log.md") -> ExtractedCard:
    """The single card of `markdown` (fails when there is not exactly one)."""
    cards = cards_of(markdown, name)
    assert len(cards) == 1, [(c.question, c.answer) for c in cards]
    return cards[0]


@pytest.fixture
def write(tmp_path):
    """Write a file under tmp_path: ``write("a/b.md", text)`` returns its Path."""

    def _write(rel: str, text: str | bytes):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write
