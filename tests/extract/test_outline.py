"""Lists: labels, parents with nested items, answers that keep their markdown."""

from __future__ import annotations

from recall.extract import extract_text
from tests.extract.conftest import cards_of, one, qa

OUTLINE = """\
## Sep 10, 2024

### Fine-tuning course

- The big picture:
  - Data preparation
    - Download and clean.
    - Split for training and evaluation.
  - Training scripts.
    - Load model and data, train, checkpoint.
    - Hackable: easy to change.
    - [TODO]
      - [A challenge to read](https://example.org/challenge)
  - Evaluation on a benchmark subset.
"""


def test_nested_outline_gives_parent_cards_whose_nested_cards_show_by_title():
    assert qa(OUTLINE) == [
        (
            ("Sep 10, 2024", "Fine-tuning course"),
            "The big picture?",
            "- Data preparation\n- Training scripts.\n- Evaluation on a benchmark subset.",
        ),
        (
            ("Sep 10, 2024", "Fine-tuning course", "The big picture"),
            "Data preparation?",
            "- Download and clean.\n- Split for training and evaluation.",
        ),
        (
            ("Sep 10, 2024", "Fine-tuning course", "The big picture"),
            "Training scripts?",
            "- Load model and data, train, checkpoint.\n- Hackable",
        ),
        (
            ("Sep 10, 2024", "Fine-tuning course", "The big picture", "Training scripts"),
            "Hackable?",
            "easy to change.",
        ),
    ]


def test_todo_items_and_their_links_never_reach_a_card():
    text = " ".join(c.question + " " + c.answer for c in cards_of(OUTLINE))
    assert "TODO" not in text and "challenge" not in text


def test_ordered_bold_labels_with_nested_bullets():
    cards = qa(
        """\
        #### Techniques:
        1. **HumanEval**:
           - Uses **unit tests** for code.

        2. **Benchmarks**:
           - **Arc**: multiple-choice reasoning.
           - **MMLU**: many subjects

        5. **MosaicML**
           - lower price.
        """
    )
    assert cards == [
        (("Techniques",), "HumanEval?", "- Uses **unit tests** for code."),
        (("Techniques",), "Benchmarks?", "- **Arc**\n- **MMLU**"),
        (("Techniques", "Benchmarks"), "Arc?", "multiple-choice reasoning."),
        (("Techniques", "Benchmarks"), "MMLU?", "many subjects"),
        (("Techniques",), "MosaicML?", "- lower price."),
    ]


def test_answers_keep_fences_dedented_so_nothing_becomes_an_indented_code_block():
    card = one(
        """\
        ## Hash sets

        - Insert into an unordered set:
            ```cpp
            std::unordered_set<int> seen = {1, 2};
            seen.insert(4);
            ```
        """
    )
    assert card.question == "Insert into an unordered set?"
    assert card.answer == "```cpp\nstd::unordered_set<int> seen = {1, 2};\nseen.insert(4);\n```"


def test_a_nested_fence_item_is_part_of_the_parent_answer_and_never_card_syntax():
    cards = cards_of(
        """\
        - Insert an element into a set
          - ```cpp
            std::set<int> s; s.insert(1);
            ```
          - Average cost: `O(log n)`
        """
    )
    parent, label = cards
    assert parent.answer == "- ```cpp\n  std::set<int> s; s.insert(1);\n  ```\n- Average cost"
    assert (label.question, label.answer) == ("Average cost?", "`O(log n)`")


def test_label_text_with_nested_items_gets_both():
    card = cards_of("- Main idea: ideas get ids\n  - linked ids form clusters\n")[0]
    assert card.answer == "ideas get ids\n- linked ids form clusters"


def test_formulas_and_an_arrow_line_of_its_own():
    cards = qa(
        """\
        ### [Probability talk](https://example.org/v):
           - Define entropy from surprise.
              - Rare events surprise more.
              - Multiplying probabilities adds surprise.
              => using log: h(x) = log(1/p(x)): rare means high
              - entropy = expected value of surprise
              - KL divergence = cross entropy(P, Q) - entropy(P): a distance
        """
    )
    ctx = ("Probability talk", "Define entropy from surprise")
    assert cards[1:] == [
        ((*ctx, "using log"), "h(x) = ?", "log(1/p(x)): rare means high"),
        (ctx, "entropy = ?", "expected value of surprise"),
        (ctx, "KL divergence = ?", "cross entropy(P, Q) - entropy(P): a distance"),
    ]
    assert cards[0][1] == "Define entropy from surprise?"
    assert "Multiplying probabilities adds surprise." in cards[0][2]


