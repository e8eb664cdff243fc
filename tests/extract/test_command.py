"""`recall extract`: table, JSON, --explain, exit codes, and text that cannot act on a terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from recall.commands.extract import visible
from recall.extract import extract_paths
from tests.conftest import run_recall


def test_json_is_the_list_of_spec_cards(write, tmp_path):
    path = write("log.md", "# Log\n\n## Sep 9, 2024: A\n\n- How it works: a prefix.\n")
    done = run_recall("extract", str(path), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    [card] = json.loads(done.stdout)
    assert list(card) == ["id", "deck", "context", "question", "answer", "kind", "tags", "source"]
    assert card["question"] == "How it works?"
    assert card["source"]["path"] == str(path)


def test_table_shows_context_question_and_answer(write, tmp_path):
    write("log.md", "# Log\n\n## Soft Prompting\n\n- How it works: adds a prefix.\n")
    done = run_recall("extract", "log.md", cwd=tmp_path, env={"COLUMNS": "120"})
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "log.md - deck Log: 1 card"
    assert lines[1].split() == ["line", "context", "question", "answer"]
    assert "Soft Prompting" in lines[2] and "How it works?" in lines[2]
    assert "adds a prefix." in lines[2]
    assert lines[-1] == "1 card from 1 file (dry run: nothing was written)"


def test_explain_lists_every_item_with_its_rule_or_reason(write, tmp_path):
    write("log.md", "- Term: text\n- just a statement\n")
    done = run_recall("extract", "log.md", "--explain", cwd=tmp_path)
    assert done.returncode == 0
    assert "+ log.md:1  card (label): Term?  | - Term: text" in done.stdout
    assert "- log.md:2  no card: a statement without a label  | - just a statement" in done.stdout


def test_missing_path_exits_1_with_one_line(tmp_path):
    done = run_recall("extract", "missing.md", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == "recall: error: missing.md: no such file or folder"
    assert "Traceback" not in done.stderr


def test_bad_file_is_named_and_the_others_still_shown(write, tmp_path):
    write("log/good.md", "- A: 1\n")
    write("log/bad.md", b"\xff\xfe\x00b\x00a\x00d")
    done = run_recall("extract", "log", "--json", cwd=tmp_path)
    assert done.returncode == 1
    assert [c["question"] for c in json.loads(done.stdout)] == ["A?"]
    assert done.stderr.strip() == "recall: error: bad.md: binary file, not markdown text; skipped"


def test_empty_file_gives_no_cards(write, tmp_path):
    write("empty.md", "")
    done = run_recall("extract", "empty.md", "--json", cwd=tmp_path)
    assert (done.returncode, json.loads(done.stdout)) == (0, [])


def test_escape_sequences_in_card_text_cannot_act_on_the_terminal(write, tmp_path):
    write("log.md", "- Evil\x1b[2J label: text \x1b]0;title\x07 and \x9b31m\n")
    done = run_recall("extract", "log.md", cwd=tmp_path)
    assert done.returncode == 0
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout and "\x9b" not in done.stdout
    assert "\\x1b" in done.stdout
    explained = run_recall("extract", "log.md", "--explain", cwd=tmp_path)
    assert "\x1b" not in explained.stdout


def test_markup_like_text_is_printed_as_is(write, tmp_path):
    write("log.md", "- [red]Shown literally[/red]: yes [/tmp]\n")
    done = run_recall("extract", "log.md", cwd=tmp_path, env={"COLUMNS": "150"})
    assert "[red]Shown literally[/red]?" in done.stdout and "[/tmp]" in done.stdout


def test_visible():
    assert visible("plain ünïcode ✓") == "plain ünïcode ✓"
    assert visible("a\x1b[31mb\rc\x00") == "a\\x1b[31mb\\x0dc\\x00"
    assert visible("line\nnext\tcol") == "line\nnext\tcol"
    assert visible("bidi \u202e trick") == "bidi \\u202e trick"


def test_explain_counts_one_card_in_the_singular(write, tmp_path):
    write("log.md", "- Term: text\n")
    done = run_recall("extract", "log.md", "--explain", cwd=tmp_path)
    assert done.stdout.splitlines()[-1] == "1 card; + made a card, - did not"


def test_a_missing_path_with_escape_sequences_is_shown_escaped(tmp_path):
    done = run_recall("extract", "\x1b[31mred\x1b[0m.md", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == "recall: error: \\x1b[31mred\\x1b[0m.md: no such file or folder\n"


def test_a_file_name_with_escape_sequences_is_shown_escaped_everywhere(write, tmp_path):
    write("\x1b]0;owned\x07.md", "- A: b\n- A: c\n[x](gone.md)\n")
    name = "\x1b]0;owned\x07.md"
    for extra in ([], ["--explain"], ["--json"]):
        done = run_recall("extract", name, *extra, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "\x1b" not in done.stdout + done.stderr and "\x07" not in done.stdout + done.stderr
        assert "\\x1b]0;owned\\x07.md:2: same context and question" in done.stderr
    assert json.loads(done.stdout)[0]["source"]["path"] == name  # the data keeps the name


def test_a_file_name_that_is_not_utf8_does_not_crash_any_output(tmp_path):
    name = "caf\udce9.md"  # the byte 0xE9 in a file name on a UTF-8 system
    try:
        (tmp_path / name).write_text("- A: b\n", encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses names that are not UTF-8")
    for extra in ([], ["--explain"]):
        done = run_recall("extract", ".", *extra, cwd=tmp_path)
        assert (done.returncode, done.stderr) == (0, ""), extra
        assert "caf\\xe9.md" in done.stdout
    done = run_recall("extract", ".", "--json", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    [card] = json.loads(done.stdout)
    assert (card["deck"], card["source"]["path"]) == ("caf\\xe9", "caf\\xe9.md")


def test_a_named_pipe_in_a_folder_is_skipped_and_a_device_is_refused(write, tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    write("notes/a.md", "- A: b\n")
    os.mkfifo(tmp_path / "notes" / "fifo.md")
    done = run_recall("extract", "notes", "--json", cwd=tmp_path)  # used to hang for ever
    assert done.returncode == 0
    assert [c["question"] for c in json.loads(done.stdout)] == ["A?"]
    assert done.stderr == "recall: warning: fifo.md: a named pipe, not a file; skipped\n"
    direct = run_recall("extract", "notes/fifo.md", cwd=tmp_path)
    assert direct.returncode == 1
    assert direct.stderr == "recall: error: notes/fifo.md: a named pipe, not a file; skipped\n"
    if os.path.exists("/dev/zero"):
        zero = run_recall("extract", "/dev/zero", cwd=tmp_path)
        assert (zero.returncode, zero.stderr) == (
            1,
            "recall: error: /dev/zero: a device, not a file; skipped\n",
        )


def test_the_table_aligns_wide_characters_by_display_cells(write, tmp_path):
    from rich.cells import cell_len

    write(
        "log.md",
        "## 絵文字 🎉 の節\n\n- Plain: ascii answer\n- 👍 thumbs: yes\n"
        "- 中文标签: 这是一个很长很长很长很长很长很长很长很长很长很长很长很长很长的答案\n"
        "- Ascii label: 日本語の答えです日本語の答えです日本語の答えです日本語の答えです\n",
    )
    done = run_recall("extract", "log.md", cwd=tmp_path, env={"COLUMNS": "80"})
    rows = done.stdout.splitlines()[2:6]
    assert len(rows) == 4 and all(row.strip() for row in rows)
    # every answer starts in the same terminal column, and no row is wider than the terminal
    starts = {
        cell_len(row[: row.index(a)])
        for row, a in zip(rows, ["ascii", "yes", "这", "日"], strict=True)
    }
    assert len(starts) == 1, rows
    assert max(cell_len(row) for row in rows) <= 80


def test_json_is_written_as_it_comes_with_the_same_text_as_one_dump(write, tmp_path):
    write("log/a.md", "# A\n\n- One: 1\n- Two: `2`\n")
    write("log/b.md", '- Three: "3" ✓\n')
    write("log/empty.md", "")
    done = run_recall("extract", "log", "--json", cwd=tmp_path)
    cards = extract_paths([tmp_path / "log"]).cards
    expected = json.dumps([c.to_json() for c in cards], ensure_ascii=False, indent=2) + "\n"
    assert done.stdout == expected
    empty = run_recall("extract", "log/empty.md", "--json", cwd=tmp_path)
    assert empty.stdout == "[]\n"


def test_explain_output_read_only_in_part_ends_cleanly(write, tmp_path):
    write("log.md", "".join(f"## Day {i}\n\n- Label {i}: text\n\n" for i in range(20000)))
    proc = subprocess.Popen(
        [sys.executable, "-m", "recall", "extract", "log.md", "--explain"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    first = proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    assert proc.wait(timeout=120) == 0
    assert first.startswith(b"- log.md:1  ")
    assert b"Traceback" not in proc.stderr.read()
    proc.stderr.close()
