"""A shortcut for the commonest inline markup of a log line (bold, code, math, links), for speed.

markdown-it-py's inline parser takes 50-200 µs for a line with one bold term or code span; a
learning log is full of them (``- **Arc**``, ``File: `tables.txt` lists the tables``). A line
made only of plain text, ``**word ... word**`` set off by spaces or punctuation, single-backtick
code spans, ``$x$`` math, ``[text](url)`` links, ``![alt](src)`` images (through the same
image resolver), snake_case underscores and the special
characters where they are inert (``a = b``, ``x > 0``, ``Great!``) renders here to
exactly the HTML markdown-it renders, through the renderer's own rules and markdown-it's own
link normalisation (tests/anki/test_render.py checks it against the full parser on generated
lines); for anything else this returns None and markdown-it runs.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

# Text that no inline rule acts on: ordinary characters, and the special ones where they are
# inert (an underscore inside a word, a lone `=` or `~`, `!` not before `[`, `&` that starts no
# entity, `<` before a space, a line break without spaces around it).
_PLAIN = r"""(?:
    [^\\`*_\[\]<>&!$=~\n]
    | (?<=[^\W_])_+(?=[^\W_])
    | > | (?<!=)=(?!=) | (?<!~)~(?!~) | !(?!\[) | &(?![A-Za-z0-9\#]) | <(?=[ \t=]|$)
    | (?<![ \t\\])\n(?![ \t])
)"""
_SEGMENT = re.compile(
    rf"""
    (?<!`)`(?P<code>[^`\s](?:[^`\n]*[^`\s])?)`(?!`)        # code span, no padding spaces
    | (?:^|(?<=[\s(]))\*\*                                 # strong: opener after a space or (
      (?P<strong>[^\W_](?:{_PLAIN}*?[^\W_])?)               #   text starting and ending alnum
      \*\*(?=$|[\s:,.;)])                                   #   closer before a space or , . : ; )
    | \$(?P<math>[^\s$\\](?:(?:[^$\\\n]|\\[^$\\\n])*[^\s$\\])?)\$   # math, no escaped dollars
    | !\[(?P<alt>{_PLAIN}*)\]\((?P<src>[^\s()<>\\&\[\]]+)\)           # image, no title
    | \[(?P<label>{_PLAIN}+)\]\((?P<url>[^\s()<>\\&\[\]]+)\)          # link, no title
    | (?P<plain>{_PLAIN}+)                                  # text markdown-it leaves alone
    """,
    re.VERBOSE,
)


def render_simple_inline(text: str, md: MarkdownIt, env: dict) -> str | None:
    """The HTML of one line of inline markdown in the simple subset above, or None.

    Args:
        text: one line, no leading or trailing whitespace.
        md: the parser whose renderer (`_code`, `_math`) and link rules give the HTML.
        env: the rendering environment (cloze mode).
    """
    out: list[str] = []
    pos = 0
    for match in _SEGMENT.finditer(text):
        if match.start() != pos:
            return None
        pos = match.end()
        kind = match.lastgroup
        if kind == "plain":
            out.append(escapeHtml(match.group("plain")))
        elif kind == "strong":
            out.append(f"<strong>{escapeHtml(match.group('strong'))}</strong>")
        elif kind == "code":
            out.append(f"<code>{md.renderer._code(match.group('code'), env)}</code>")
        elif kind == "math":
            # dollarmath (allow_digits=False) wants no digit just before the opening `$` (at the
            # start of the line it looks at the line's last character) nor just after the closing.
            before = text[match.start() - 1]
            after = text[pos] if pos < len(text) else ""
            if before.isdigit() or after.isdigit():
                return None
            out.append(md.renderer._math(match.group("math"), env, display=False))
        elif kind == "src":
            src = md.normalizeLink(match.group("src"))
            if not md.validateLink(src):
                return None
            alt = match.group("alt")
            image = Token("image", "img", 0, attrs={"src": src, "alt": ""}, content=alt)
            image.children = [Token("text", "", 0, content=alt)] if alt else []
            out.append(md.renderer.image([image], 0, md.options, env))
        else:
            href = md.normalizeLink(match.group("url"))
            if not md.validateLink(href):
                return None
            out.append(f'<a href="{escapeHtml(href)}">{escapeHtml(match.group("label"))}</a>')
    return "".join(out) if pos == len(text) else None
