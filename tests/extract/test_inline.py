"""Inline tokens back to markdown, with code, math, links, URLs and HTML protected."""

from __future__ import annotations

from recall.extract.inline import (
    has_skip_comment,
    is_image_only,
    is_link_only,
    is_skip_comment,
    plain,
    render,
)
from recall.extract.parser import parse


def inline(text: str):
    return parse(text)[1].children


def test_render_keeps_the_markdown():
    src = '**Term** and *em* `code` [link](x.md "t") ![alt](i.png) $m$ \\* &amp; ~~s~~ <b>h</b>'
    assert render(inline(src)).text == src


def test_protected_spans_cover_code_math_links_urls_html_escapes():
    inl = render(inline("a `b:c` $d:e$ [f:g](h) https://x.y/z:1 <i>j</i> \\: k: l"))
    protected = [inl.text[a:b] for a, b in inl.protected]
    assert protected == ["`b:c`", "$d:e$", "[f:g](h)", "https://x.y/z:1", "<i>", "</i>", "\\:"]
    assert inl.find(":") == inl.text.index("k:") + 1


def test_find_skips_protected_occurrences():
    inl = render(inline("`x::y` and a::b"))
    assert inl.find("::") == inl.text.index("a::b") + 1
    assert render(inline("`only::code`")).find("::") == -1


def test_find_separator_skips_brackets_on_one_line_too():
    inl = render(inline("Q [sound:a.mp3] (x: y) {z: w} `[`: v"))
    assert inl.find_separator(":") == inl.text.index("`: v") + 1
    assert render(inline("Step 1) one: two")).find_separator(":") == 11  # a lone ')' opens nothing
    assert render(inline("(open\nmore: x)")).find_separator(":") == 10  # pairs close on their line
    assert render(inline("[a](b) [c: d]")).find_separator(":") == -1
    assert render(inline("Evil\x1b[2J label: x \x1b]0;t")).find_separator(":") == 14


def test_slice_strip_and_lines_keep_spans_in_place():
    inl = render(inline("one `two`\nthree `four`"))
    lines = inl.lines()
    assert [(k, piece.text) for k, piece in lines] == [(0, "one `two`"), (1, "three `four`")]
    second = lines[1][1]
    assert [second.text[a:b] for a, b in second.protected] == ["`four`"]
    assert inl.slice(4).strip().text == "`two`\nthree `four`"


def test_html_comments_are_dropped_and_recall_skip_noticed():
    inl = render(inline("item <!-- recall:skip --> text <!-- other -->"))
    assert inl.skip
    assert "<!--" not in inl.text
    assert has_skip_comment(inline("x <!--recall:skip-->"))
    assert is_skip_comment("<!-- recall: skip -->\n")
    assert not is_skip_comment("<!-- a note -->")


def test_plain_text_shows_link_text_only():
    assert plain(inline("[**LLM Apps**](https://x.y) and `code`")) == "LLM Apps and `code`"


def test_plain_text_keeps_html_looking_text_as_typed():
    assert (
        plain(inline("Generics: vector<T> and <b>bold</b>"))
        == "Generics: vector<T> and <b>bold</b>"
    )
    assert plain(inline("Deck <script>alert(1)</script>")) == "Deck <script>alert(1)</script>"
    assert plain(inline("Shapes <!-- a note --> here")) == "Shapes  here"


def test_images_outside_links_are_noted_and_sliced_with_the_text():
    inl = render(inline('Red: ![r](a.png "t") and [![badge](b.svg)](https://x.y)'))
    (start, end), *more = inl.images
    assert inl.text[start:end] == '![r](a.png "t")' and more == []
    assert inl.slice(5).images == [(0, end - start)]
    assert inl.slice(0, 6).images == []
    assert is_image_only(inline("![a](a.png) ![b](https://x.y/b.png)"))
    assert not is_image_only(inline("[![badge](b.svg)](https://x.y)"))
    assert not is_image_only(inline("![a](a.png) shows it"))


def test_link_only():
    assert is_link_only(inline("[Title](a.md)"))
    assert is_link_only(inline("https://example.org/x"))
    assert is_link_only(inline("[a](b) - [c](d)"))
    assert not is_link_only(inline("[a](b) is great"))
    assert not is_link_only(inline("plain words"))
