"""The `==highlight==` inline rule: mark tokens, nesting, code and math left alone."""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from recall.anki.highlight import highlight_plugin


def inline_types(text: str) -> list[str]:
    md = MarkdownIt("commonmark").use(dollarmath_plugin).use(highlight_plugin)
    return [t.type for t in md.parseInline(text)[0].children]


def test_pair_makes_mark_tokens():
    assert inline_types("a ==b== c") == ["text", "mark_open", "text", "mark_close", "text"]


def test_emphasis_nests_inside():
    assert inline_types("==a *b*==") == [
        "mark_open",
        "text",
        "em_open",
        "text",
        "em_close",
        "mark_close",
    ]


def test_unpaired_or_spaced_markers_stay_text():
    assert "mark_open" not in inline_types("a == b")
    assert "mark_open" not in inline_types("x == y == z")
    assert "mark_open" not in inline_types("==open only")


def test_code_and_math_are_not_scanned():
    assert "mark_open" not in inline_types("`==a==`")
    assert "mark_open" not in inline_types("$==a==$")


def test_odd_runs_keep_the_extra_marker_as_text():
    md = MarkdownIt("commonmark").use(highlight_plugin)
    html = md.renderInline("===a===")
    assert html.count("<mark>") == 1 and html.count("=") == 2
