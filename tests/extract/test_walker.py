"""The walk: context from headings, the deck, tags, skip rules, front matter, --explain."""

from __future__ import annotations

from recall.extract import extract_text
from tests.extract.conftest import cards_of, one


def test_context_pops_headings_of_the_same_or_deeper_level_and_drops_colons():
    cards = cards_of(
        """\
        # My Log

        ## Sep 9, 2024: Topic A

        ### Part one:

        #### Detail

        - First: 1

        ### [Part two](https://example.org/two):

        - Second: 2

        ## Sep 10, 2024

        - Third: 3
        """
    )
    assert [c.context for c in cards] == [
        ("Sep 9, 2024: Topic A", "Part one", "Detail"),
        ("Sep 9, 2024: Topic A", "Part two"),
        ("Sep 10, 2024",),
    ]
    assert [c.source.url for c in cards] == [None, "https://example.org/two", None]
    assert {c.deck for c in cards} == {"My Log"}


def test_deck_is_the_file_name_without_a_single_h1_and_extra_h1s_are_context():
    cards = cards_of("# One\n\n- A: 1\n\n# Two\n\n- B: 2\n", name="notes/two-h1.md")
    assert {c.deck for c in cards} == {"two-h1"}
    assert [c.context for c in cards] == [("One",), ("Two",)]


def test_tags_are_the_entry_date_and_topic_plus_tags_written_in_the_log():
    cards = cards_of(
        """\
        #review #topic/physics

        ## Sep 9, 2024: Soft Prompting vs LoRA

        ### Soft Prompting

        - How it works: a prefix.
        """
    )
    assert cards[0].tags == ("2024-09-09", "soft-prompting-vs-lora", "review", "topic/physics")


def test_front_matter_tags_and_opt_out():
    card = one("---\ntags: [ml, notes]\n---\n- A: 1\n")
    assert card.tags == ("ml", "notes")
    assert cards_of("---\ntitle: x\nrecall: false\n---\n- A: 1\n") == []


def test_todo_sections_and_skip_comments():
    cards = cards_of(
        """\
        ## TODO
        ### [Talk to watch](https://example.org)
        - Label: skipped too

        ## Kept
        - A: 1
        - B: 2 <!-- recall:skip -->

        ## Opted out <!-- recall:skip -->
        - C: 3

        <!-- recall:skip -->
        - D: 4
        - E: 5

        ## Back
        - F: 6
        """
    )
    assert [c.question for c in cards] == ["A?", "F?"]


def test_html_comments_front_matter_and_prose_make_no_cards():
    assert (
        cards_of(
            "<!--\n- Hidden: item\n-->\n\nProse paragraph: with a colon and a question? Yes.\n"
        )
        == []
    )


def test_empty_and_whitespace_files_give_no_cards():
    assert cards_of("") == []
    assert cards_of("\n\n   \n") == []


def test_crlf_and_bom_give_the_same_cards_and_ids():
    text = "# Log\n\n## Sep 9, 2024\n\n- How it works: a prefix.\n- Q::A\n"
    lf = extract_text(text, "log.md").cards
    crlf = extract_text("\ufeff" + text.replace("\n", "\r\n"), "log.md").cards
    assert [c.to_json() for c in crlf] == [c.to_json() for c in lf]


def test_identical_cards_in_one_file_are_kept_with_distinct_ids_and_a_warning():
    result = extract_text("## S\n\n- Term: one\n\n## S\n\n- Term: two\n", "dup.md")
    first, second = result.cards
    assert first.context == second.context and first.question == second.question
    assert first.id != second.id
    assert result.warnings == [
        "dup.md:7: same context and question as line 3; kept as a separate card"
    ]


def test_source_lines_are_1_based_and_end_at_the_last_line_of_the_card():
    cards = cards_of("# T\n\n- Parent\n  - child one\n  - child two\n\n- Next: x\n")
    assert [(c.source.line, c.source.end_line) for c in cards] == [(3, 5), (7, 7)]


def test_explain_says_for_every_item_what_happened():
    result = extract_text(
        "## A\n\n- Label: text\n- a plain statement here\n- [link](https://x.y)\n- TODO: later\n",
        "e.md",
        explain=True,
    )
    outcomes = [(e.line, e.card, e.outcome) for e in result.explanations]
    assert outcomes[0][:2] == (1, False)
    assert outcomes[0][2].startswith("no card: not a definition section (the section holds a list)")
    assert outcomes[1:] == [
        (3, True, "card (label): Label?"),
        (4, False, "no card: a statement without a label"),
        (5, False, "skipped: link-only item"),
        (6, False, "skipped: TODO or task item"),
    ]
    assert result.explanations[0].to_json()["path"] == "e.md"


def test_explain_covers_question_headings_and_paragraphs():
    result = extract_text(
        "## What is X?\n\nIt is x.\n\n**Why Y?**\n\nBecause.\n", "e.md", explain=True
    )
    assert [(e.line, e.outcome) for e in result.explanations] == [
        (1, "card (question heading): What is X?"),
        (5, "card (bold question): Why Y?"),
    ]


