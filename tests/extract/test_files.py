"""Finding files (folders searched for *.md) and reading them: BOM, CRLF, binary, non-UTF-8."""

from __future__ import annotations

import os

import pytest

from recall.errors import SourceError
from recall.extract import files as files_module
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
    with pytest.raises(SourceError, match=r"^looks-like.md: a folder, not a file; skipped$"):
        read_source(SourceFile(folder, "looks-like.md", "looks-like.md", tmp_path))


def _fifo(path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    os.mkfifo(path)
    return path


def test_a_named_pipe_given_by_name_is_refused_without_blocking(tmp_path, monkeypatch):
    # Opening a pipe with no writer for reading blocks forever: the check comes first.
    _fifo(tmp_path / "pipe.md")
    monkeypatch.chdir(tmp_path)
    [sf] = discover(["pipe.md"])
    with pytest.raises(SourceError, match=r"^pipe\.md: a named pipe, not a file; skipped$"):
        read_source(sf)


def test_a_device_given_by_name_is_refused_without_reading_it():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    [sf] = discover(["/dev/zero"])
    with pytest.raises(SourceError, match=r"^/dev/zero: a device, not a file; skipped$"):
        read_source(sf)


def test_in_a_folder_pipes_and_broken_links_are_skipped_with_a_warning(write, tmp_path):
    write("log/a.md", "- A: 1\n")
    _fifo(tmp_path / "log" / "pipe.md")
    (tmp_path / "log" / "gone.md").symlink_to(tmp_path / "nowhere.md")
    warnings: list[str] = []
    files = discover([tmp_path / "log"], warn=warnings.append)
    assert [f.display for f in files] == ["a.md"]
    assert warnings == [
        "gone.md: a broken link; skipped",
        "pipe.md: a named pipe, not a file; skipped",
    ]


def test_a_file_bigger_than_the_cap_is_refused_with_its_size(write, monkeypatch, tmp_path):
    monkeypatch.setattr(files_module, "MAX_FILE_BYTES", 1000)
    write("huge.md", "- A: b\n" * 200)
    monkeypatch.chdir(tmp_path)
    [sf] = discover(["huge.md"])
    with pytest.raises(SourceError) as err:
        read_source(sf)
    assert str(err.value) == (
        "huge.md: 0.0 MB is too big for one log (recall reads files up to 0.001 MB: split it "
        "into several files); skipped"
    )
    [ok] = discover([write("small.md", "- A: b\n" * 100)])
    assert read_source(ok).count("- A: b") == 100


def test_vendor_cache_and_virtualenv_folders_are_not_searched(write, tmp_path):
    write("log/a.md", "a")
    write("log/node_modules/pkg/README.md", "x")
    write("log/sub/__pycache__/x.md", "x")
    write("log/venv/lib/site-packages/pkg/README.md", "x")
    write("log/env/pyvenv.cfg", "home = /usr/bin")
    write("log/env/lib/python3.11/site-packages/x/README.md", "x")
    write("log/target/CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55")
    write("log/target/doc/x.md", "x")
    write("log/.venv/x.md", "x")
    write("log/environment/notes.md", "kept: an ordinary folder")
    files = discover([tmp_path / "log"])
    assert [f.display for f in files] == ["a.md", "environment/notes.md"]


def test_a_vendor_folder_given_by_name_is_searched(write, tmp_path):
    write("node_modules/pkg/README.md", "x")
    assert [f.display for f in discover([tmp_path / "node_modules"])] == ["pkg/README.md"]


def test_messages_naming_a_path_cannot_act_on_the_terminal(tmp_path):
    with pytest.raises(SourceError) as err:
        discover([tmp_path / "\x1b[31mred\x1b[0m.md"])
    assert "\x1b" not in str(err.value)
    assert str(err.value).endswith("\\x1b[31mred\\x1b[0m.md: no such file or folder")


def test_a_file_name_that_is_not_utf8_is_shown_with_escapes(tmp_path):
    raw = os.fsdecode(b"caf\xe9.md")
    path = tmp_path / raw
    try:
        path.write_text("- A: b\n", encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses names that are not UTF-8")
    [sf] = discover([path])
    assert (sf.display.endswith("caf\\xe9.md"), sf.id_path) == (True, "caf\\xe9.md")
    sf.display.encode("utf-8")  # printable, JSON-able and hashable as UTF-8
    assert read_source(sf) == "- A: b\n"
