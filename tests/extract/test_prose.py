"""Prose rules: a short definition section under a term heading, a sentence announcing a list."""

from __future__ import annotations

import pytest

from recall.extract import extract_text
from recall.extract.prose import is_meta_heading, is_narration, is_pointer, lead_in_question
from tests.extract.conftest import cards_of, one

# --- definition sections ----------------------------------------------------------------------


def test_a_term_heading_with_a_quote_and_a_short_paragraph_is_a_definition_card():
    card = one(
        """\
        # Rate limiting

        ## Debounce

        > To smooth out a switch's bouncing contacts. - a dictionary

        Run the handler only once the events have stopped for a while,
        e.g. hide the cursor after the mouse is idle.

        ## Further reading

        - [a post](https://example.org/post)
        """
    )
    assert (card.kind, card.context, card.question) == (
        "definition",
        ("Rate limiting",),  # the note's title stays: prose leans on it
        "Debounce?",
    )
    assert card.answer.startswith("> To smooth out")
    assert card.answer.endswith("after the mouse is idle.")
    assert (card.source.line, card.source.end_line) == (3, 8)


def test_a_generic_heading_is_answerable_through_the_title_in_the_context():
    card = one(
        """\
        # Markov's inequality

        ## Statement

        For a non-negative random variable X and a > 0, the bound

        $$
        P(X \\geq a) \\leq E[X] / a
        $$

        holds.

        ## Source

        * A textbook, 2009.
        """
    )
    assert (card.context, card.question) == (("Markov's inequality",), "Statement?")
    assert "$$\nP(X \\geq a) \\leq E[X] / a\n$$" in card.answer
    assert card.answer.endswith("holds.")


def test_a_fence_with_blank_lines_belongs_to_the_definition():
    cards = cards_of(
        "## Rust: iterators\n\nAn iterator yields items lazily.\n\n```rust\nlet a = 1;\n\n"
        "let b = 2;\n```\n\n## Rust: borrowing\n\n`&x` lends `x` without moving it.\n"
    )
    assert [(c.context, c.question) for c in cards] == [
        ((), "Rust: iterators?"),
        ((), "Rust: borrowing?"),
    ]
    assert cards[0].answer.endswith("```rust\nlet a = 1;\n\nlet b = 2;\n```")


@pytest.mark.parametrize(
    "section",
    [
        "## Debounce\n\nI used it on my scroll handler today.\n",  # narration
        "## Dataset\n\nGet the dataset from [here](https://x.y/d.csv)\n```\nload()\n```\n",
        "## 2md\n\nhttps://2md.example is another tool that does this.\n",  # bare URL
        "## Day 3\n\nGradient descent follows the slope down.\n",
        "## Step 1 | Setup\n\nThe environment holds the packages.\n",
        "## Sep 9, 2024\n\nGradient descent follows the slope down.\n",
        "## References\n\nThe classic textbook on estimation.\n",
        "## Usage\n\nThe tool reads a file and prints its cards.\n",
        "## Debounce\n\nWaits for quiet.\n\n- on scroll\n- on resize\n",  # a list
        "## Debounce\n\nWaits for quiet.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",  # a table
        "## Debounce\n\nWaits for quiet.\n\n### In jQuery\n\nA plugin does it.\n",  # sub-section
        "## Debounce\n\nWaits for quiet.\n\nThrottle differs.\n",  # two paragraphs
        "## Debounce\n\n" + "word " * 61 + "\n",  # too long
        "## How we set up the build server\n\nThe server runs the builds.\n",  # not a term
        "## [A talk](https://x.y/talk)\n\nThe speaker explains attention.\n",  # a resource
        "## Debounce\n\nFor example:\n\n```\ndebounce(f, 100)\n```\n",  # introduces an example
        "## Debounce\n\n![diagram](d.png)\n",  # an image only
        "# Debounce\n\nWaits for quiet.\n",  # the file's title and its intro
        "> ## Debounce\n>\n> Waits for quiet.\n",  # quoted
        "## Debounce\n\n**What does it do?**\n\n",  # a question without an answer
    ],
)
def test_sections_that_are_not_definitions(section):
    assert [c.question for c in cards_of(section) if c.kind == "definition"] in ([], ["In jQuery?"])


def test_two_sections_under_one_h1_keep_the_h1_even_when_the_h1_is_the_deck():
    result = extract_text("# Notes\n\n## Alpha\n\nThe first letter.\n", "n.md")
    [card] = result.cards
    assert (card.deck, card.context) == ("Notes", ("Notes",))


# --- a sentence announcing a list -------------------------------------------------------------


def test_a_sentence_ending_in_a_colon_and_its_list_of_glosses_is_one_card():
    card = one(
        """\
        # Building mail links

        Some narrative about why I needed this.

        The query string parameters are:

        - `to` - the recipients
        - `su` - the subject
        - `body` - the text of the mail
        """
    )
    assert (card.kind, card.context, card.question) == (
        "list",
        ("Building mail links",),
        "The query string parameters?",
    )
    assert (
        card.answer
        == "- `to` - the recipients\n- `su` - the subject\n- `body` - the text of the mail"
    )
    assert (card.source.line, card.source.end_line) == (5, 9)


