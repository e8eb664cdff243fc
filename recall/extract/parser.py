"""The markdown-it-py set-up (CommonMark + tables + dollarmath) and chunked parsing of big logs.

Big logs are parsed in chunks split before top-level headings, never inside a fence, an HTML
block or a math block, so peak memory stays flat; a chunk whose last block might run on is
merged with the next one. Nesting deeper than markdown-it's limit is reported and the rest of
the file is still read.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

MAX_NESTING = 2000  # markdown-it's default preset stops at 100, CommonMark's at 20
RECURSION_LIMIT = 20000  # markdown-it recurses per nesting level (pure Python frames)
CHUNK_CHARS = 200_000  # parse logs bigger than this in chunks of about this size

_RUNAWAY = frozenset({"fence", "html_block", "math_block"})
_LEAVES = frozenset(
    {"paragraph_open", "heading_open", "fence", "code_block", "html_block", "math_block", "hr"}
)


def configure(md: MarkdownIt) -> MarkdownIt:
    """Apply recall's parser features to `md`: tables, strikethrough, `$`/`$$` math, front matter.

    Also raises the nesting limit and keeps escapes and entities as their own tokens
    (``text_join`` off) so card text can be written back as the markdown it was.
    """
    md.options["maxNesting"] = MAX_NESTING
    md.enable(["table", "strikethrough"])
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.use(front_matter_plugin)
    md.disable("text_join")
    return md


@lru_cache(maxsize=1)
def make_parser() -> MarkdownIt:
    """The shared parser: CommonMark + tables + strikethrough + dollarmath + front matter."""
    return configure(MarkdownIt("commonmark"))


@contextmanager
def _deep_recursion() -> Iterator[None]:
    old = sys.getrecursionlimit()
    if old < RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def parse(text: str, env: dict | None = None) -> list[Token]:
    """Tokens of `text` with the shared parser (whole text at once; no chunking)."""
    with _deep_recursion():
        return make_parser().parse(text, {} if env is None else env)


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """The same parser with inline parsing left to `inline_children` (see there)."""
    md = configure(MarkdownIt("commonmark"))
    md.disable("inline")
    return md


# Characters that can start an inline construct with the parser's rules (math, escape, code,
# strikethrough, emphasis, link, image, autolink, raw HTML, entity). Inline content without any
# of them, and without a hard break, always parses to text and soft breaks.
_INLINE_STARTS = re.compile(r"[$\\`~*_\[<&]| {2,}\n")


def inline_children(token: Token, env: dict) -> list[Token]:
    """The children of an ``inline`` token, parsed on first use (markdown-it's core inline step).

    Gives the same children as ``md.parse`` (tested), but skips the inline tokenizer where it
    cannot find markup: plain content becomes text tokens and soft breaks directly (a trailing
    space before a line break dropped, leading blanks of the next line skipped, as
    markdown-it's ``newline`` rule does).
    """
    if token.children is not None:
        return token.children
    content = token.content
    children: list[Token] = []
    if _INLINE_STARTS.search(content):
        md = _block_parser()
        with _deep_recursion():
            md.inline.parse(content, md, env, children)
    elif "\n" not in content:
        if content:
            children.append(Token("text", "", 0, content=content))
    else:
        lines = content.split("\n")
        last = len(lines) - 1
        for i, line in enumerate(lines):
            if i:
                line = line.lstrip(" \t")
            if i < last and line.endswith(" "):
                line = line[:-1]
            if line:
                children.append(Token("text", "", 0, content=line))
            if i < last:
                children.append(Token("softbreak", "br", 0))
    token.children = children
    return children


def parse_blocks(text: str, env: dict | None = None) -> list[Token]:
    """Block tokens of `text`; each ``inline`` token's children are left for `inline_children`."""
    env = {} if env is None else env
    with _deep_recursion():
        tokens = _block_parser().parse(text, env)
    for token in tokens:
        if token.type == "inline":
            token.children = None  # not parsed yet (the block rules leave an empty list)
    return tokens


def parse_fast(text: str, env: dict | None = None) -> list[Token]:
    """Tokens of `text`, equal to `parse`, inline children made by `inline_children`."""
    env = {} if env is None else env
    tokens = parse_blocks(text, env)
    for token in tokens:
        if token.type == "inline":
            inline_children(token, env)
    return tokens


# --- chunk boundaries -------------------------------------------------------------------------
_ATX = re.compile(r"#{1,6}(?:[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_HTML_END = (
    (
        re.compile(r" {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)", re.I),
        re.compile(r"</(?:script|pre|style|textarea)>", re.I),
    ),
    (re.compile(r" {0,3}<!--"), re.compile(r"-->")),
    (re.compile(r" {0,3}<\?"), re.compile(r"\?>")),
    (re.compile(r" {0,3}<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(r" {0,3}<![A-Za-z]"), re.compile(r">")),
)
_HTML_OTHER = re.compile(r" {0,3}</?[A-Za-z]")
_MATH = re.compile(r" {0,3}\$\$")
_SPECIAL = re.compile(r" {0,3}[#`~$<]")
_REFDEF = re.compile(r" {0,3}\[[^\]]+\]:")


def split_points(lines: list[str], target: int = CHUNK_CHARS) -> list[int]:
    """Line numbers (0-based) before which the text may be cut into chunks of ~`target` chars.

    A cut is only made before a top-level ATX heading that is not inside a fence, an HTML
    block, a math block or front matter (each tracked at its top-level opening).
    """
    points: list[int] = []
    size = 0
    i, n = 0, len(lines)
    if n and lines[0].rstrip() == "---":  # front matter: never cut inside it
        i = 1
        while i < n and lines[i].rstrip() not in ("---", "..."):
            size += len(lines[i]) + 1
            i += 1
    special = _SPECIAL.match
    while i < n:
        line = lines[i]
        size += len(line) + 1
        if not special(line):  # most lines: nothing that can open or cut a block
            i += 1
            continue
        if size - len(line) - 1 >= target and _ATX.match(line):
            points.append(i)
            size = len(line) + 1
        fence = _FENCE.match(line)
        if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
            mark = fence.group(1)
            closing = re.compile(r" {0,3}" + re.escape(mark[0]) + "{" + str(len(mark)) + r",}\s*$")
            i += 1
            while i < n and not closing.match(lines[i]):
                size += len(lines[i]) + 1
                i += 1
        elif _MATH.match(line) and line.strip().count("$$") < 2:
            i += 1
            while i < n and "$$" not in lines[i]:
                size += len(lines[i]) + 1
                i += 1
        else:
            for start, end in _HTML_END:
                if start.match(line):
                    while i < n and not end.search(lines[i]):
                        i += 1
                        if i < n:
                            size += len(lines[i]) + 1
                    break
            else:
                if _HTML_OTHER.match(line):
                    while i + 1 < n and lines[i + 1].strip():
                        i += 1
                        size += len(lines[i]) + 1
        i += 1
    return points


def _runs_on(tokens: list[Token], lines: list[str], start: int, end: int) -> bool:
    """Whether a block of the piece ``lines[start:end]`` may continue past its end.

    Only an unclosed fence, or an HTML block, reaching the piece's last non-blank line can
    (a heading at column 0 ends every other block), or a "$$" left open anywhere in it.
    """
    last = _content_end(lines, start, end) - start
    for t in tokens:
        if t.map is None:
            continue
        if t.type == "paragraph_open" and lines[start + t.map[0]].lstrip().startswith("$$"):
            return True  # "$$" not closed in this piece: a later "$$" would make it math
        if t.map[1] < last or t.type not in _RUNAWAY:
            continue
        closing = lines[start + t.map[1] - 1].strip()
        if t.type == "fence" and t.map[1] - t.map[0] > 1:
            mark = t.markup
            if closing.startswith(mark) and not closing.strip(mark[0]):
                continue
        if t.type == "math_block" and (t.map[1] - t.map[0] > 1 and "$$" in closing):
            continue
        return True
    return False


def _content_end(lines: list[str], start: int, end: int) -> int:
    """The line after the last non-blank line of ``lines[start:end]``."""
    while end > start and not lines[end - 1].strip():
        end -= 1
    return end


def _truncated(tokens: list[Token]) -> bool:
    return any(t.level >= MAX_NESTING - 2 for t in tokens)


def _references(defs: list[str]) -> dict:
    """An env holding the file's link reference definitions, so every chunk can resolve them."""
    env: dict = {}
    if defs:
        with _deep_recursion():
            make_parser().parse("\n\n".join(defs), env)
    return env


def parse_chunks(
    text: str, warn: Callable[[str], None], *, chunk_chars: int = CHUNK_CHARS
) -> Iterator[tuple[int, list[Token], dict]]:
    """Parse `text` piece by piece; yields ``(first_line, tokens, env)``, maps relative to the piece.

    Inline tokens come without children: get them with `inline_children(token, env)`.

    Args:
        text: the whole file (LF line endings).
        warn: called with a one-line message when content nests too deep to be read as-is.
        chunk_chars: target chunk size; texts no bigger than this are parsed whole.
    """
    lines = text.split("\n")
    points = split_points(lines, chunk_chars) if len(text) > chunk_chars else []
    env = _references([line for line in lines if _REFDEF.match(line)]) if points else {}
    cuts = [*points, len(lines)]
    ci = 0
    start = 0
    while start < len(lines):
        while cuts[ci] <= start:
            ci += 1
        end = cuts[ci]
        while True:
            chunk_env = {"references": dict(env["references"])} if "references" in env else {}
            tokens = parse_blocks("\n".join(lines[start:end]), chunk_env)
            if end < len(lines) and _runs_on(tokens, lines, start, end):
                ci += 1  # the last block may run on past the cut: parse with the next chunk
                end = cuts[ci]
                continue
            break
        if not _truncated(tokens):
            yield start, tokens, chunk_env
            start = end
            continue
        read = max((t.map[1] for t in tokens if t.map and t.type in _LEAVES), default=0)
        resume = _resume_line(lines, start + max(read, 1), end)
        lost = any(line.strip() for line in lines[start + read : resume])
        warn(
            f"line {start + read + 1}: nested deeper than {MAX_NESTING // 3} levels; "
            + (f"lines {start + read + 1}-{resume} were not read" if lost else "read on after it")
        )
        for t in tokens:
            if t.map is not None:
                t.map = [min(t.map[0], resume - start), min(t.map[1], resume - start)]
        yield start, tokens, chunk_env
        start = resume


def _resume_line(lines: list[str], first: int, end: int) -> int:
    """First line from `first` on that starts a new top-level block (no indentation), else `end`."""
    for i in range(first, end):
        line = lines[i]
        if line.strip() and not line[0].isspace():
            return i
    return end
