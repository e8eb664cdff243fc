"""The block tree: markdown-it tokens grouped into headings, paragraphs, lists, items, fences...

Line numbers are absolute (0-based, end exclusive) even when the file was parsed in chunks.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from markdown_it.token import Token

from recall.extract.parser import CHUNK_CHARS, inline_children, parse_chunks

LISTS = frozenset({"bullet_list", "ordered_list"})


class Block:
    """One block of the document.

    Attributes:
        kind: token name without ``_open``: heading, paragraph, bullet_list, ordered_list,
            list_item, blockquote, table, fence, code_block, html_block, math_block, hr,
            front_matter.
        start, end: 0-based first line and the line after the last.
        level: heading level (1-6), else 0.
        inline: inline tokens of a heading or paragraph (parsed on first use), else None.
        content: raw text (inline source, fence body, HTML, math, front matter).
        markup, info: the token's markup and info (list marker and number, fence info).
        children: nested blocks (lists, items, blockquotes).
        quote: how many blockquotes contain the block.
        rows: a table's cells as ``inline`` tokens, header row first (see `cells`).
    """

    __slots__ = (
        "_env",
        "_token",
        "children",
        "content",
        "end",
        "info",
        "kind",
        "level",
        "markup",
        "quote",
        "rows",
        "start",
    )

    def __init__(self, kind: str, start: int, end: int, quote: int = 0) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.level = 0
        self._token: Token | None = None
        self._env: dict = {}
        self.content = ""
        self.markup = ""
        self.info = ""
        self.children: list[Block] = []
        self.quote = quote
        self.rows: list[list[Token]] = []

    def __repr__(self) -> str:  # for debugging and test failure messages
        return f"Block({self.kind}, {self.start}-{self.end}, {self.content[:30]!r})"

    @property
    def is_list(self) -> bool:
        return self.kind in LISTS

    @property
    def inline(self) -> list[Token] | None:
        """Inline tokens of a heading or paragraph (parsed on first use), else None."""
        if self._token is None:
            return None
        return inline_children(self._token, self._env)

    def cells(self) -> list[list[list[Token]]]:
        """A table's rows of cells, each cell as inline tokens."""
        return [[inline_children(c, self._env) for c in row] for row in self.rows]


def build(tokens: list[Token], offset: int = 0, env: dict | None = None) -> list[Block]:
    """Top-level blocks of one parsed piece; `offset` is added to every line number.

    `env` is the parse environment (link references) used when inline children are needed.
    """
    env = {} if env is None else env
    root = Block("root", 0, 0)
    stack = [root]
    quote = 0
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        typ = t.type
        start, end = (t.map[0] + offset, t.map[1] + offset) if t.map else (0, 0)
        if typ in ("heading_open", "paragraph_open"):
            b = Block(typ[:-5], start, end, quote)
            if typ == "heading_open":
                b.level = int(t.tag[1])
            inline = tokens[i + 1]
            b._token, b._env = inline, env
            b.content = inline.content
            stack[-1].children.append(b)
            i += 3
            continue
        if typ == "table_open":
            b = Block("table", start, end, quote)
            b._env = env
            row: list[Token] = []
            i += 1
            while i < n and tokens[i].type != "table_close":
                tt = tokens[i]
                if tt.type == "tr_open":
                    row = []
                elif tt.type == "tr_close":
                    b.rows.append(row)
                elif tt.type == "inline":
                    row.append(tt)
                i += 1
            stack[-1].children.append(b)
            i += 1
            continue
        if typ.endswith("_open"):
            b = Block(typ[:-5], start, end, quote)
            b.markup, b.info = t.markup, t.info
            stack[-1].children.append(b)
            stack.append(b)
            if typ == "blockquote_open":
                quote += 1
        elif typ.endswith("_close"):
            if len(stack) > 1:
                if stack[-1].kind == "blockquote":
                    quote -= 1
                stack.pop()
        elif t.map is not None:
            b = Block(typ, start, end, quote)
            b.content, b.markup, b.info = t.content, t.markup, t.info
            stack[-1].children.append(b)
        i += 1
    return root.children


def iter_blocks(
    text: str, warn: Callable[[str], None], *, chunk_chars: int = CHUNK_CHARS
) -> Iterator[Block]:
    """Top-level blocks of the whole text in order, parsing big texts chunk by chunk."""
    for first_line, tokens, env in parse_chunks(text, warn, chunk_chars=chunk_chars):
        blocks = build(tokens, first_line, env)
        del tokens
        yield from blocks


class Blocks:
    """An iterator over blocks that can look ahead."""

    def __init__(self, blocks: Iterable[Block]) -> None:
        self._it: Iterator[Block] = iter(blocks)
        self._buf: deque[Block] = deque()

    def __iter__(self) -> Blocks:
        return self

    def __next__(self) -> Block:
        if self._buf:
            return self._buf.popleft()
        return next(self._it)

    def peek(self, k: int = 0) -> Block | None:
        while len(self._buf) <= k:
            try:
                self._buf.append(next(self._it))
            except StopIteration:
                return None
        return self._buf[k]


def empty_block(b: Block) -> bool:
    if b.kind == "hr":
        return True
    if b.kind == "html_block":
        return not re.sub(r"<[^>]*>|&nbsp;", "", b.content).strip()
    return False


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
