"""Real markdown by others (../shared/corpus): never a crash, and hand-made gold scored.

Each file in tests/extract/gold/ names a corpus file (or a bugcase, ``bugcases/...``) and lists,
in the scorer's format, the cards a careful learner would keep from it (written for this
project; the corpus files are only read from ../shared). They are scored by
../shared/acceptance/score_cards.py like the seed; a gold without ``must`` or ``may`` says the
file gives no card at all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from recall.extract import extract_paths

GOLD = sorted((Path(__file__).parent / "gold").glob("*.json"))


def corpus_files(shared: Path) -> list[Path]:
    return sorted(p for p in (shared / "corpus").rglob("*") if p.is_file())


def test_every_corpus_file_extracts_without_error(shared):
    files = corpus_files(shared)
    assert len(files) > 30
    for path in files:
        result = extract_paths([path], explain=True)
        assert result.errors == [], path
        for message in result.warnings:
            assert "\n" not in message
        for card in result.cards:
            assert card.question.strip() and card.answer.strip(), (path, card)


@pytest.mark.parametrize("gold", GOLD, ids=[g.stem for g in GOLD])
def test_gold(gold, shared, tmp_path):
    spec = json.loads(gold.read_text(encoding="utf-8"))
    source = shared / spec["source"] if spec["source"].startswith("bugcases/") else None
    source = source or shared / "corpus" / spec["source"]
    cards = tmp_path / "cards.json"
    cards.write_text(json.dumps([c.to_json() for c in extract_paths([source]).cards]))
    done = subprocess.run(
        [
            sys.executable,
            str(shared / "acceptance" / "score_cards.py"),
            str(gold),
            str(cards),
            "--min-recall",
            "0.97",
            "--min-precision",
            "0.95",
            "--show",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout


def test_bold_question_list_gives_one_card_per_answered_question(shared):
    path = shared / "corpus" / "alexeygrigorev__data-science-interviews" / "theory.md"
    cards = extract_paths([path]).cards
    questions = [c for c in cards if c.kind == "question"]
    assert len(questions) >= 140
    assert all(c.question.endswith("?") for c in questions)
    assert not any("Answer here" in c.answer for c in cards)
    assert not any(c.question.startswith("Supervised machine learning") for c in cards)  # TOC
    first = next(c for c in cards if c.question == "What is supervised machine learning?")
    assert first.context == ("Supervised machine learning",)
    assert first.deck == "Theoretical interview questions"
    assert first.answer.startswith("Supervised learning is a type of machine learning")
    assert "<br/>" not in first.answer
    assert not any(c.answer.rstrip().endswith(("<br/>", "<br>")) for c in cards)
    assert [c.kind for c in cards if c.kind not in ("question", "label")] == []  # no list card
    assert not any(
        c.question in ("Legend?", "Do you know how to answer questions without answers?")
        for c in cards
    )  # the README's boilerplate
    tuning = [c.question for c in cards if c.context == ("Parameter tuning",)]
    assert tuning == ["Which hyper-parameter tuning strategies (in general) do you know?"]


@pytest.mark.parametrize(
    "rel",
    [
        "simonw__til/markdown/converting-to-markdown.md",
        "simonw__til/chrome/headless.md",
        "jbranchaud__til/postgres/checking-the-type-of-a-value.md",
        "jbranchaud__til/postgres/concatenate-strings-with-a-separator.md",
        "st3v3nmw__obsidian-spaced-repetition/docs/docs/en/flashcards/cloze-cards.md",
        "st3v3nmw__obsidian-spaced-repetition/docs/docs/en/flashcards/cards-with-blank-lines.md",
        "st3v3nmw__obsidian-spaced-repetition/tests/vaults/notes1/Computation Graph.md",
    ],
)
def test_narrative_notes_and_docs_give_no_cards(shared, rel):
    assert extract_paths([shared / "corpus" / rel]).cards == []


def test_a_sentence_announcing_a_list_is_one_card_in_a_narrative_note(shared):
    [card] = extract_paths([shared / "corpus" / "simonw__til/google/gmail-compose-url.md"]).cards
    assert (card.kind, card.context, card.question) == (
        "list",
        ("Generating URLs to a Gmail compose window",),
        "The query string parameters?",
    )
    assert card.answer.splitlines()[0] == "- `to` - the recipients - can be comma separated"
    assert len(card.answer.splitlines()) == 5  # not Gemini's table, not the quoted prompt


def test_the_users_log_follows_its_linked_sql_page(shared):
    result = extract_paths([shared / "corpus" / "quangvu0702__Daily-Learning-Log" / "README.md"])
    assert [f.display for f in result.files][1:] == ["QA_SQL/README.md"]
    decks = {c.deck for c in result.cards}
    assert decks == {"Daily-Learning-Log", "Build a Question/Answering system over SQL data"}
    assert result.warnings == []
