"""The rules for one item's own text: what a careful learner would make of it."""

from __future__ import annotations

import pytest

from recall.extract import rules
from recall.extract.inline import render
from recall.extract.parser import parse


def verdict(text: str, *, children: bool = False, items: bool | None = None) -> rules.Verdict:
    inl = render(parse(text)[1].children)
    return rules.classify(inl, has_children=children, has_items=items)


@pytest.mark.parametrize(
    ("text", "kind", "question", "answer"),
    [
        (
            "How it works: adds a learned prefix.",
            "label",
            "How it works?",
            "adds a learned prefix.",
        ),
        (
            "**HumanEval**: unit tests, not n-grams",
            "label",
            "HumanEval?",
            "unit tests, not n-grams",
        ),
        ("**Arc:** multiple choice", "label", "Arc?", "multiple choice"),
        ("[**LLM Apps**](https://x.y): vibes", "label", "LLM Apps?", "vibes"),
        (
            "Notion, ROAM, Remnote: not for notes",
            "label",
            "Notion, ROAM, Remnote?",
            "not for notes",
        ),
        ("Meeting at 10:30: standup", "label", "Meeting at 10:30?", "standup"),
        ("Q [sound:q.mp3] here: answer", "label", "Q [sound:q.mp3] here?", "answer"),
        ("Ratio (a:b) form: two parts", "label", "Ratio (a:b) form?", "two parts"),
        ("Set {x: 1} literal: a dict", "label", "Set {x: 1} literal?", "a dict"),
        ("Step 1) Warm up: ten minutes", "label", "Step 1) Warm up?", "ten minutes"),
        (
            "Task [due:: 2024-09-09] doc:: the spec",
            "explicit",
            "Task [due:: 2024-09-09] doc",
            "the spec",
        ),
        (
            "Does it (really?) scale? yes, linearly",
            "question",
            "Does it (really?) scale?",
            "yes, linearly",
        ),
        ("Mean (x = 2) = the average", "formula", "Mean (x = 2) = ?", "the average"),
        ("Docs at https://a.b/c: a site", "label", "Docs at https://a.b/c?", "a site"),
        ("`x = 1` in code: a label", "label", "`x = 1` in code?", "a label"),
        ("`std::map` header: <map>", "label", "`std::map` header?", "<map>"),
        (
            "entropy = expected value of surprise",
            "formula",
            "entropy = ?",
            "expected value of surprise",
        ),
        (
            "KL divergence = cross entropy(P, Q) - entropy(P): a distance",
            "formula",
            "KL divergence = ?",
            "cross entropy(P, Q) - entropy(P): a distance",
        ),
        (
            "using log: h(x) = log(1/p(x)): rare is surprising",
            "formula",
            "h(x) = ?",
            "log(1/p(x)): rare is surprising",
        ),
        (
            "Define what is the bottleneck? Data, not the model.",
            "question",
            "Define what is the bottleneck?",
            "Data, not the model.",
        ),
        ("Capital of Peru::Lima", "explicit", "Capital of Peru", "Lima"),
        (
            "Header that declares std::map:: <map>",
            "explicit",
            "Header that declares std::map",
            "<map>",
        ),
        ("**Bold term**:: shown the same", "explicit", "**Bold term**", "shown the same"),
        ("The capital of Peru is ==Lima==", "cloze", "The capital of Peru is ==Lima==", ""),
    ],
)
def test_cards(text, kind, question, answer):
    v = verdict(text)
    assert (v.kind, v.question, v.answer) == (kind, question, answer)


def test_triple_colon_goes_both_ways():
    v = verdict("Lima:::capital of Peru")
    assert (v.kind, v.question, v.answer, v.reverse) == (
        "explicit",
        "Lima",
        "capital of Peru",
        ("capital of Peru", "Lima"),
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Tesla is not a software company, it is a robot company.", "statement"),
        (
            "The distribution of answers people want is not being explored at all: few samples",
            "not a short label",
        ),
        ("There are two kinds of models: big and small", "starts a sentence"),
        ("Note: check this later", "introduces a remark"),
        ("Source: [paper](https://x.y)", "introduces a remark"),
        ("Paper: [link](https://x.y)", "only a link"),
        ("Site: https://example.org/page", "only a link"),
        ("Badge: [![ci](https://x.y/b.svg)](https://x.y)", "only a link"),
        ("Label:", "label without an answer"),
        ("TODO: read the paper", "TODO"),
        ("[TODO]", "TODO"),
        ("[ ] buy milk", "TODO"),
        ("[x] done task", "TODO"),
        ("Why does it work?", "question without an answer"),
        ("a `b::c` in code", "statement"),
        ("Play [sound:a.mp3] now", "statement"),
        ("Note the ratio (a:b) and [c::d] here", "statement"),
        ("Answer: ...", "placeholder"),
    ],
)
def test_no_card(text, reason):
    v = verdict(text)
    if reason == "placeholder":
        assert rules.is_placeholder(v.answer)
        return
    assert v.kind is None
    assert reason in v.reason


