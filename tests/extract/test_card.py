"""ExtractedCard: the SPEC §3 JSON shape and the deterministic id."""

from __future__ import annotations

from recall.extract import card_id
from recall.extract.card import normalise
from recall.model import SourceRef
from tests.extract.conftest import cards_of, one

KEYS = ["id", "deck", "context", "question", "answer", "kind", "tags", "source"]


def test_json_has_exactly_the_spec_keys_in_order():
    card = one("# Deck\n\n## Sep 9, 2024: Topic\n\n- Term: meaning\n")
    data = card.to_json()
    assert list(data) == KEYS
    assert list(data["source"]) == ["path", "line", "end_line", "url"]
    assert data["context"] == ["Sep 9, 2024: Topic"]
    assert data["tags"] == ["2024-09-09", "topic"]
    assert data["source"] == {"path": "log.md", "line": 5, "end_line": 5, "url": None}


def test_id_is_16_hex_digits_and_depends_on_path_context_question():
    a = card_id("log.md", ("A", "B"), "How it works?")
    assert len(a) == 16 and int(a, 16) >= 0
    assert a == card_id("log.md", ("A", "B"), "How it works?")
    assert a != card_id("other.md", ("A", "B"), "How it works?")
    assert a != card_id("log.md", ("A",), "How it works?")
    assert a != card_id("log.md", ("A", "B"), "How does it work?")
    assert a != card_id("log.md", ("A B",), "How it works?")  # context parts stay apart


def test_id_ignores_whitespace_line_endings_and_line_numbers():
    assert card_id("log.md", ("A",), "Q  one\r\ntwo") == card_id("log.md", ("A ",), "Q one\ntwo")
    first = cards_of("## A\n\n- Term: one\n")[0]
    moved = cards_of("## A\n\nSome new prose.\n\n- Other: x\n- Term: one changed\n")[1]
    assert first.id == moved.id
    assert first.source.line != moved.source.line


def test_id_uses_the_id_path_with_forward_slashes():
    assert card_id("a\\b.md", (), "Q?") == card_id("a/b.md", (), "Q?")


def test_occurrence_gives_a_second_identical_card_its_own_id():
    first = card_id("log.md", ("A",), "Q?")
    assert card_id("log.md", ("A",), "Q?", occurrence=1) == first
    assert card_id("log.md", ("A",), "Q?", occurrence=2) != first


def test_normalise():
    assert normalise("  a\t b \r\n c ") == "a b c"


def test_source_is_the_model_source_ref():
    card = one("- Term: meaning\n")
    assert isinstance(card.source, SourceRef)
    assert card.file.endswith("log.md")
    assert card.position == 0
