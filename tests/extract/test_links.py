"""Local markdown links: which are followed, which are reported missing, which never leave the root."""

from __future__ import annotations

import os

from recall.extract.links import follow, markdown_links, missing_warnings
from recall.extract.parser import parse


def links(text: str) -> list[str]:
    return markdown_links(parse(text)[1].children)


def test_only_local_markdown_links_count():
    assert links(
        "[a](a.md) [b](sub/b.md#x) [c](https://x.y/c.md) [d](d.txt) <https://e.md> [#tag](t.md)"
    ) == ["a.md", "sub/b.md"]


def test_follow_finds_existing_files_and_reports_missing_ones(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("x")
    (tmp_path / "a.md").write_text("x")
    found, missing = follow(
        ["sub/b.md", "sub/b.md", "nope.md", "../up.md", "/etc/x.md"], tmp_path / "a.md", tmp_path
    )
    assert found == [(tmp_path / "sub" / "b.md").resolve()]
    assert missing == ["nope.md"]


def test_follow_never_leaves_the_root_through_a_symlink(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("x")
    root = tmp_path / "log"
    root.mkdir()
    os.symlink(outside / "secret.md", root / "link.md")
    found, missing = follow(["link.md"], root / "index.md", root)
    assert found == [] and missing == []


def test_percent_encoded_names(tmp_path):
    (tmp_path / "My Note.md").write_text("x")
    found, _ = follow(["My%20Note.md"], tmp_path / "index.md", tmp_path)
    assert found == [tmp_path / "My Note.md"]


def test_missing_warnings():
    assert missing_warnings("log.md", ["a.md"]) == [
        "log.md: link to a missing file 'a.md' not followed"
    ]
    [many] = missing_warnings("log.md", [f"{i}.md" for i in range(5)])
    assert (
        many == "log.md: 5 links to missing files not followed ('0.md', '1.md', '2.md', and 2 more)"
    )
