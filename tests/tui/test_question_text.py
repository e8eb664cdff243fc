"""QuestionText: a one-paragraph question as styled text in one step, never markup; blocks fall back."""

from __future__ import annotations

from recall.tui.widgets.question_text import inline_content


def test_inline_styles_become_spans_on_plain_text():
    content = inline_content("How it **works** with `list[int]` and *care*?")
    assert content.plain == "How it works with list[int] and care?"
    styles = {(content.plain[s.start : s.end], s.style) for s in content.spans}
    assert styles == {("works", "bold"), ("list[int]", "$accent"), ("care", "italic")}


def test_markup_like_text_stays_as_written():
    text = "[red]x[/red] [@click=app.quit]q[/] [TODO] [/tmp]?"
    content = inline_content(text)
    assert content.plain == text
    assert content.spans == []


def test_links_are_underlined_and_carry_no_action():
    content = inline_content("see [the docs](https://example.org) now")
    assert content.plain == "see the docs now"
    (span,) = content.spans
    assert span.style == "underline"


def test_control_characters_are_neutralised():
    assert inline_content("a\x1b[31mb").plain == "a␛[31mb"


def test_paragraphs_are_kept_apart_and_blocks_fall_back():
    assert inline_content("first\n\nsecond").plain == "first\n\nsecond"
    assert inline_content("- a list") is None
    assert inline_content("```\ncode\n```") is None
    assert inline_content("| a |\n|---|\n| b |") is None
    assert inline_content("") is not None and inline_content("").plain == ""
