"""The block tree: absolute line numbers, lazy inline tokens, look-ahead."""

from __future__ import annotations

from recall.extract.blocks import Block, Blocks, empty_block, indent, iter_blocks


def blocks(text: str, **kw) -> list[Block]:
    return list(iter_blocks(text, print, **kw))


def test_blocks_carry_absolute_lines_even_in_chunks():
    text = "".join(f"## H{i}\n\n- item {i}: x\n\n" for i in range(50))
    whole = [(b.kind, b.start) for b in blocks(text)]
    chunked = [(b.kind, b.start) for b in blocks(text, chunk_chars=50)]
    assert whole == chunked  # (a block's end may or may not count a trailing blank line)
    assert whole[:4] == [("heading", 0), ("bullet_list", 2), ("heading", 4), ("bullet_list", 6)]


def test_list_items_hold_their_paragraph_and_nested_lists():
    [lst] = blocks("- parent\n  - child\n")
    [item] = lst.children
    assert [c.kind for c in item.children] == ["paragraph", "bullet_list"]
    assert item.children[0].content == "parent"
    assert [t.type for t in item.children[0].inline] == ["text"]


def test_tables_keep_their_cells():
    [table] = blocks("| a | `b` |\n|---|---|\n| 1 | 2 |\n")
    cells = table.cells()
    assert [[[t.type for t in c] for c in row] for row in cells] == [
        [["text"], ["code_inline"]],
        [["text"], ["text"]],
    ]


def test_blockquotes_count_their_depth():
    [quote] = blocks("> > - deep: x\n")
    inner = quote.children[0]
    assert inner.kind == "blockquote" and inner.children[0].quote == 2


def test_look_ahead_and_helpers():
    stream = Blocks(blocks("# a\n\npara\n\n---\n\n<br/>\n"))
    assert stream.peek(1).kind == "paragraph"
    assert next(stream).kind == "heading"
    assert stream.peek(5) is None
    assert [empty_block(b) for b in stream] == [False, True, True]
    assert indent("   x") == 3
