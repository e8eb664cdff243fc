"""The CLI skeleton: --help everywhere, exit codes 0/1/2, one-line errors, --debug."""

from __future__ import annotations

import pytest

from recall.cli import build_parser, main
from tests.conftest import run_recall

COMMANDS = ["extract", "sync", "review", "due", "export", "cards", "stats", "optimize"]


def test_every_command_of_the_spec_exists():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_every_command(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: recall {command}")
    assert "--db" in out


def test_top_level_help_lists_commands():
    result = run_recall("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout


def test_version():
    result = run_recall("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("recall ")


def test_unknown_command_is_usage_error():
    result = run_recall("frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_bad_option_is_usage_error():
    result = run_recall("due", "--no-such-option")
    assert result.returncode == 2


def test_bad_option_value_is_usage_error():
    result = run_recall("review", "--limit", "many")
    assert result.returncode == 2


def test_recall_error_is_one_line_exit_1(monkeypatch, capsys):
    from recall.errors import RecallError

    def boom(args):
        raise RecallError("the collection is on fire")

    import recall.commands.stats as stats

    monkeypatch.setattr(stats, "run", boom)
    assert main(["stats"]) == 1
    err = capsys.readouterr().err
    assert err == "recall: error: the collection is on fire\n"


def test_unexpected_exception_is_one_line_without_debug(monkeypatch, capsys):
    import recall.commands.stats as stats

    monkeypatch.setattr(stats, "run", lambda args: 1 / 0)
    assert main(["stats"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "ZeroDivisionError" in err and "--debug" in err
    assert "Traceback" not in err


def test_debug_flag_shows_the_traceback(monkeypatch):
    import recall.commands.stats as stats

    monkeypatch.setattr(stats, "run", lambda args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        main(["--debug", "stats"])
    with pytest.raises(ZeroDivisionError):
        main(["stats", "--debug"])


def test_recall_debug_env_shows_the_traceback(monkeypatch):
    import recall.commands.stats as stats

    monkeypatch.setenv("RECALL_DEBUG", "1")
    monkeypatch.setattr(stats, "run", lambda args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        main(["stats"])


def test_db_option_before_or_after_the_command(monkeypatch, tmp_path):
    seen = []
    import recall.commands.stats as stats

    monkeypatch.setattr(stats, "run", lambda args: seen.append(args.db) or 0)
    assert main(["--db", str(tmp_path / "a.db"), "stats"]) == 0
    assert main(["stats", "--db", str(tmp_path / "b.db")]) == 0
    assert main(["stats"]) == 0
    assert seen == [str(tmp_path / "a.db"), str(tmp_path / "b.db"), None]


def test_no_command_means_review(monkeypatch):
    seen = []
    import recall.commands.review as review

    monkeypatch.setattr(review, "run", lambda args: seen.append((args.deck, args.limit)) or 0)
    assert main([]) == 0
    assert seen == [(None, None)]


def test_db_in_a_missing_folder_is_an_error_and_creates_nothing(tmp_path):
    for command in (["due", "--count"], ["cards"], ["sync", str(tmp_path)]):
        result = run_recall("--db", str(tmp_path / "no" / "such" / "c.db"), *command)
        assert result.returncode == 1, command
        assert result.stderr.startswith("recall: error: cannot use the collection")
        assert "does not exist" in result.stderr and result.stderr.count("\n") == 1
        assert not (tmp_path / "no").exists()


def test_due_count_and_json_are_exclusive():
    result = run_recall("due", "--count", "--json")
    assert result.returncode == 2
    assert "not allowed with argument" in result.stderr
    assert result.stdout == ""
