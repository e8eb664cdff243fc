"""Bug reproductions (../shared/bugcases) of the kinds syntax collision, card boundary, encoding,
parser and html: each checked for the behaviour its README asks for."""

from __future__ import annotations

import json

import pytest

from recall.extract import extract_paths, extract_text


@pytest.fixture
def bugcase(shared):
    def _get(prefix: str):
        [path] = sorted((shared / "bugcases").glob(f"{prefix}-*.md"))
        return path

    return _get


def qas(path):
    return [(c.question, c.answer) for c in extract_paths([path]).cards]


def test_every_bugcase_extracts_without_error(shared):
    for path in sorted((shared / "bugcases").glob("*.md")):
        result = extract_paths([path])
        assert result.errors == [], path


def test_01_double_colon_in_inline_code_is_no_separator(bugcase):
    # only the real card, plus the bare std::map:: line read on purpose as "header -> <map>"
    assert qas(bugcase("01")) == [
        ("Header that declares std::map", "<map>"),
        ("Capital of Peru", "Lima"),
    ]


def test_02_fence_in_child_bullets_is_kept_whole(bugcase):
    parent = extract_paths([bugcase("02")]).cards[0]
    assert "std::unordered_set<int> seen = {1, 2};\n  seen.insert(4);\n  ```" in parent.answer
    assert parent.answer.endswith("- Average cost")


def test_03_one_line_triple_backticks_are_a_code_span(bugcase):
    assert qas(bugcase("03")) == [
        ("Flag that shows hidden files", "-a"),
        ("Flag that prints sizes in human units", "-h"),
    ]


def test_05_table_after_a_blank_line_stays_on_the_front(bugcase):
    [(question, answer)] = qas(bugcase("05"))
    assert question.startswith("Three runs of the same model scored:")
    assert "| B   | 0.74     |" in question
    assert question.endswith("What is the mean accuracy of the three runs?")
    assert answer == "0.74"


def test_07_leading_space_on_the_separator_is_trimmed(bugcase):
    assert qas(bugcase("07")) == [
        (
            "What does LoRA train instead of the full weight matrix?",
            "A pair of low-rank matrices whose product is added to the frozen weights.",
        ),
        (
            "What does soft prompting learn?",
            "A prefix of continuous embeddings prepended to the input.",
        ),
    ]


def test_08_nested_explicit_cards_render_alike_without_indentation(bugcase):
    cards = extract_paths([bugcase("08")]).cards
    assert [c.question for c in cards] == ["**HellaSwag**", "**TruthfulQA**", "**MMLU**"]
    assert all(not c.answer.startswith(" ") for c in cards)


def test_10_latex_braces_stay_inside_the_cloze(bugcase):
    cards = extract_paths([bugcase("10")]).cards
    assert [c.kind for c in cards] == ["cloze", "cloze"]
    assert cards[0].question.endswith("{{c1::$\\frac{1}{\\sqrt{2\\pi\\sigma^{2}}}$}}")


def test_11_math_is_opaque(bugcase):
    cards = extract_paths([bugcase("11")]).cards
    assert ("cross entropy(P, Q) = ?", "expected surprise of P under belief Q") in [
        (c.question, c.answer) for c in cards
    ]
    assert all("<em>" not in c.answer for c in cards)


def test_12_crlf_gives_the_cards_and_ids_of_lf(bugcase):
    path = bugcase("12")
    crlf = extract_paths([path]).cards
    lf = extract_text(path.read_bytes().decode().replace("\r\n", "\n"), path.name).cards
    assert [(c.id, c.question, c.answer) for c in crlf] == [
        (c.id, c.question, c.answer) for c in lf
    ]
    assert len(crlf) == 3


def test_13_bom_does_not_hide_the_first_heading(bugcase):
    [card] = extract_paths([bugcase("13")]).cards
    assert card.deck == "Daily-Learning-Log"
    assert card.context == ("Sep 10, 2024",)


def test_14_blockquote_list_parses(bugcase):
    assert extract_paths([bugcase("14")]).errors == []


def test_15_inline_html_is_kept_as_text(bugcase):
    cards = dict(qas(bugcase("15")))
    assert cards["Key idea?"] == '<mark>effort</mark> over "being smart".'
    assert cards["Comparison?"] == "3 < 5 and a<b should stay literal text."


def test_16_markup_like_brackets_are_plain_text(bugcase):
    data = json.dumps([c.to_json() for c in extract_paths([bugcase("16")]).cards])
    assert "[red]Should be shown literally[/red]?" in data
    assert "TODO" not in data and "NeurIPS" not in data


def test_18_many_highlights_are_one_cloze_card(bugcase):
    [card] = extract_paths([bugcase("18")]).cards
    assert card.kind == "cloze" and card.question.count("==") == 24


def test_20_same_question_under_two_headings_gives_distinct_cards(bugcase):
    cards = extract_paths([bugcase("20")]).cards
    assert len({c.id for c in cards}) == len(cards) == 6
    assert [c.context[-1] for c in cards if c.question == "How it works?"] == [
        "Soft Prompting",
        "LoRA (Low-Rank Adaptation)",
    ]


def test_27_an_answer_that_is_only_an_image_is_a_card(bugcase):
    assert qas(bugcase("27"))[-1] == (
        "Same file name, different folder?",
        "![other diagram](other/image.png)",
    )


def test_32_comment_that_ends_a_list(bugcase):
    result = extract_paths([bugcase("32")])
    cards = [(c.context[1:], c.question) for c in result.cards]
    assert cards == [
        ((), "Main idea?"),
        (("Main idea",), "Emergent"),
        (("Main idea",), "Dynamic"),  # CommonMark reads it as code after the comment
        ((), "Clarity?"),
    ]
    [warning] = result.warnings
    assert "line 6" in warning and "HTML comment on line 5" in warning
    parent = result.cards[0]
    assert parent.answer.endswith("\n- Emergent\n- Dynamic")  # the recovered item is a child


def test_34_deep_outline_keeps_the_rest_of_the_file(bugcase):
    cards = extract_paths([bugcase("34")]).cards
    assert cards[-1].question == "survivor?"
    assert cards[-1].context == ("After the deep outline",)
    assert len(cards) == 13
