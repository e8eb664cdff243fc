"""Section rules: question headings, bold question paragraphs, formula headings, list cards."""

from __future__ import annotations

from recall.extract import extract_text
from tests.extract.conftest import cards_of, one, qa


def test_question_heading_takes_its_content_up_to_the_next_heading():
    cards = qa(
        """\
        # Interview prep

        ## Regression

        ### What is overfitting?

        Fitting noise in the training set.

        ```
        train error << test error
        ```

        ### Why regularise?
        """
    )
    assert cards == [
        (
            ("Regression",),
            "What is overfitting?",
            "Fitting noise in the training set.\n\n```\ntrain error << test error\n```",
        )
    ]


def test_bold_question_paragraphs_with_answers_up_to_the_next_question():
    cards = cards_of(
        """\
        # Questions

        ## Validation

        **What is overfitting? 👶**

        When the model fits the training set but not new data.

        - it memorises noise
        - Label: inside the answer, not a card of its own

        <br/>

        **Which metrics do you know? ‍⭐️**

        Answer here

        <br/>

        **What is K-fold cross-validation?**

        Split into k parts; each part validates once.
        """
    )
    assert [(c.context, c.question, c.kind) for c in cards] == [
        (("Validation",), "What is overfitting?", "question"),
        (("Validation",), "What is K-fold cross-validation?", "question"),
    ]
    assert cards[0].answer == (
        "When the model fits the training set but not new data.\n\n"
        "- it memorises noise\n- Label: inside the answer, not a card of its own"
    )
    assert cards[1].answer == "Split into k parts; each part validates once."


def test_a_bold_statement_is_not_a_question():
    assert cards_of("**Important.**\n\nSome prose.\n") == []


def test_setext_question_heading_is_a_question_card():
    card = one("How do you use ruled style?\n---\nThree dashes between front and back.\n")
    assert (card.question, card.answer) == (
        "How do you use ruled style?",
        "Three dashes between front and back.",
    )


def test_formula_heading_keeps_its_key_when_the_result_is_fixed():
    before = one("# Arithmetic\n\n## 7 x 8 = 54\n\nCheck: 7 x 8 = 7 x 4 x 2.\n")
    after = one("# Arithmetic\n\n## 7 x 8 = 56\n\nCheck: 7 x 8 = 7 x 4 x 2.\n")
    assert (before.question, after.question) == ("7 x 8 = ?", "7 x 8 = ?")
    assert before.id == after.id
    assert after.answer == "56\n\nCheck: 7 x 8 = 7 x 4 x 2."


def test_a_short_section_of_plain_statements_is_one_list_card():
    card = one(
        """\
        ## Sep 18, 2024:

        ### Build a bond with your children
        - Spend 20 minutes a day with them.
        - Engage in an activity together.
        - Avoid comments and directions.
        """
    )
    assert (card.kind, card.context, card.question) == (
        "list",
        ("Sep 18, 2024",),
        "Build a bond with your children?",
    )
    assert card.answer.splitlines() == [
        "- Spend 20 minutes a day with them.",
        "- Engage in an activity together.",
        "- Avoid comments and directions.",
    ]
    assert card.tags == ("2024-09-18",)


def test_a_sentence_announcing_the_list_of_a_short_section_asks_instead_of_the_heading():
    """``## API`` + ``The query string parameters are:`` + a list: the sentence is the more
    precise question (as it is in a longer section); the heading becomes its context."""
    section = "# Web\n\n## API\n\nThe query string parameters are:\n\n- page\n- per_page\n"
    longer = section + "\nSee the changelog for the rest of it.\n\n" + "Another paragraph.\n\n" * 12
    for text in (section, longer):
        card = one(text)
        assert (card.kind, card.context, card.question, card.answer) == (
            "list",
            ("Web", "API"),
            "The query string parameters?",
            "- page\n- per_page",
        )
        assert card.source.line == 5
    result = extract_text(section, "api.md", explain=True)
    assert [(e.line, e.card, e.outcome) for e in result.explanations if e.line > 1] == [
        (3, False, "no card of its own: the sentence below asks (The query string parameters?)"),
        (5, True, "card (a sentence and its list): The query string parameters?"),
        (7, False, "in the list card 'The query string parameters?'"),
        (8, False, "in the list card 'The query string parameters?'"),
    ]


