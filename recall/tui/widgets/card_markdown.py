"""Card text rendered as markdown, safely: no HTML, no markup, links that never open on a click."""

from __future__ import annotations

import threading

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.dollarmath import dollarmath_plugin
from textual.widgets import Markdown

from recall.tui.text import clean


def _math_as_code(state: StateCore) -> None:
    """Show math verbatim: `$x$` as inline code, `$$...$$` as a fenced block (Textual drops math tokens)."""
    for token in state.tokens:
        if token.type in ("math_block", "math_block_label"):
            token.type, token.info, token.tag = "fence", "latex", "code"
            token.content = f"$$\n{token.content.strip()}\n$$"
        elif token.type == "inline" and token.children:
            for child in token.children:
                if child.type in ("math_inline", "math_inline_double"):
                    fence = "$$" if child.type == "math_inline_double" else "$"
                    child.type, child.tag = "code_inline", "code"
                    child.content = f"{fence}{child.content}{fence}"


_parsers = threading.local()


def card_parser() -> MarkdownIt:
    """The markdown parser for card text (one per thread, built once: building one costs ~1 ms).

    CommonMark with tables and strikethrough, raw HTML off (``<script>`` shows as text), no
    linkify, and dollar math kept verbatim (as code) so `_` and `*` inside a formula stay as written.
    """
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
        dollarmath_plugin(parser, double_inline=True)
        parser.core.ruler.push("recall_math_as_code", _math_as_code)
        _parsers.parser = parser
    return parser


class CardMarkdown(Markdown):
    """Markdown for a card's question or answer.

    Text nodes become Textual Content directly (never markup), so ``[red]x[/red]`` or
    ``[@click=app.quit]`` shows as written. Clicking a link opens nothing: it posts
    `Markdown.LinkClicked`, which this widget stops and answers with a hint; the review
    screen's `o` key is the only way to open a card's source link.
    """

    def __init__(self, markdown: str | None = None, **kwargs) -> None:
        super().__init__(
            clean(markdown) if markdown else None,
            parser_factory=card_parser,
            open_links=False,
            **kwargs,
        )

    def show(self, markdown: str):
        """Replace the text (cleaned of control characters); returns an awaitable for completion."""
        return self.update(clean(markdown))

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """Links in cards are inert: say how to open the card's source link instead."""
        event.stop()
        event.prevent_default()
        self.notify(
            "Links in cards do not open on a click; press o to open the card's source link.",
            markup=False,
        )
