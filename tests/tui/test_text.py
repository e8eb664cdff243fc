"""recall.tui.text: control characters neutralised, brackets and emoji kept, never markup."""

from __future__ import annotations

from recall.tui.text import clean, literal


def test_escape_sequences_become_visible_and_inert():
    assert clean("\x1b[31mred\x1b[0m") == "␛[31mred␛[0m"
    assert "\x1b" not in clean("\x1b]0;title\x07")


def test_other_controls_carriage_return_and_c1():
    assert clean("a\rb") == "ab"
    assert clean("a\r\nb") == "a\nb"
    assert clean("bell\x07 del\x7f nul\x00") == "bell␇ del␡ nul␀"
    assert clean("csi\x9b31m") == "csi31m"


def test_tab_newline_brackets_and_emoji_are_kept():
    text = "- [TODO]\n\t[/tmp] [red]x[/red] [@click=app.quit] list[int] 🎉 ä"
    assert clean(text) == text


def test_empty_and_none():
    assert clean(None) == "" and clean("") == ""


def test_literal_is_not_markup():
    content = literal("[bold]x[/bold] [@click=app.quit]q[/]", "bold")
    assert content.plain == "[bold]x[/bold] [@click=app.quit]q[/]"
    assert all(span.style == "bold" for span in content.spans)
