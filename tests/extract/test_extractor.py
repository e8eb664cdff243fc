"""extract_paths: files and folders, links followed under the root, bad files reported."""

from __future__ import annotations

import pytest

from recall.errors import SourceError
from recall.extract import (
    Explanation,
    FileDone,
    extract_paths,
    extract_text,
    stream_paths,
    stream_text,
)


def test_a_folder_extracts_every_markdown_file_with_folder_relative_paths(write, tmp_path):
    write("log/b.md", "- B: 2\n")
    write("log/sub/a.md", "# Sub deck\n\n- A: 1\n")
    result = extract_paths([tmp_path / "log"])
    assert [(c.source.path, c.deck, c.question) for c in result.cards] == [
        ("b.md", "b", "B?"),
        ("sub/a.md", "Sub deck", "A?"),
    ]
    assert [f.display for f in result.files] == ["b.md", "sub/a.md"]


def test_ids_do_not_depend_on_where_the_log_is(write, tmp_path):
    one = write("here/log.md", "## S\n\n- Term: one\n")
    two = write("there/deeper/log.md", "## S\n\n- Term: one\n")
    assert extract_paths([one]).cards[0].id == extract_paths([two]).cards[0].id


def test_links_to_other_markdown_files_are_followed_once_under_the_root(write, tmp_path):
    write(
        "log/README.md",
        """\
        # Log

        - [SQL notes](QA_SQL/README.md)
        - [Again](./QA_SQL/README.md#part)
        - [Missing](nowhere.md)
        - [Outside](../outside.md)
        - [Web](https://example.org/page.md)
        - [#tag](tag.md)
        """,
    )
    write("log/QA_SQL/README.md", "# SQL\n\n- Join: combine tables\n- [Back](../README.md)\n")
    write("outside.md", "- Secret: not read\n")
    result = extract_paths([tmp_path / "log" / "README.md"])
    assert [f.display for f in result.files] == [
        str(tmp_path / "log" / "README.md").replace("\\", "/"),
        "QA_SQL/README.md",
    ]
    assert [(c.source.path, c.deck, c.question) for c in result.cards] == [
        ("QA_SQL/README.md", "SQL", "Join?")
    ]
    assert result.files[1].id_path == "QA_SQL/README.md"  # as when the folder is given
    folder = extract_paths([tmp_path / "log"])
    assert result.cards[0].id in [c.id for c in folder.cards]
    assert result.warnings == [
        f"{tmp_path / 'log' / 'README.md'}: link to a missing file 'nowhere.md' not followed"
    ]


def test_many_missing_links_are_summed_up(write, tmp_path):
    write("log/index.md", "".join(f"- [Note {i}](notes/n{i}.md)\n" for i in range(10)))
    result = extract_paths([tmp_path / "log" / "index.md"])
    assert result.cards == []
    assert len(result.warnings) == 1
    assert "10 links to missing files not followed ('notes/n0.md'" in result.warnings[0]


def test_a_file_in_the_folder_and_linked_is_read_once(write, tmp_path):
    write("log/a.md", "- [b](b.md)\n- A: 1\n")
    write("log/b.md", "- B: 2\n")
    result = extract_paths([tmp_path / "log"])
    assert [c.question for c in result.cards] == ["A?", "B?"]


def test_bad_files_are_reported_and_the_others_still_extracted(write, tmp_path):
    write("log/a.md", "- A: 1\n")
    write("log/binary.md", b"\x00\x01\x02PNG")
    write("log/latin.md", b"- Caf\xe9: espresso\n")
    write("log/z.md", "- Z: 26\n")
    result = extract_paths([tmp_path / "log"])
    assert [c.question for c in result.cards] == ["A?", "Z?"]
    assert result.errors == [
        "binary.md: binary file, not markdown text; skipped",
        "latin.md: not UTF-8 text (byte 0xe9 at offset 5); skipped",
    ]


def test_a_missing_path_raises(tmp_path):
    with pytest.raises(SourceError, match="no such file or folder"):
        extract_paths([tmp_path / "missing.md"])


def test_a_single_path_may_be_given_as_a_string(write):
    path = write("log.md", "- A: 1\n")
    assert [c.question for c in extract_paths(str(path)).cards] == ["A?"]


def test_positions_count_within_each_file(write, tmp_path):
    write("log/a.md", "- A: 1\n- B: 2\n")
    write("log/b.md", "- C: 3\n")
    result = extract_paths([tmp_path / "log"])
    assert [(c.source.path, c.position) for c in result.cards] == [
        ("a.md", 0),
        ("a.md", 1),
        ("b.md", 0),
    ]


def test_stream_paths_reads_each_file_only_when_the_reader_gets_to_it(write, tmp_path):
    write("log/a.md", "- A: 1\n")
    write("log/b.md", "- B: 2\n")
    events = stream_paths([tmp_path / "log"], explain=True)
    first = next(events)
    assert isinstance(first, Explanation) and first.path == "a.md"
    (tmp_path / "log" / "b.md").unlink()  # gone before the stream got to it
    rest = list(events)
    done = [e for e in rest if isinstance(e, FileDone)]
    assert [(d.source.display, [c.question for c in d.cards]) for d in done] == [
        ("a.md", ["A?"]),
        ("b.md", []),
    ]
    assert done[1].error is not None and done[1].error.startswith("b.md: cannot read the file")


def test_stream_text_hands_out_explanations_before_the_end_of_a_big_file(monkeypatch):
    from recall.extract import parser

    text = "".join(f"## Day {i}\n\n- Label {i}: text {i}\n\n" for i in range(3000))
    parsed: list[int] = []
    real = parser.parse_blocks
    monkeypatch.setattr(
        parser, "parse_blocks", lambda t, env=None: parsed.append(1) or real(t, env)
    )
    events = stream_text(text, "big.md", explain=True, chunk_chars=2000)
    first = next(events)
    assert (first.line, first.card) == (1, False)
    assert len(parsed) <= 3  # the first chunks (records wait a block; look-aheads), not all
    rest = list(events)
    assert len(parsed) > 20
    whole = extract_text(text, "big.md", explain=True, chunk_chars=2000)
    assert [first, *rest[:-1]] == whole.explanations
    assert rest[-1].cards == whole.cards and len(whole.cards) == 3000


def test_a_path_that_is_missing_is_reported_before_the_stream_starts(tmp_path):
    with pytest.raises(SourceError):
        stream_paths([tmp_path / "nope.md"])  # not only once iterated


def test_skipped_non_files_in_a_folder_are_warnings_of_the_extraction(write, tmp_path):
    write("log/a.md", "- A: 1\n")
    (tmp_path / "log" / "gone.md").symlink_to(tmp_path / "nowhere.md")
    result = extract_paths([tmp_path / "log"])
    assert [c.question for c in result.cards] == ["A?"]
    assert result.warnings == ["gone.md: a broken link; skipped"]
    assert result.errors == []
