"""Explicit syntax from other tools gives the cards those tools would give."""

from __future__ import annotations

import pytest

from recall.extract import cloze, extract_text
from recall.extract.explicit import bracket_clozes, o2a_clozes
from tests.extract.conftest import cards_of, one, qa


def test_double_colon_lines_in_a_paragraph_are_one_card_each():
    assert qa(
        """\
        # Shell

        To list hidden files run ```ls -la``` in any directory.

        Flag that shows hidden files::-a
        Flag that prints sizes in human units::-h
        """
    ) == [
        ((), "Flag that shows hidden files", "-a"),
        ((), "Flag that prints sizes in human units", "-h"),
    ]


def test_double_colon_inside_code_is_not_a_separator():
    assert cards_of("Use `std::vector<int>` for lists of ints.\n") == []
    assert cards_of("```cpp\nQuestion::Answer\n```\n") == []


def test_triple_colon_gives_both_directions():
    assert [(c.kind, c.question, c.answer) for c in cards_of("Lima:::capital of Peru\n")] == [
        ("explicit", "Lima", "capital of Peru"),
        ("reversed", "capital of Peru", "Lima"),
    ]


def test_multiline_question_mark_card_with_the_table_it_refers_to():
    card = one(
        """\
        #flashcards

        Three runs scored:

        | Run | Accuracy |
        | --- | -------- |
        | A   | 0.71     |
        | B   | 0.77     |

        What is the mean accuracy?
         ?
        0.74
        """
    )
    assert card.question.startswith("Three runs scored:\n\n| Run | Accuracy |")
    assert card.question.endswith("What is the mean accuracy?")
    assert card.answer == "0.74"
    assert card.tags == ("flashcards",)


def test_double_question_mark_goes_both_ways():
    cards = cards_of("Front line one\nline two\n??\nBack side\n")
    assert [(c.question, c.answer) for c in cards] == [
        ("Front line one\nline two", "Back side"),
        ("Back side", "Front line one\nline two"),
    ]


def test_q_a_pairs_with_multiline_sides_and_images_in_the_question():
    cards = qa(
        """\
        Q: What is the title of this painting?

        ![](the-tempest.webp)

        A: _The Tempest_

        ---

        Q: Can the question
        run over lines?
        A: Yes, and
        so can the answer

        Q: State De Morgan's first law
        A:

        $$
        \\neg (P \\land Q) \\equiv \\neg P \\lor \\neg Q
        $$
        """
    )
    assert cards == [
        ((), "What is the title of this painting?\n\n![](the-tempest.webp)", "_The Tempest_"),
        ((), "Can the question\nrun over lines?", "Yes, and\nso can the answer"),
        (
            (),
            "State De Morgan's first law",
            "$$\n\\neg (P \\land Q) \\equiv \\neg P \\lor \\neg Q\n$$",
        ),
    ]


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("The ==ribosome== makes proteins.\n", [("The ==ribosome== makes proteins.", "cloze")]),
        (
            "Ribosomes are {{c1::protein factories}}.\n",
            [("Ribosomes are {{c1::protein factories}}.", "cloze")],
        ),
        ("Organelle making ATP::mitochondrion\n", [("Organelle making ATP", "explicit")]),
        (
            "Cell wall material in plants\n?\ncellulose\n",
            [("Cell wall material in plants", "explicit")],
        ),
        (
            "- Nucleus:: holds the DNA\n- Lysosome:: digests waste\n",
            [("Nucleus", "explicit"), ("Lysosome", "explicit")],
        ),
        (
            "> Q: Where is the nucleolus?\n> A: in the nucleus\n",
            [("Where is the nucleolus?", "explicit")],
        ),
        (
            "C: Plant cells store water in the [vacuole].\n",
            [("Plant cells store water in the {{c1::vacuole}}.", "cloze")],
        ),
    ],
)
def test_an_explicit_card_after_a_q_a_pair_is_its_own_card_not_part_of_the_answer(after, expected):
    """Explicit syntax always wins: the A: answer stops before a block that is a card itself."""
    cards = cards_of("Q: How many legs has a spider?\nA: eight\n\n" + after)
    assert [(c.question, c.answer) for c in cards[:1]] == [("How many legs has a spider?", "eight")]
    assert [(c.question, c.kind) for c in cards[1:]] == expected


def test_a_q_a_answer_still_runs_over_plain_blocks_to_the_next_q_heading_or_rule():
    cards = qa(
        """\
        Q: Which units does SI use for force?
        A: newton (N)

        One newton accelerates 1 kg by 1 m/s², and `kg::m` is not a card.

        - also written kg·m/s²

        Q: And for energy?
        A: joule {{not a cloze}

        A paragraph after the rule is no answer.

        ---

        Q: A question whose A: holds card-like text?
        A: Yes: std::map and ==marked== words stay in this answer.
        """
    )
    assert qa_answers(cards) == [
        (
            "Which units does SI use for force?",
            "newton (N)\n\nOne newton accelerates 1 kg by 1 m/s², and `kg::m` is not a card."
            "\n\n- also written kg·m/s²",
        ),
        ("And for energy?", "joule {{not a cloze}\n\nA paragraph after the rule is no answer."),
        (
            "A question whose A: holds card-like text?",
            "Yes: std::map and ==marked== words stay in this answer.",
        ),
    ]