def test_empty_and_skip_comment():
    assert verdict("Term: text <!-- recall:skip -->").skip
    v = rules.classify(render([]), has_children=False)
    assert v.skip and "empty" in v.reason


def test_parent_needs_a_short_title_and_nested_items():
    v = verdict("The big picture", children=True)
    assert (v.kind, v.question, v.children_answer) == ("parent", "The big picture?", True)
    v = verdict("Finetuning repository and scripts.", children=True)
    assert v.question == "Finetuning repository and scripts?"
    long = "This is a long sentence with far too many words to be a title of anything"
    assert verdict(long, children=True).kind is None
    assert verdict("Short title", children=True, items=False).kind is None  # a fence, not items


def test_label_with_nothing_after_the_colon_takes_the_nested_items():
    v = verdict("**HumanEval**:", children=True)
    assert (v.kind, v.question, v.answer, v.children_answer) == ("label", "HumanEval?", "", True)


def test_question_with_nested_items():
    v = verdict("What are the stages?", children=True)
    assert (v.kind, v.question, v.children_answer) == ("question", "What are the stages?", True)


def test_card_prefix_is_transparent():
    v = verdict("Card: entropy: expected surprise")
    assert (v.kind, v.question, v.answer) == ("label", "entropy?", "expected surprise")


def test_helpers():
    assert rules.as_question("**Term**:") == "Term?"
    assert rules.as_question("Finetuning data.") == "Finetuning data?"
    assert rules.as_question("Why?") == "Why?"
    assert rules.clean_question("**What is X? 👶**") == "What is X?"
    assert rules.clean_question("What is Y? \u200d⭐️") == "What is Y?"
    assert rules.words("A/B testing, & more") == 3
    assert rules.strip_wrap("[**x**](y)") == "x"
    assert rules.visible("[t](https://x.y/z) <b>b</b> www.a.b").split() == ["[t]", "b"]


@pytest.mark.parametrize(
    ("text", "question", "answer"),
    [
        ("File: `a.txt` holds the tables.", "File: `a.txt`?", "holds the tables."),
        ("**Command**: `ls -la` lists hidden files", "Command: `ls -la`?", "lists hidden files"),
        ("Flag: **--dry-run** writes nothing", "Flag: **--dry-run**?", "writes nothing"),
        ("File: the one with the tables", "File?", "the one with the tables"),  # no term
        ("inline: `$x$` renders as math", "`$x$`?", "renders as math"),
    ],
)
def test_a_generic_label_lifts_the_term_after_it(text, question, answer):
    v = verdict(text)
    assert (v.kind, v.question, v.answer) == ("label", question, answer)


@pytest.mark.parametrize(
    "text",
    [
        "inline: $x_i$ and $y_i$ are paired samples",  # "and": the term is not alone
        "display: the sum over all samples",
        "Legend: 👶 easy ⭐️ medium 🚀 expert",
        "Levels: 👶 easy ⭐️ medium 🚀 expert",  # a legend by its shape
        "Select the next pool = It balances exploration with exploitation",  # a sentence
    ],
)
def test_labels_and_formulas_that_ask_nothing(text):
    v = verdict(text)
    assert v.kind is None and v.statement, v


@pytest.mark.parametrize(
    ("text", "question", "answer"),
    [
        (
            "`to` - the recipients - can be comma separated",
            "`to`?",
            "the recipients - can be comma separated",
        ),
        ("**Arc** – multiple choice questions", "Arc?", "multiple choice questions"),
        ("__MMLU__ — many subjects", "MMLU?", "many subjects"),
    ],
)
def test_a_term_then_a_dash_is_a_label(text, question, answer):
    v = verdict(text)
    assert (v.kind, v.question, v.answer, v.term) == ("label", question, answer, True)
    assert verdict("Plain words - not a term").kind is None
    assert verdict("`a` for ask").kind is None


def test_a_label_before_a_formula_is_its_context():
    v = verdict("Bayes: P(A|B) = P(B|A) P(A) / P(B)")
    assert (v.kind, v.question, v.context) == ("formula", "P(A|B) = ?", "Bayes")


@pytest.mark.parametrize(
    ("text", "call", "pointer"),
    [
        ("Please create a PR", True, False),
        ("Feel free to open an issue.", True, False),
        ("Contributions are welcome!", True, False),
        ("For specifics, refer to the above answer.", False, True),
        ("See the section below.", False, True),
        ("Open a pull request on GitHub to propose a change.", False, False),
        ("The value is above the threshold, see the graph for why.", False, False),
    ],
)
def test_answers_that_are_not_knowledge(text, call, pointer):
    assert (rules.is_call_to_action(text), rules.is_pointer_answer(text)) == (call, pointer)


def test_symbol_key():
    assert rules.is_symbol_key("👶 easy ⭐️ medium 🚀 expert")
    assert not rules.is_symbol_key("easy, medium or expert ⭐️")
    assert not rules.is_symbol_key("plain ascii text")
