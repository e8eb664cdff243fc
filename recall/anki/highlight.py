"""A markdown-it-py rule for `==highlight==` (Obsidian's highlight, recall's cloze): `mark` tokens.

The delimiter algorithm of markdown-it's own `~~strikethrough~~` rule (as markdown-it-mark does in
JavaScript), so `==a *b* c==` nests, and code spans and math are never scanned.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter

_EQUALS = 0x3D


def _tokenize(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if silent or state.src[start] != "=":
        return False
    scanned = state.scanDelims(start, True)
    length = scanned.length
    if length < 2:
        return False
    if length % 2:
        token = state.push("text", "", 0)
        token.content = "="
        length -= 1
    for _ in range(0, length, 2):
        token = state.push("text", "", 0)
        token.content = "=="
        state.delimiters.append(
            Delimiter(
                marker=_EQUALS,
                length=0,
                token=len(state.tokens) - 1,
                end=-1,
                open=scanned.can_open,
                close=scanned.can_close,
            )
        )
    state.pos += scanned.length
    return True


def _post_process_list(state: StateInline, delimiters: list[Delimiter]) -> None:
    lone_markers = []
    for start in delimiters:
        if start.marker != _EQUALS or start.end == -1:
            continue
        end = delimiters[start.end]
        opener = state.tokens[start.token]
        opener.type, opener.tag, opener.nesting, opener.markup, opener.content = (
            "mark_open",
            "mark",
            1,
            "==",
            "",
        )
        closer = state.tokens[end.token]
        closer.type, closer.tag, closer.nesting, closer.markup, closer.content = (
            "mark_close",
            "mark",
            -1,
            "==",
            "",
        )
        before = state.tokens[end.token - 1]
        if before.type == "text" and before.content == "=":
            lone_markers.append(end.token - 1)
    # An odd run such as `=====` leaves one `=` first: move it after the closing tags.
    while lone_markers:
        i = lone_markers.pop()
        j = i + 1
        while j < len(state.tokens) and state.tokens[j].type == "mark_close":
            j += 1
        j -= 1
        if i != j:
            state.tokens[i], state.tokens[j] = state.tokens[j], state.tokens[i]


def _post_process(state: StateInline) -> None:
    _post_process_list(state, state.delimiters)
    for meta in state.tokens_meta:
        if meta and "delimiters" in meta:
            _post_process_list(state, meta["delimiters"])


def highlight_plugin(md: MarkdownIt) -> None:
    """Add `==text==` → `mark_open` / `mark_close` tokens to a MarkdownIt parser."""
    md.inline.ruler.before("emphasis", "mark", _tokenize)
    md.inline.ruler2.before("emphasis", "mark", _post_process)