def test_explain_says_why_headings_and_prose_make_no_card():
    text = (
        "# Title\n\nIntro prose.\n\n## Day 3\n\nWe walked a lot today.\n\n    code\n\n"
        "## Usage\n\nRun it like this:\n\n```\nx\n```\n"
    )
    result = extract_text(text, "e.md", explain=True)
    assert result.cards == [] and all(not e.card for e in result.explanations)
    outcomes = {e.line: e.outcome for e in result.explanations}
    assert outcomes[1] == "no card: the file's title (the deck)"
    assert outcomes[3].startswith("no card: prose paragraph")
    assert "a numbered, versioned or reference heading" in outcomes[5]
    assert outcomes[7].startswith("no card: prose paragraph")
    assert outcomes[9].startswith("no card: indented code block")
    assert "a numbered, versioned or reference heading" in outcomes[11]
    assert "ending in ':'" in outcomes[13]
    assert outcomes[15].startswith("no card: code fence")


def test_a_trailing_br_never_ends_an_answer():
    cards = cards_of(
        "**Which embeddings do you know?**\n\n- GloVe\n- BERT\n<br/>\n\n"
        "**Why normalise?**\n\nStable training. <br>\n"
    )
    assert [c.answer for c in cards] == ["- GloVe\n- BERT", "Stable training."]


def test_boilerplate_before_the_first_section_makes_no_card():
    text = (
        "# Interview questions\n\n* Legend: 👶 easy ⭐️ medium 🚀 expert\n"
        "* Can you answer the open questions? Please create a PR\n\n"
        "## Basics\n\n**What is a model?**\n\nA function fitted to data.\n"
    )
    result = extract_text(text, "q.md", explain=True)
    assert [c.question for c in result.cards] == ["What is a model?"]
    outcomes = {e.line: e.outcome for e in result.explanations}
    assert outcomes[3] == "no card: a legend of symbols"
    assert outcomes[4] == "no card: the answer only asks the reader to act or points elsewhere"


def test_a_comment_at_column_0_that_cuts_a_list_does_not_lose_the_items_after_it():
    text = (
        "## Notes\n\n- Idea: connect notes\n    - Emergent:: bottom-up\n<!--SR:!2024-10-01,3,250-->\n"
        "    - Dynamic:: changes with each note\n    - Personal: unique\n- Clarity: own words\n"
    )
    result = extract_text(text, "z.md", explain=True)
    assert [(c.context, c.question, c.answer) for c in result.cards] == [
        (("Notes",), "Idea?", "connect notes\n- Emergent\n- Dynamic\n- Personal"),
        (("Notes", "Idea"), "Emergent", "bottom-up"),
        (("Notes", "Idea"), "Dynamic", "changes with each note"),
        (("Notes", "Idea"), "Personal?", "unique"),
        (("Notes",), "Clarity?", "own words"),
    ]
    assert result.warnings == [
        "z.md: line 6: the HTML comment on line 5 ends the list above, so the indented items "
        "after it are code to markdown; read as nested list items (indent the comment, or "
        "remove it)"
    ]
    assert [(e.line, e.outcome) for e in result.explanations if e.line >= 3] == [
        (3, "card (label): Idea?"),
        (4, "card (explicit): Emergent"),
        (6, "list items cut off by an HTML comment: read as items"),
        (6, "card (explicit): Dynamic"),
        (7, "card (label): Personal?"),
        (8, "card (label): Clarity?"),
    ]


def test_real_code_after_a_comment_stays_code():
    text = "- Idea: connect notes\n<!-- a note -->\n    x = compute(1)\n"
    result = extract_text(text, "z.md")
    assert [c.question for c in result.cards] == ["Idea?"]
    assert result.warnings == []


def test_html_looking_heading_text_stays_literal_in_deck_context_tags_and_questions():
    ex = extract_text(
        """\
# <script>alert(1)</script> Templates

## Generics: vector<T>

- Template<T>: a vector<T> of T

## Sep 9, 2024: C++ & <T> maps

- Map: ordered by key

## What is <b>Span</b>?

A view over contiguous memory.
""",
        "g.md",
        explain=True,
    )
    cards = ex.cards
    assert {c.deck for c in cards} == {"<script>alert(1)</script> Templates"}
    assert [(c.context, c.question) for c in cards] == [
        (("Generics: vector<T>",), "Template<T>?"),
        (("Sep 9, 2024: C++ & <T> maps",), "Map?"),
        ((), "What is <b>Span</b>?"),
    ]
    assert cards[1].tags == ("2024-09-09", "c-t-maps")


def test_explain_names_an_html_looking_label_as_typed():
    ex = extract_text("- <b>Note</b>: remember vector<T>\n", "n.md", explain=True)
    assert [e.outcome for e in ex.explanations] == ["no card: '<b>Note</b>:' introduces a remark"]
