"""A shortcut for the commonest multi-line answer, a tight list of short items, for speed.

markdown-it-py's block parser spends about 100 µs per list item; a learning log's answers are
mostly lists such as ``- a\\n- b\\n  - c``. For a text in which every line is a list item (with
the usual indentation) or a continuation of the item above, and every item's text is inline
markdown, the HTML below is exactly the HTML markdown-it renders (tests/anki/test_render.py checks it against the full parser on
generated texts); for anything else this returns None and the full parser runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it.common.utils import MD_TRIM_CHARS

# Indentation, marker, exactly one space, then the item's text.
_ITEM = re.compile(r"( *)([-*+]|\d{1,9}[.)]) (\S.*)")
# A line such as `- --` or `* **` is a thematic break, not an item (CommonMark checks it first).
_THEMATIC_BREAK = re.compile(r" *([-*_])[ \t]*(?:\1[ \t]*){2,}")
_SETEXT = re.compile(r"(?:=+|-+)[ \t]*")


@dataclass
class _Level:
    indent: int  # column of the marker
    content: int  # column of the open item's text
    kind: str  # "-", "*", "+" for bullets, "." or ")" for ordered lists
    tag: str  # "ul" or "ol"


def render_tight_list(
    text: str,
    inline: Callable[[str], str],
    opens_block: Callable[[str], bool],
) -> str | None:
    """The HTML of `text` if it is a tight list of short items; None when it is anything else.

    Args:
        text: markdown without leading or trailing blank lines.
        inline: renders an item's text (inline markdown, one line or more) to HTML.
        opens_block: whether an item's text could start a block of its own (a nested marker on
            the same line, a heading, a fence ...); such texts are left to the full parser.

    Returns:
        markdown-it's HTML for the list (without the final newline), or None.
    """
    out: list[str] = []
    stack: list[_Level] = []
    paragraph: list[str] = []  # lines of the open item's text, rendered when the item ends

    def end_paragraph() -> None:
        if len(paragraph) == 1:
            out.append(inline(paragraph[0].rstrip(MD_TRIM_CHARS)))
        elif paragraph:
            out.append(inline("\n".join(paragraph).rstrip(MD_TRIM_CHARS)))
        paragraph.clear()

    item = _ITEM.fullmatch
    for line in text.split("\n"):
        match = item(line)
        if match is None:
            # A continuation of the open item's text (lazy or indented), unless it could
            # interrupt a paragraph (a thematic break among them) or underline it as a heading.
            rest = line.lstrip(" ")
            if not paragraph or not rest or opens_block(rest) or _SETEXT.fullmatch(rest):
                return None
            # markdown-it drops up to the item's text column of indentation (a code span sees
            # the rest).
            paragraph.append(line[min(len(line) - len(rest), stack[-1].content) :])
            continue
        indent, marker, body = len(match.group(1)), match.group(2), match.group(3)
        if opens_block(body) or (body[0] in "-*_" and _THEMATIC_BREAK.fullmatch(line)):
            return None
        ordered = marker[-1] in ".)"
        kind = marker[-1] if ordered else marker
        content = indent + len(marker) + 1
        end_paragraph()
        if not stack:
            if indent:
                return None
            _open(out, stack, _Level(indent, content, kind, "ol" if ordered else "ul"), marker)
        elif stack[-1].content <= indent <= stack[-1].content + 3:
            # A nested list inside the open item; an ordered one may interrupt the item's
            # paragraph only when it starts at 1 (CommonMark).
            if ordered and int(marker[:-1]) != 1:
                return None
            out.append("\n")
            _open(out, stack, _Level(indent, content, kind, "ol" if ordered else "ul"), marker)
        else:
            while stack and stack[-1].indent > indent:
                out.append(f"</li>\n</{stack.pop().tag}>\n")
            if not stack or stack[-1].indent != indent or stack[-1].kind != kind:
                return None
            stack[-1].content = content  # `9.` and `10.` items start their text apart
            out.append("</li>\n")
        out.append("<li>")
        paragraph.append(body)
    end_paragraph()
    while stack:
        out.append(f"</li>\n</{stack.pop().tag}>\n")
    return "".join(out).rstrip("\n")


def _open(out: list[str], stack: list[_Level], level: _Level, marker: str) -> None:
    if level.tag == "ol" and int(marker[:-1]) != 1:
        out.append(f'<ol start="{int(marker[:-1])}">\n')
    else:
        out.append(f"<{level.tag}>\n")
    stack.append(level)
