"""Inline tokens written back as markdown, with the spans that are never card syntax marked.

Code spans, math, links, images, autolinks, bare URLs, raw HTML and backslash escapes are
"protected": a colon, ``::``, ``?``, ``=`` or ``==`` inside them never splits a card. Text in
brackets (``[sound:a.mp3]``, ``(see: x)``, ``{a: b}``) is an aside: a separator inside it
(``:``, ``::``, ``?``, `` = ``) never splits a card either (`Inline.find_separator`).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from markdown_it.token import Token

_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[^\s<>]*[^\s<>.,;:!?)\]'\"]")
_ALNUM = re.compile(r"[^\W_]").search
_SKIP_COMMENT = re.compile(r"<!--\s*recall:\s*skip\s*-->", re.I)


class Inline:
    """Markdown text of some inline tokens plus its protected spans.

    Attributes:
        text: the markdown.
        protected: sorted, non-overlapping ``(start, end)`` character spans.
        hrefs: link targets met (in order).
        skip: a ``<!-- recall:skip -->`` comment was met.
        images: sorted ``(start, end)`` spans of the images that are not inside a link (an
            image is content, a linked image such as a badge is a pointer).
    """

    __slots__ = ("_brackets", "hrefs", "images", "protected", "skip", "text")

    def __init__(
        self,
        text: str,
        protected: list[tuple[int, int]] | None = None,
        hrefs: list[str] | None = None,
        skip: bool = False,
        images: list[tuple[int, int]] | None = None,
    ) -> None:
        self.text = text
        self.protected = protected if protected is not None else []
        self.hrefs = hrefs if hrefs is not None else []
        self.skip = skip
        self.images = images if images is not None else []
        self._brackets: list[tuple[int, int]] | None = None

    def __repr__(self) -> str:
        return f"Inline({self.text!r}, {self.protected!r})"

    def is_protected(self, pos: int) -> bool:
        """Whether character `pos` lies inside a protected span."""
        k = bisect_right(self.protected, (pos, float("inf"))) - 1
        return k >= 0 and self.protected[k][0] <= pos < self.protected[k][1]

    def find(self, needle: str, start: int = 0, end: int | None = None) -> int:
        """First index >= `start` where `needle` starts outside every protected span, or -1."""
        text = self.text
        stop = len(text) if end is None else end
        pos = text.find(needle, start, stop)
        if pos == -1 or not self.protected:
            return pos
        while pos != -1:
            if not any(self.is_protected(p) for p in range(pos, pos + len(needle))):
                return pos
            k = bisect_right(self.protected, (pos, float("inf"))) - 1
            nxt = self.protected[k][1] if k >= 0 and self.protected[k][1] > pos else pos + 1
            pos = text.find(needle, max(nxt, pos + 1), stop)
        return -1

    def find_separator(self, needle: str, start: int = 0, end: int | None = None) -> int:
        """First index >= `start` where `needle` starts outside every protected span and every
        pair of brackets (``[...]``, ``(...)``, ``{...}`` on one line), or -1."""
        pos = self.find(needle, start, end)
        if pos == -1 or not any(ch in self.text for ch in "[({"):
            return pos
        while pos != -1 and any(self.bracketed(p) for p in range(pos, pos + len(needle))):
            pos = self.find(needle, pos + 1, end)
        return pos

    def bracketed(self, pos: int) -> bool:
        """Whether character `pos` lies inside a matched pair of brackets (outside protected
        spans; a bracket with no partner on its line, as in ``1)`` or ``:(``, opens nothing)."""
        spans = self._brackets
        if spans is None:
            spans = self._brackets = _bracket_spans(self.unprotected_text())
        k = bisect_right(spans, (pos, float("inf"))) - 1
        return k >= 0 and spans[k][0] < pos < spans[k][1]

    def slice(self, start: int, end: int | None = None) -> Inline:
        """The sub-text ``text[start:end]`` with its protected spans."""
        stop = len(self.text) if end is None else end
        if not self.protected:
            return Inline(self.text[start:stop], [], self.hrefs, self.skip)
        spans = [
            (max(a, start) - start, min(b, stop) - start)
            for a, b in self.protected
            if b > start and a < stop
        ]
        images = [(a - start, b - start) for a, b in self.images if a >= start and b <= stop]
        return Inline(self.text[start:stop], spans, self.hrefs, self.skip, images)

    def strip(self) -> Inline:
        """The text without surrounding whitespace."""
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        return self.slice(left, max(left, right))

    def lines(self) -> list[tuple[int, Inline]]:
        """``(line offset, Inline)`` per source line (split at soft and hard breaks)."""
        out: list[tuple[int, Inline]] = []
        pos, k = 0, 0
        while True:
            nl = self.text.find("\n", pos)
            if nl == -1:
                out.append((k, self.slice(pos)))
                return out
            piece = self.slice(pos, nl)
            if piece.text.endswith("\\"):
                piece = piece.slice(0, len(piece.text) - 1)
            out.append((k, piece))
            pos, k = nl + 1, k + 1

    def unprotected_text(self) -> str:
        """The text with protected spans blanked out (same length)."""
        if not self.protected:
            return self.text
        parts, last = [], 0
        for a, b in self.protected:
            parts.append(self.text[last:a])
            parts.append(" " * (b - a))
            last = b
        parts.append(self.text[last:])
        return "".join(parts)


def render(tokens: list[Token]) -> Inline:
    """Write inline tokens back as markdown and note the protected spans."""
    parts: list[str] = []
    for t in tokens:  # the common case: plain text and soft breaks only
        typ = t.type
        if typ == "text":
            parts.append(t.content)
        elif typ == "softbreak":
            parts.append("\n")
        else:
            break
    else:
        text = "".join(parts)
        if "://" not in text and "www." not in text:
            return Inline(text)
    out: list[str] = []
    size = 0
    spans: list[tuple[int, int]] = []
    hrefs: list[str] = []
    images: list[tuple[int, int]] = []
    skip = False
    link_stack: list[tuple[int, Token]] = []

    def add(s: str, protect: bool = False) -> None:
        nonlocal size
        if protect and s:
            spans.append((size, size + len(s)))
        out.append(s)
        size += len(s)

    for t in tokens:
        typ = t.type
        if typ == "text":
            if link_stack:
                add(t.content)
                continue
            base = size
            add(t.content)
            if "://" in t.content or "www." in t.content:
                for m in _URL.finditer(t.content):
                    spans.append((base + m.start(), base + m.end()))
        elif typ == "text_special":
            add(t.markup or t.content, protect=not link_stack)
        elif typ == "softbreak":
            add("\n")
        elif typ == "hardbreak":
            add("\\\n")
        elif typ == "code_inline":
            fence = t.markup or "`"
            body = t.content
            pad = " " if body.startswith("`") or body.endswith("`") else ""
            add(f"{fence}{pad}{body}{pad}{fence}", protect=not link_stack)
        elif typ in ("math_inline", "math_inline_double"):
            mark = "$$" if typ == "math_inline_double" else "$"
            add(f"{mark}{t.content}{mark}", protect=not link_stack)
        elif typ == "html_inline":
            if t.content.startswith("<!--"):  # comments are invisible: not card text
                skip = skip or bool(_SKIP_COMMENT.fullmatch(t.content.strip()))
                continue
            add(t.content, protect=not link_stack)
        elif typ == "link_open":
            href = t.attrGet("href") or ""
            hrefs.append(str(href))
            link_stack.append((size, t))
            add("<" if t.markup == "autolink" else "[")
        elif typ == "link_close":
            begin, opener = link_stack.pop() if link_stack else (size, t)
            if opener.markup == "autolink":
                add(">")
            else:
                href = str(opener.attrGet("href") or "")
                title = opener.attrGet("title")
                dest = f"<{href}>" if (" " in href or not href) else href
                add(f']({dest} "{title}")' if title else f"]({dest})")
            if not link_stack:
                spans.append((begin, size))
        elif typ == "image":
            src = str(t.attrGet("src") or "")
            title = t.attrGet("title")
            alt = plain(t.children or [])
            dest = f"<{src}>" if (" " in src or not src) else src
            md = f'![{alt}]({dest} "{title}")' if title else f"![{alt}]({dest})"
            if not link_stack:
                images.append((size, size + len(md)))
            add(md, protect=not link_stack)
        elif typ in ("strong_open", "strong_close", "em_open", "em_close", "s_open", "s_close"):
            add(t.markup)
        else:
            add(t.content)
    return Inline("".join(out), _merge(spans), hrefs, skip, images)


_OPENS = {")": "(", "]": "[", "}": "{"}


def _bracket_spans(text: str) -> list[tuple[int, int]]:
    """``(open, close)`` index spans of matched brackets, each pair on one line, merged."""
    spans: list[tuple[int, int]] = []
    opens: dict[str, list[int]] = {"(": [], "[": [], "{": []}
    for i, ch in enumerate(text):
        if i and text[i - 1] == "\x1b":
            continue  # ESC [ and ESC ] start terminal escape sequences, not brackets
        if ch in opens:
            opens[ch].append(i)
        elif ch in _OPENS:
            stack = opens[_OPENS[ch]]
            if stack:
                spans.append((stack.pop(), i))
        elif ch == "\n":
            for stack in opens.values():
                stack.clear()
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def plain(tokens: list[Token], *, code_ticks: bool = True) -> str:
    """Readable text of inline tokens: link text only, no emphasis markers, code in backticks.

    Raw HTML (``vector<T>``, ``<b>x</b>``) stays as typed, since card text is never HTML;
    HTML comments are left out.
    """
    out: list[str] = []
    for t in tokens:
        typ = t.type
        if typ in ("text", "text_special"):
            out.append(t.content)
        elif typ in ("softbreak", "hardbreak"):
            out.append(" ")
        elif typ == "code_inline":
            out.append(f"`{t.content}`" if code_ticks else t.content)
        elif typ == "math_inline":
            out.append(f"${t.content}$")
        elif typ == "math_inline_double":
            out.append(f"$${t.content}$$")
        elif typ == "image":
            out.append(plain(t.children or [], code_ticks=code_ticks))
        elif typ == "html_inline" and not t.content.startswith("<!--"):
            out.append(" ".join(t.content.split("\n")))  # text the user typed, never markup
    return "".join(out)


def is_link_only(tokens: list[Token]) -> bool:
    """Whether the tokens hold nothing but links, images, bare URLs, punctuation and spaces."""
    depth = 0
    seen = False
    for t in tokens:
        typ = t.type
        if typ == "link_open":
            depth += 1
            seen = True
        elif typ == "link_close":
            depth -= 1
        elif typ == "image":
            seen = True
        elif depth:
            continue
        elif typ in ("text", "text_special"):
            rest = (
                _URL.sub("", t.content) if "://" in t.content or "www." in t.content else t.content
            )
            if rest != t.content:
                seen = True
            if _ALNUM(rest):
                return False
        elif typ in ("softbreak", "hardbreak", "html_inline") or typ in (
            "strong_open",
            "strong_close",
            "em_open",
            "em_close",
            "s_open",
            "s_close",
        ):
            continue
        else:
            return False
    return seen


def is_image_only(tokens: list[Token]) -> bool:
    """Whether the tokens hold an image outside any link and otherwise only what
    `is_link_only` allows: an item that shows a picture, not one that points elsewhere."""
    depth = 0
    for t in tokens:
        if t.type == "link_open":
            depth += 1
        elif t.type == "link_close":
            depth -= 1
        elif t.type == "image" and not depth:
            return is_link_only(tokens)
    return False


def has_skip_comment(tokens: list[Token]) -> bool:
    """Whether the tokens hold a ``<!-- recall:skip -->`` comment."""
    return any(
        t.type == "html_inline" and _SKIP_COMMENT.fullmatch(t.content.strip()) for t in tokens
    )


def is_skip_comment(html: str) -> bool:
    """Whether an HTML block is exactly a ``<!-- recall:skip -->`` comment."""
    return bool(_SKIP_COMMENT.fullmatch(html.strip()))
