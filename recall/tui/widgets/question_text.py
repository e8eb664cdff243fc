"""A card's question drawn at once: inline markdown (bold, italic, code, links) as Content, never markup."""

from __future__ import annotations

from markdown_it.token import Token
from textual.content import Content, Span
from textual.widgets import Static

from recall.tui.text import clean
from recall.tui.widgets.card_markdown import card_parser

_STYLES = {
    "strong_open": "bold",
    "em_open": "italic",
    "s_open": "strike",
    "link_open": "underline",
}
_PARAGRAPH = ("paragraph_open", "inline", "paragraph_close")


def inline_content(markdown: str) -> Content | None:
    """Paragraphs of inline markdown as Content; None when the text has other blocks.

    Text nodes become plain text (``[red]x[/red]`` stays as written). Links are underlined but
    carry no action. Lists, code blocks, tables, headings or quotes give None: the caller then
    draws the text with the Markdown widget.
    """
    tokens = card_parser().parse(clean(markdown))
    if len(tokens) % 3 or any(
        token.type != _PARAGRAPH[index % 3] for index, token in enumerate(tokens)
    ):
        return None
    paragraphs = [_inline(token) for token in tokens[1::3]]
    return Content("\n\n").join(paragraphs)


def _inline(token: Token) -> Content:
    text: list[str] = []
    spans: list[Span] = []
    open_styles: list[tuple[str, int]] = []
    position = 0

    def add(piece: str) -> None:
        nonlocal position
        text.append(piece)
        position += len(piece)

    for child in token.children or ():
        kind = child.type
        if kind == "text":
            add(child.content)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            start = position
            add(child.content)
            spans.append(Span(start, position, "$accent"))
        elif kind == "image":
            add(child.content or "image")
        elif kind in _STYLES:
            open_styles.append((_STYLES[kind], position))
        elif kind.endswith("_close") and open_styles:
            style, start = open_styles.pop()
            spans.append(Span(start, position, style))
    return Content("".join(text), spans=spans)


class QuestionText(Static):
    """The question, drawn in one step (no widgets mounted), for the common one-paragraph case."""

    def show(self, markdown: str) -> bool:
        """Draw `markdown`; False (nothing drawn) when it needs the Markdown widget."""
        content = inline_content(markdown)
        if content is None:
            return False
        self.update(content)
        return True
