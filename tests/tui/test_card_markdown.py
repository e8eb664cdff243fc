"""CardMarkdown: card text is data. No markup, no HTML, no control sequences, no link opens on a click."""

from __future__ import annotations

import webbrowser

import pytest
from textual.app import App, ComposeResult

from recall.tui.widgets.card_markdown import CardMarkdown, card_parser
from tests.tui.helpers import find_text, screen_text

NASTY = """\
[TODO] and [/tmp] and [red]x[/red] and [@click=app.quit]quit[/] and list[int]

- \x1b[31mred\x1b[0m and \x1b]0;title\x07 and emoji 🎉
- raw <script>alert(1)</script> and <b>bold</b>
- math $x_1 * y_2 * z$ stays
- a [link](https://example.org/page) and [action](app.quit) and <https://example.org/auto>
"""


class Host(App[None]):
    """A bare app holding one CardMarkdown (the widget under test)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.opened: list[str] = []

    def compose(self) -> ComposeResult:
        yield CardMarkdown(self.text, id="md")

    def open_url(self, url: str, *, new_tab: bool = True) -> None:  # would open a browser
        self.opened.append(url)


@pytest.fixture(autouse=True)
def no_browser(monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url))
    yield opened
    assert opened == [], "a click opened a browser"


async def test_brackets_escapes_html_and_emoji_show_literally():
    app = Host(NASTY)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert (
            "[TODO] and [/tmp] and [red]x[/red] and [@click=app.quit]quit[/] and list[int]" in text
        )
        assert "␛[31mred␛[0m" in text and "\x1b" not in text
        assert "emoji 🎉" in text
        assert "<script>alert(1)</script>" in text and "<b>bold</b>" in text
        assert "$x_1 * y_2 * z$" in text
        assert app.is_running


async def test_markup_like_text_has_no_style_or_action():
    app = Host("plain [red]x[/red] [@click=app.quit]q[/]")
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        x, y = find_text(app, "[@click=app.quit]")
        await pilot.click(offset=(x + 3, y))
        await pilot.click(offset=(x + 19, y))
        await pilot.pause()
        assert app.is_running
        md = app.query_one(CardMarkdown)
        paragraph = md.query("MarkdownParagraph").first()
        assert paragraph._content.plain == "plain [red]x[/red] [@click=app.quit]q[/]"
        assert not paragraph._content.spans


async def test_clicking_a_link_opens_nothing_and_says_how():
    app = Host("see [the page](https://example.org/page) or [quit](app.quit)")
    async with app.run_test(size=(80, 10), notifications=True) as pilot:
        await pilot.pause()
        for label in ("the page", "quit"):
            x, y = find_text(app, label)
            await pilot.click(offset=(x + 1, y))
            await pilot.pause()
        assert app.opened == []
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert any("press o" in m for m in messages)


def test_parser_keeps_html_as_text_and_math_as_code():
    tokens = card_parser().parse("a <b>x</b> $a_b$\n\n$$\nE = mc^2\n$$\n")
    inline = next(t for t in tokens if t.type == "inline")
    kinds = [c.type for c in inline.children]
    assert "html_inline" not in kinds
    assert any(c.type == "code_inline" and c.content == "$a_b$" for c in inline.children)
    fence = next(t for t in tokens if t.type == "fence")
    assert "E = mc^2" in fence.content


async def test_rich_markup_bugcase_renders_literally(shared):
    """Bugcase 16: `[/test]`-like brackets in headings and bullets must not crash the widget."""
    text = (shared / "bugcases" / "16-rich-markup-like-brackets.md").read_text(encoding="utf-8")
    app = Host(text)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "[/tmp]" in shown and "[TODO]" in shown and "[/note]" in shown
        assert "[red]Should be shown literally[/red]" in shown