def test_a_sentence_that_asks_nothing_leaves_the_list_card_to_the_heading():
    card = one("## Soil types\n\nThey are:\n\n- clay\n- sand\n- loam\n")
    assert (card.context, card.question, card.answer) == (
        (),
        "Soil types?",
        "- clay\n- sand\n- loam",
    )


def test_no_list_card_under_a_date_heading_or_for_one_item_or_mixed_lists():
    assert cards_of("## Sep 12, 2024:\n\n- One thing.\n- Another thing.\n") == []
    assert cards_of("## Section\n\n- Only one statement.\n") == []
    mixed = cards_of("## Talk\n\n- A statement.\n- Label: text\n- Another statement.\n")
    assert [c.kind for c in mixed] == ["label"]


def test_a_bold_title_counts_as_a_prompt_once_the_file_asks_in_bold():
    cards = cards_of(
        "**What is recall?**\n\nFound / relevant.\n\n**Precision-recall trade-off ⭐️**\n\n"
        "Raising one lowers the other.\n"
    )
    assert [(c.question, c.answer) for c in cards] == [
        ("What is recall?", "Found / relevant."),
        ("Precision-recall trade-off?", "Raising one lowers the other."),
    ]
    assert cards_of("**Inline-style**\n\nWith title: an image.\n") == []


def test_blank_lines_inside_a_fence_never_end_an_answer():
    card = one(
        "## How do generators chain?\n\n```python\ndef a():\n    yield 1\n\ndef b():\n"
        "    yield from a()\n```\n\n## Next\n"
    )
    assert card.answer == "```python\ndef a():\n    yield 1\n\ndef b():\n    yield from a()\n```"


def test_bold_questions_in_a_section_are_never_swallowed_by_the_list_card():
    cards = cards_of(
        """\
        ## Tuning

        **Which tuning strategies do you know?**

        The common ones are these:
        * Grid search tries every combination.

        * Random search samples within bounds.

        **How do the two differ?**

        Grid is exhaustive, random is not.
        """
    )
    assert [(c.kind, c.question) for c in cards] == [
        ("question", "Which tuning strategies do you know?"),
        ("question", "How do the two differ?"),
    ]
    assert cards[0].answer.startswith("The common ones are these:\n* Grid search")


def test_a_plain_question_paragraph_also_stops_the_list_card():
    assert cards_of("## Tuning\n\nWhy tune at all?\n\n- It helps.\n- It costs.\n") == []


def test_an_explicit_card_ends_the_answer_of_a_question_heading_or_bold_question():
    """Explicit syntax always wins: a cloze or Q::A paragraph after an answer is its own card."""
    cards = cards_of(
        """\
        ## Which gas do plants take in?

        Carbon dioxide, through the stomata.

        Gas plants give off::oxygen

        **Where does photosynthesis happen?**

        In the chloroplasts.

        The green pigment is ==chlorophyll==.

        ## Light speed = 3e8 m/s

        in vacuum

        - Unit of frequency:: hertz
        """
    )
    assert [(c.context, c.question, c.answer, c.kind) for c in cards] == [
        ((), "Which gas do plants take in?", "Carbon dioxide, through the stomata.", "question"),
        (("Which gas do plants take in?",), "Gas plants give off", "oxygen", "explicit"),
        (
            ("Which gas do plants take in?",),
            "Where does photosynthesis happen?",
            "In the chloroplasts.",
            "question",
        ),
        (
            ("Which gas do plants take in?",),
            "The green pigment is ==chlorophyll==.",
            "The green pigment is **chlorophyll**.",
            "cloze",
        ),
        ((), "Light speed = ?", "3e8 m/s\n\nin vacuum", "formula"),
        (("Light speed = 3e8 m/s",), "Unit of frequency", "hertz", "explicit"),
    ]
