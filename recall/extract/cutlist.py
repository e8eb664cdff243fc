"""A list cut short by an HTML comment at column 0: the indented items after it put back.

``- a\n<!--x-->\n    - b`` : in CommonMark the comment ends the list and ``    - b`` becomes an
indented code block. Tools that write scheduling comments back into a note do this (bugcase
32). When that code block starts with a list marker, its items are read as what the writer
meant: nested items of the list's last item, so they count as that item's children everywhere
(its answer, ``--explain``), exactly as if the comment had been indented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recall.extract.blocks import Block, Blocks, build, indent
from recall.extract.inline import is_skip_comment
from recall.extract.parser import parse_blocks

_LIST_LINE = re.compile(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")


@dataclass(frozen=True)
class Cut:
    """One comment that cut the list, and the code block read back as items."""

    comment: Block
    code: Block


def graft_cut_items(lst: Block, blocks: Blocks, lines: list[str]) -> list[Cut]:
    """Take every (comment, indented list items) pair right after `lst` and graft the items.

    `lst` is a top-level list outside quotes; `blocks` the walk's look-ahead (the pairs taken
    are consumed); `lines` the file's source lines (block line numbers index them). The items
    go under the last item whose nested list is indented less than they are (a nested list
    at their own indent and of the same marker is continued), the blocks' end lines grow to
    cover them, and a list of the same marker right after the last pair continues `lst`.
    Real code after a comment (not starting with a list marker) is left alone.
    """
    if lst.quote or not lst.is_list:
        return []
    cuts: list[Cut] = []
    while True:
        comment, code = blocks.peek(), blocks.peek(1)
        if comment is None or code is None or not _is_cutting_comment(comment):
            break
        if code.kind != "code_block" or code.quote:
            break
        recovered = _items_in_code(code, lines)
        if recovered is None:
            break
        next(blocks)
        next(blocks)
        _graft(lst, *recovered, lines)
        cuts.append(Cut(comment, code))
    if cuts:
        nxt = blocks.peek()
        if nxt is not None and _same_list(nxt, lst):
            next(blocks)
            lst.children.extend(nxt.children)
            lst.end = max(lst.end, nxt.end)
    return cuts


def _is_cutting_comment(b: Block) -> bool:
    return (
        b.kind == "html_block"
        and not b.quote
        and b.content.startswith("<!--")
        and not is_skip_comment(b.content)
    )


def _items_in_code(code: Block, lines: list[str]) -> tuple[list[Block], int] | None:
    """The blocks of an indented code block that starts with a list marker, and its indent."""
    own = [line.expandtabs(4) for line in lines[code.start : code.end]]
    filled = [line for line in own if line.strip()]
    if not filled:
        return None
    dedent = min(indent(line) for line in filled)
    if not _LIST_LINE.match(filled[0][dedent:]):
        return None
    inner = "\n".join(line[dedent:] if line.strip() else "" for line in own)
    recovered = build(parse_blocks(inner), code.start)
    if not recovered or not recovered[0].is_list:
        return None
    return recovered, dedent


def _graft(lst: Block, recovered: list[Block], col: int, lines: list[str]) -> None:
    path: list[Block] = [lst]
    target = lst
    while True:
        item = next((c for c in reversed(target.children) if c.kind == "list_item"), None)
        if item is None:
            return
        path.append(item)
        sub = item.children[-1] if item.children and item.children[-1].is_list else None
        if sub is not None and _indent_of(sub, lines) < col:
            path.append(sub)
            target = sub
            continue
        break
    first = recovered[0]
    if sub is not None and _indent_of(sub, lines) == col and _same_list(first, sub):
        sub.children.extend(first.children)
        path.append(sub)
        recovered = recovered[1:]
    item.children.extend(recovered)
    end = max(b.end for b in (first, *recovered))
    for b in path:
        b.end = max(b.end, end)


def _indent_of(lst: Block, lines: list[str]) -> int:
    first = lst.children[0] if lst.children else lst
    return indent(lines[first.start].expandtabs(4)) if first.start < len(lines) else 0


def _same_list(a: Block, b: Block) -> bool:
    return a.is_list and a.kind == b.kind and a.markup == b.markup and a.quote == b.quote


__all__ = ["Cut", "graft_cut_items"]