def test_statements_without_labels_make_no_card():
    assert [c.question for c in cards_of("## Notes\n\n- A plain statement.\n- Label: x\n")] == [
        "Label?"
    ]


def test_a_label_repeated_in_one_list_is_a_category_the_term_after_it_asks():
    cards = cards_of(
        "## Data\n\nIntro.\n\n- File: `a.txt` holds tables.\n- File: `b.txt` holds examples.\n"
    )
    assert [(c.question, c.answer) for c in cards] == [
        ("File: `a.txt`?", "holds tables."),
        ("File: `b.txt`?", "holds examples."),
    ]


def test_a_repeated_label_without_a_term_keeps_every_item_as_a_card_with_a_warning():
    text = "## Topic\n\n- Same: a\n- Other: x\n- Same: b\n"
    result = extract_text(text, "log.md")
    assert [(c.question, c.answer) for c in result.cards] == [
        ("Same?", "a"),
        ("Other?", "x"),
        ("Same?", "b"),
    ]
    assert len({c.id for c in result.cards}) == 3
    assert result.warnings == [
        "log.md:5: same context and question as line 3; kept as a separate card"
    ]


def test_a_list_of_only_repeated_labels_is_not_folded_into_a_section_list_card():
    result = extract_text("## Data\n\nIntro.\n\n- File: one thing.\n- File: another thing.\n")
    assert [(c.kind, c.question, c.answer) for c in result.cards] == [
        ("label", "File?", "one thing."),
        ("label", "File?", "another thing."),
    ]
    assert len(result.warnings) == 1 and "kept as a separate card" in result.warnings[0]


def test_a_repeated_label_before_a_formula_keeps_both_formulas():
    cards = cards_of("## Losses\n\n- Loss: L1 = sum of abs\n- Loss: L2 = sum of squares\n")
    assert [(c.context, c.question) for c in cards] == [
        (("Losses", "Loss"), "L1 = ?"),
        (("Losses", "Loss"), "L2 = ?"),
    ]


def test_link_only_items_and_link_indexes_make_no_card():
    assert cards_of("## Read\n\n- [Paper](https://x.y)\n- https://example.org/page\n") == []
    assert cards_of("- Resources\n  - [a](https://a.b)\n  - [b](https://c.d)\n") == []


def test_an_image_is_an_answer_not_a_pointer():
    assert qa(
        """\
        ## Shapes

        - Stop sign: ![octagon](pics/stop.png "red")
        - What does yield look like? ![triangle](pics/yield.png)
        - Road plan:
          - ![plan](pics/plan.png)
        - Signals
          - ![go](pics/go.png)
          - ![halt](pics/halt.png)
        - Build badge: [![ok](https://ci.example.org/b.svg)](https://ci.example.org)
        - Home page: [site](https://example.org)
        """
    ) == [
        (("Shapes",), "Stop sign?", '![octagon](pics/stop.png "red")'),
        (("Shapes",), "What does yield look like?", "![triangle](pics/yield.png)"),
        (("Shapes",), "Road plan?", "- ![plan](pics/plan.png)"),
        (("Shapes",), "Signals?", "- ![go](pics/go.png)\n- ![halt](pics/halt.png)"),
    ]


def test_images_alone_in_a_list_ask_nothing_and_are_no_statements():
    ex = extract_text("## Gallery\n\n- ![a](a.png)\n- ![b](b.png)\n", "g.md", explain=True)
    assert ex.cards == []
    assert [e.outcome.split(" (")[0] for e in ex.explanations if e.text.startswith("-")] == [
        "no card: an image with nothing to ask"
    ] * 2


def test_a_link_item_with_nested_items_is_a_parent_named_by_its_text():
    card = cards_of("8. [**LLM Apps**](https://x.y)\n   - Vibes check: curated\n")[0]
    assert (card.kind, card.question, card.answer) == ("parent", "LLM Apps?", "- Vibes check")


def test_the_same_question_under_two_headings_gives_two_cards_told_apart_by_context():
    cards = cards_of(
        "## Day\n\n### Soft Prompting:\n\n- How it works: a prefix.\n\n"
        "### LoRA:\n\n- How it works: low-rank updates.\n"
    )
    assert [c.context for c in cards] == [("Day", "Soft Prompting"), ("Day", "LoRA")]
    assert cards[0].id != cards[1].id


def test_items_in_a_quote_only_give_explicit_cards():
    cards = cards_of("> 1. Label: quoted model output\n> 2. Quoted::card\n")
    assert [(c.kind, c.question) for c in cards] == [("explicit", "Quoted")]
