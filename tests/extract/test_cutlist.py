"""A list cut by a column-0 HTML comment reads as if the comment were not there."""

from __future__ import annotations

import re

import pytest

from recall.extract import extract_text

NOTES = """\
## Cells

- Organelles:
    - Nucleus: holds the DNA
        - Nucleolus: makes ribosomes
<!--SR:!2025-01-10,4,230-->
        - Envelope: a double membrane
<!--SR:!2025-01-12,2,250-->
    - Ribosome: makes proteins
- Membrane: a lipid bilayer

1. **Mitosis**
    1. prophase
<!-- reviewed -->
    2. metaphase
3. Meiosis: two divisions
"""


def cards(text: str) -> list[tuple]:
    return [(c.context, c.question, c.answer, c.kind) for c in extract_text(text, "c.md").cards]


def test_cut_items_are_children_everywhere_as_if_the_comment_were_not_there():
    without = re.sub(r"(?m)^<!--.*-->\n", "", NOTES)
    assert cards(NOTES) == cards(without)
    got = {q: a for _, q, a, _ in cards(NOTES)}
    assert got["Organelles?"] == "- Nucleus\n- Ribosome"
    assert got["Nucleus?"] == "holds the DNA\n- Nucleolus\n- Envelope"
    assert got["Mitosis?"] == "1. prophase\n2. metaphase"
    assert [q for _, q, _, _ in cards(NOTES)][-1] == "Meiosis?"


def test_the_parent_card_source_spans_its_recovered_children():
    result = extract_text(NOTES, "c.md")
    spans = {c.question: (c.source.line, c.source.end_line) for c in result.cards}
    assert spans["Organelles?"] == (3, 9)
    assert spans["Nucleus?"] == (4, 7)
    assert spans["Mitosis?"] == (12, 15)
    assert len(result.warnings) == 3
    assert result.warnings[0].startswith("c.md: line 7: the HTML comment on line 6 ends the list")


@pytest.mark.parametrize(
    "text",
    [
        "- Idea: connect notes\n<!-- a note -->\n    x = compute(1)\n",  # real code stays code
        "- Idea: connect notes\n\nA paragraph.\n<!-- a note -->\n    - Not: after the list\n",
    ],
)
def test_only_indented_items_right_after_a_list_and_its_comment_are_put_back(text):
    result = extract_text(text, "c.md")
    assert [(c.question, c.answer) for c in result.cards] == [("Idea?", "connect notes")]
    assert result.warnings == []


def test_a_recall_skip_comment_after_a_list_still_skips_what_follows():
    text = "- Idea: connect notes\n<!-- recall:skip -->\n    - Private: not a card\n"
    result = extract_text(text, "c.md")
    assert [(c.question, c.answer) for c in result.cards] == [("Idea?", "connect notes")]


def test_a_quoted_list_is_left_as_markdown_reads_it():
    text = "> - Idea:: connect notes\n> <!-- a note -->\n>     - Quoted:: left as code\n"
    result = extract_text(text, "c.md")
    assert [(c.question, c.answer) for c in result.cards] == [("Idea", "connect notes")]
    assert result.warnings == []