def test_a_sentence_naming_as_many_things_as_the_list_holds_announces_it():
    card = one(
        "# CLI\n\nThe tool prints its results in three formats.\n\n- Text\n- JSON\n- Table\n"
    )
    assert card.question == "The tool prints its results in three formats?"
    assert card.answer == "- Text\n- JSON\n- Table"


@pytest.mark.parametrize(
    "text",
    [
        "The tool prints its results in two formats.\n\n- Text\n- JSON\n- Table\n",  # 2 != 3
        "I keep these tools at hand:\n\n- a pen\n- a notebook\n",  # narration
        "> The parameters are:\n>\n> - one thing\n> - another thing\n",  # quoted
        "Resources I read:\n\n- [one](https://a.b)\n- [two](https://c.d)\n",  # links
        "It comes in two kinds:\n\n- soft ones\n- hard ones\n",  # leans on the sentence before
        "For example:\n\n- a first case\n- a second case\n",  # examples
        "Will generate two cards:\n\n1. `This [...] is a cloze`\n2. `This is a [...]`\n",
        "Each deletion has its own set of actions that tell how it behaves on each card:\n\n"
        "- ask it\n- hide it\n",  # too long to be a prompt
        "The parameters are:\n\n- only one thing\n",  # one item
        "The parameters are:\n\n```\n- not a list\n```\n",
    ],
)
def test_lists_that_no_sentence_announces(text):
    assert cards_of(text) == []


def test_labelled_items_after_a_lead_in_stay_cards_of_their_own():
    cards = cards_of("The steps are:\n\n- Parse: read the file\n- Emit: write the cards\n")
    assert [(c.kind, c.question) for c in cards] == [("label", "Parse?"), ("label", "Emit?")]


def test_glosses_without_a_lead_in_are_label_cards():
    cards = cards_of("## Flags\n\n- `-v` - more output\n- `-q` – less output\n")
    assert [(c.kind, c.question, c.answer) for c in cards] == [
        ("label", "`-v`?", "more output"),
        ("label", "`-q`?", "less output"),
    ]


def test_explain_names_the_lead_in_once():
    result = extract_text("The parameters are:\n\n- `a` - one\n- `b` - two\n", "e.md", explain=True)
    outcomes = [(e.line, e.card, e.outcome) for e in result.explanations]
    assert outcomes == [
        (1, True, "card (a sentence and its list): The parameters?"),
        (3, False, "in the list card 'The parameters?'"),
        (4, False, "in the list card 'The parameters?'"),
    ]


# --- helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I tried it today.", True),
        ("We use it on scroll.", True),
        ("Today I'm reading.", True),
        ("It waits for my mouse.", True),
        ("It waits for quiet, i.e. no events.", False),
        ("Waits for quiet.", False),
        ("The I/O thread waits.", False),
    ],
)
def test_narration(text, expected):
    assert is_narration(text) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Get the dataset from [here](https://x.y)", True),
        ("See the docs for more.", True),
        ("https://x.y is a tool.", True),
        ("The following is a small example.", True),
        ("It is standard; you can find documentation on [MDN](https://x.y).", True),
        ("A [tool](https://x.y) that converts HTML.", False),
        ("Converts HTML to markdown.", False),
    ],
)
def test_pointer(raw, expected):
    assert is_pointer(raw, raw) is expected


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("References", True),
        ("See also", True),
        ("参考文献", True),
        ("참고 문서", True),
        ("Step 2 | Model", True),
        ("Is Learning Feasible? | Day 22", True),
        ("Installation", True),
        ("v4.0.3 (deprecated)", True),
        ("An example counting stream", True),
        ("Debounce", False),
        ("Statement", False),
        ("Python: context managers", False),
    ],
)
def test_meta_headings(heading, expected):
    assert is_meta_heading(heading) is expected


@pytest.mark.parametrize(
    ("sentence", "items", "question"),
    [
        ("The query string parameters are:", 5, "The query string parameters?"),
        ("Supported formats include:", 2, "Supported formats?"),
        ("The CLI prints in three formats.", 3, "The CLI prints in three formats?"),
        ("The CLI prints in 3 formats.", 3, "The CLI prints in 3 formats?"),
        ("The CLI prints the following formats.", 4, "The CLI prints the following formats?"),
        ("The CLI prints in three formats.", 2, None),
        ("The CLI prints many formats.", 3, None),
        ("Formats:", 3, None),  # one word asks nothing
        ("For example:", 2, None),
        ("They are:", 2, None),
        ("Additionally, this means that:", 2, None),
    ],
)
def test_lead_in_question(sentence, items, question):
    assert lead_in_question(sentence, items) == question
