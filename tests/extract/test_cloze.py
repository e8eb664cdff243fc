"""Cloze deletions: found in linear time, never inside code or math; front and back."""

from __future__ import annotations

import time

from recall.extract import cloze
from recall.extract.inline import render
from recall.extract.parser import parse


def found(text: str) -> list[str]:
    return [d.answer for d in cloze.find(render(parse(text)[1].children))]


def test_highlights_and_anki_clozes():
    assert found("The capital is ==Lima== and ==Quito==.") == ["Lima", "Quito"]
    assert found("Speak {{c1::Portuguese::language}} and {{c2::Spanish}}") == [
        "Portuguese",
        "Spanish",
    ]
    assert found("A {{question}} with {{two parts}}") == ["question", "two parts"]


def test_not_clozes():
    assert found("code `a == b == c` and a == b") == []
    assert found("x === y and z ==== w") == []
    assert found("template {{ name }} here") == []
    assert found("math $a == b$ stays") == []


def test_braces_inside_math_do_not_end_a_cloze():
    text = "Density: {{c1::$\\frac{1}{\\sqrt{2\\pi\\sigma^{2}}}$}}"
    assert found(text) == ["$\\frac{1}{\\sqrt{2\\pi\\sigma^{2}}}$"]


def test_front_back_and_numbered():
    q = "Peru's capital is ==Lima== and {{c3::Quito::city}} is Ecuador's"
    assert cloze.front(q) == "Peru's capital is [...] and [city] is Ecuador's"
    assert cloze.back(q) == "Peru's capital is **Lima** and **Quito** is Ecuador's"
    assert (
        cloze.numbered(q) == "Peru's capital is {{c1::Lima}} and {{c3::Quito::city}} is Ecuador's"
    )


def test_many_highlights_on_one_line_are_found_in_linear_time():
    # bugcase 18: a regex with backtracking freezes on such a line; a linear scan does not.
    # The budget is generous (ten thousand deletions); a quadratic scan takes minutes.
    line = ", ".join(f"==w{i}==" for i in range(10_000))
    start = time.process_time()
    assert len(found(line)) == 10_000
    assert time.process_time() - start < 10