def test_a_q_line_starts_a_new_card_even_without_a_blank_line():
    cards = cards_of(
        """\
        Q: Capital of Chile?
        A: Santiago
        Q: Capital of Peru?
        A: Lima
        C: [Quito] is the capital of Ecuador.

        Q: Capital
        of Bolivia?

        A: Sucre (constitutional)
        Q: Capital of Paraguay?
        A: Asunción
        """
    )
    assert [(c.question, c.answer, c.source.line, c.source.end_line) for c in cards] == [
        ("Capital of Chile?", "Santiago", 1, 2),
        ("Capital of Peru?", "Lima", 3, 4),
        ("{{c1::Quito}} is the capital of Ecuador.", "**Quito** is the capital of Ecuador.", 5, 5),
        ("Capital\nof Bolivia?", "Sucre (constitutional)", 7, 10),
        ("Capital of Paraguay?", "Asunción", 11, 12),
    ]


def test_explain_shows_the_card_after_a_q_a_pair():
    result = extract_text(
        "Q: 2+2?\nA: 4\n\nThe ==mitochondria== is the powerhouse.\n", "m.md", explain=True
    )
    assert [(e.line, e.outcome, e.card) for e in result.explanations] == [
        (1, "card (explicit Q:/A:): 2+2?", True),
        (4, "card (cloze)", True),
    ]


def qa_answers(cards):
    return [(q, a) for _, q, a in cards]


def test_hashcards_c_cards_become_numbered_clozes():
    card = one("C: The TeX command `\\alpha` renders as [$\\alpha$] in [MathJax].\n")
    assert card.kind == "cloze"
    assert card.question == (
        "The TeX command `\\alpha` renders as {{c1::$\\alpha$}} in {{c2::MathJax}}."
    )
    assert cloze.front(card.question) == "The TeX command `\\alpha` renders as [...] in [...]."


def test_bracket_clozes_leave_links_and_code_alone():
    assert (
        bracket_clozes("[a] `[b]` [c](d) ![e](f) [g]") == "{{c1::a}} `[b]` [c](d) ![e](f) {{c2::g}}"
    )


def test_obsidian_to_anki_basic_and_cloze_notes():
    cards = cards_of(
        """\
        START
        Basic
        This note has a front
        # with a heading inside
        Back: And a back.
        Tags: tag_one other
        END

        START
        Cloze
        This is a {cloze} with {2|numbers} and {c3:more}
        END
        """
    )
    assert [(c.kind, c.question, c.answer, c.tags) for c in cards] == [
        (
            "explicit",
            "This note has a front\n# with a heading inside",
            "And a back.",
            ("tag_one", "other"),
        ),
        (
            "cloze",
            "This is a {{c1::cloze}} with {{c2::numbers}} and {{c3::more}}",
            "This is a **cloze** with **numbers** and **more**",
            (),
        ),
    ]


def test_start_without_end_is_just_text():
    assert cards_of("START\nsomething\n\n- Label: still found\n")[0].question == "Label?"


def test_o2a_clozes():
    assert o2a_clozes("{a} {b} {2:c} {c1|d}") == "{{c1::a}} {{c2::b}} {{c2::c}} {{c1::d}}"


def test_one_column_question_table():
    card = one("| How do you use this style? |\n| --- |\n| Just like this |\n")
    assert (card.question, card.answer) == ("How do you use this style?", "Just like this")
    assert cards_of("| a | b |\n|---|---|\n| Why? | x |\n") == []


def test_highlight_cloze_paragraph():
    card = one("Greek letters: ==alpha==, ==beta==.\n")
    assert card.kind == "cloze"
    assert card.answer == "Greek letters: **alpha**, **beta**."


def test_docs_examples_inside_fences_are_not_cards():
    assert (
        cards_of(
            """\
        ## Single-line Basic

        ```markdown
        the question goes on this side::answer goes here!
        ```

        ```
        Q: inside a fence
        A: not a card
        ```

            indented::code block
        """
        )
        == []
    )


def test_mdanki_sections_once_the_file_shows_mdanki_marks():
    cards = cards_of(
        """\
        # Trees

        ## Card front one

        Back one, in markdown.

        [#tree](tree.md)

        ## B-tree lookup cost

        O(log n)

        ## Card with extra front text

        Extra front text

        %

        The back

        [#tag1]() [#tag2]()

        ## Empty card
        """
    )
    assert [(c.question, c.answer, c.tags) for c in cards] == [
        ("Card front one", "Back one, in markdown.", ("tree",)),
        ("B-tree lookup cost", "O(log n)", ()),
        ("Card with extra front text\n\nExtra front text", "The back", ("tag1", "tag2")),
    ]
    assert {c.deck for c in cards} == {"Trees"}


def test_without_mdanki_marks_sections_are_not_cards():
    text = "# Notes\n\n## Media\n\nNode.js runs JavaScript.\n\n**Inline**\n\nWith title: x\n"
    assert cards_of(text) == []


def test_inka_numbered_question_with_a_quoted_answer():
    cards = cards_of(
        """\
        Deck: Life

        1. What is the answer to everything?

        > 42

        2. If it {{c1::quacks}}, it is a {{c2::duck}}.
        """
    )
    assert [(c.kind, c.question, c.answer) for c in cards] == [
        ("explicit", "What is the answer to everything?", "42"),
        (
            "cloze",
            "If it {{c1::quacks}}, it is a {{c2::duck}}.",
            "If it **quacks**, it is a **duck**.",
        ),
    ]
    assert cards_of("- Why though?\n\nA paragraph.\n\n> a quote\n") == []


def test_an_obsidian_to_anki_end_after_a_list_is_found_however_the_file_is_parsed():
    text = "## A\n\nSTART\n- Label: text\nEND\n\n## B\n\n- Term: meaning\n"
    for chunk_chars in (10**9, 1):
        ex = extract_text(text, "o.md", chunk_chars=chunk_chars, explain=True)
        assert [c.question for c in ex.cards] == ["Term?"]
        assert [e.outcome for e in ex.explanations if e.line == 3] == [
            "no card: an Obsidian_to_Anki note without a front and back"
        ]
