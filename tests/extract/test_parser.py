"""The parser set-up and chunked parsing: same tokens as markdown-it, same cards in chunks."""

from __future__ import annotations

import pytest

from recall.extract import extract_text
from recall.extract import parser as parser_mod
from recall.extract.parser import make_parser, parse, parse_fast, split_points
from tests.extract.synthetic import synthetic_log


def signature(tokens):
    out = []
    for t in tokens:
        out.append((t.type, t.content, t.markup, tuple(sorted(t.attrs.items())), t.map))
        out += [
            ("  " + c.type, c.content, c.markup, tuple(sorted(c.attrs.items())))
            for c in t.children or []
        ]
    return out


def test_parser_has_tables_math_front_matter_and_a_raised_nesting_limit():
    md = make_parser()
    assert md.options["maxNesting"] >= 1000
    types = [t.type for t in parse("---\na: 1\n---\n| a |\n|---|\n| b |\n\n$$\nx\n$$\n")]
    assert types[0] == "front_matter"
    assert "table_open" in types and "math_block" in types
    inline = parse("$x_i$ and $$y$$\n")[1].children
    assert [t.type for t in inline][:1] == ["math_inline"]
    assert "math_inline_double" in [t.type for t in inline]


def test_prices_are_not_math():
    inline = parse("costs $5 and $10 today\n")[1].children
    assert [t.type for t in inline] == ["text"]


@pytest.mark.parametrize(
    "text",
    [
        "plain text\nover two lines\n",
        "trailing space \nnext line\n",
        "hard break  \nnext\n",
        "- item: `code` and *em* and [link](x.md) and <b>html</b> &amp; \\* $m$\n",
        "# heading with ~~strike~~ and ==mark==\n",
        "| a | b |\n|---|---|\n| `x` | [y](z) |\n",
        "> quoted\n> lines\n\n1. one\n2. two\n   continued\n",
    ],
)
def test_lazy_inline_parsing_gives_markdown_its_tokens(text):
    assert signature(parse_fast(text)) == signature(parse(text))


def test_lazy_inline_parsing_on_a_whole_synthetic_log():
    text = synthetic_log(60_000)
    assert signature(parse_fast(text)) == signature(parse(text))


def tricky_log() -> str:
    """Headings inside fences, HTML comments and math, link references defined at the end."""
    parts = []
    for n in range(40):
        parts.append(
            f"## Day {n}: topic {n}\n\n- Term {n}: meaning {n} with [a ref][r{n % 3}]\n\n"
            "```python\n# not a heading\nx = 1\n```\n\n"
            "<!--\n# not a heading either\n-->\n\n"
            "$$\n# no\n$$\n\n"
            "~~~\n# still code\n~~~\n\n"
            f"- Item {n}:\n  ```\n# unindented line ends the list item\n  ```\n\n"
        )
    parts.append("```\n\n[r0]: https://example.org/0\n[r1]: https://example.org/1\n[r2]: <x.md>\n")
    return "".join(parts)


def prose_log() -> str:
    """Definition sections, sentences announcing lists and lists cut by comments, many times."""
    parts = ["# Glossary\n\n"]
    for n in range(40):
        parts.append(
            f"## Term {n}\n\n> A quoted gloss {n}.\n\nTerm {n} means thing {n}.\n\n"
            f"## Formats {n}\n\nThe tool writes these formats:\n\n- text {n}\n- json {n}\n\n"
            f"### Notes {n}\n\n- Idea {n}: linked notes\n    - A{n}:: one\n"
            "<!--SR:!2024-10-01,3,250-->\n"
            f"    - B{n}:: two\n\n"
        )
    return "".join(parts)


@pytest.mark.parametrize(
    "text",
    [tricky_log(), synthetic_log(120_000), prose_log()],
    ids=["tricky", "synthetic", "prose"],
)
def test_chunked_extraction_gives_identical_cards(text):
    whole = extract_text(text, "log.md", chunk_chars=10**9)
    chunked = extract_text(text, "log.md", chunk_chars=2_000)
    assert [c.to_json() for c in chunked.cards] == [c.to_json() for c in whole.cards]
    assert len(whole.cards) > 40


def test_split_points_are_top_level_headings_outside_fences_html_and_math():
    lines = tricky_log().split("\n")
    points = split_points(lines, target=500)
    assert points
    for p in points:
        assert lines[p].startswith("## Day ")


def test_front_matter_is_never_cut():
    lines = ["---", "# a yaml comment", "title: x", "---", "## Real", "text"] * 1
    assert split_points(lines, target=1) == [4]


def test_deep_outline_is_read_to_the_end():
    depth = 60
    text = "".join("  " * i + f"- level {i}: note {i}\n" for i in range(depth))
    text += "\n## After the outline\n\n- survivor: still a card\n"
    result = extract_text(text, "deep.md")
    assert len(result.cards) == depth + 1
    assert result.cards[-1].question == "survivor?"
    assert result.cards[-1].context == ("After the outline",)
    assert not result.warnings


def test_nesting_beyond_the_limit_is_reported_and_the_rest_still_read(monkeypatch):
    monkeypatch.setattr(parser_mod, "MAX_NESTING", 12)
    parser_mod.make_parser.cache_clear()
    parser_mod._block_parser.cache_clear()
    try:
        text = "".join("  " * i + f"- level {i}: note\n" for i in range(12))
        text += "\n## After\n\n- survivor: still here\n"
        result = extract_text(text, "deep.md")
    finally:
        monkeypatch.undo()
        parser_mod.make_parser.cache_clear()
        parser_mod._block_parser.cache_clear()
    assert any("nested deeper than" in w and "deep.md" in w for w in result.warnings)
    assert result.cards[-1].question == "survivor?"
    assert result.cards[-1].context == ("After",)
