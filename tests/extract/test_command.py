"""`recall extract`: table, JSON, --explain, exit codes, and text that cannot act on a terminal."""

from __future__ import annotations

import json

from recall.commands.extract import visible
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
