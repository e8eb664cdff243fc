"""Finding files (folders searched for *.md) and reading them: BOM, CRLF, binary, non-UTF-8."""

from __future__ import annotations

import os

import pytest

from recall.errors import SourceError
from recall.extract.files import discover, read_source


def test_a_file_keeps_the_path_as_given_and_its_name_as_id_path(write, monkeypatch, tmp_path):
    write("notes/log.md", "x")
    monkeypatch.chdir(tmp_path)
    [sf] = discover(["notes/log.md"])
    assert sf.display == "notes/log.md"
    assert sf.id_path == "log.md"
    assert sf.path == (tmp_path / "notes" / "log.md").resolve()
    assert sf.root == (tmp_path / "notes").resolve()


def test_a_folder_gives_sorted_relative_paths_and_skips_hidden_and_other_files(write, tmp_path):
    write("log/b.md", "b")
    write("log/a.md", "a")
    write("log/sub/c.md", "c")
    write("log/.obsidian/d.md", "d")
    write("log/.e.md", "e")
    write("log/notes.txt", "t")
    (tmp_path / "log" / "dir.md").mkdir()
    files = discover([tmp_path / "log"])
    assert [f.display for f in files] == ["a.md", "b.md", "sub/c.md"]
    assert [f.id_path for f in files] == ["a.md", "b.md", "sub/c.md"]
    assert {f.root for f in files} == {(tmp_path / "log").resolve()}


def test_each_file_once_in_the_order_given(write, tmp_path):
    a = write("log/a.md", "a")
    write("log/b.md", "b")
    files = discover([a, tmp_path / "log", a])
    assert [f.path.name for f in files] == ["a.md", "b.md"]


def test_missing_path_raises_source_error_naming_it(tmp_path):
    with pytest.raises(SourceError, match=r"nope\.md: no such file or folder"):
        discover([tmp_path / "nope.md"])


def test_bom_stripped_and_crlf_or_cr_made_lf(write):
    path = write("a.md", b"\xef\xbb\xbf# T\r\n\r\n- a: b\rc\n")
    [sf] = discover([path])
    assert read_source(sf) == "# T\n\n- a: b\nc\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"caf\xe9 latin-1", "not UTF-8 text (byte 0xe9 at offset 3)"),
    ],
)
def test_binary_and_non_utf8_give_one_line_naming_the_file(write, data, message):
    [sf] = discover([write("bad.md", data)])
    with pytest.raises(SourceError) as err:
        read_source(sf)
    text = str(err.value)
    assert "bad.md" in text and message in text and "\n" not in text


def test_unreadable_file_is_a_source_error(write):
    path = write("locked.md", "x")
    os.chmod(path, 0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read anything")
        [sf] = discover([path])
        with pytest.raises(SourceError, match=r"locked\.md: cannot read the file"):
            read_source(sf)
    finally:
        os.chmod(path, 0o644)


def test_empty_file_reads_as_empty_text(write):
    [sf] = discover([write("empty.md", "")])
    assert read_source(sf) == ""


def test_a_path_that_cannot_be_read_as_a_file_is_a_source_error(tmp_path):
    from recall.extract.files import SourceFile

    folder = tmp_path / "looks-like.md"
    folder.mkdir()
    with pytest.raises(
        SourceError, match=r"looks-like.md: cannot read the file \(Is a directory\)"
    ):
        read_source(SourceFile(folder, "looks-like.md", "looks-like.md", tmp_path))
