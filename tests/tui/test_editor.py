"""recall.tui.editor: the editor's argument list, whether it can start, and the sample deck it never opens."""

from __future__ import annotations

import sys

import pytest

from recall.tui.editor import editor_command, is_bundled_sample, missing_editor, run_editor


@pytest.fixture
def no_editor_variables(monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


def test_visual_wins_over_editor_and_is_split_like_shell_words(monkeypatch):
    monkeypatch.setenv("VISUAL", "code --wait")
    monkeypatch.setenv("EDITOR", "nano")
    assert editor_command("/notes/log.md", 12) == ["code", "--wait", "+12", "/notes/log.md"]
    monkeypatch.delenv("VISUAL")
    assert editor_command("/notes/log.md", 0) == ["nano", "+1", "/notes/log.md"]


def test_vi_when_nothing_is_set(no_editor_variables):
    assert editor_command("log.md", 3) == ["vi", "+3", "log.md"]


@pytest.mark.parametrize("value", ["'unterminated", "   "])
def test_an_unusable_variable_is_a_value_error(monkeypatch, value):
    monkeypatch.setenv("VISUAL", value)
    with pytest.raises(ValueError):
        editor_command("log.md", 1)


def test_an_editor_on_path_can_start(monkeypatch):
    monkeypatch.setenv("VISUAL", sys.executable)
    assert missing_editor([sys.executable, "+1", "log.md"]) is None


def test_a_missing_editor_names_the_variable(monkeypatch, no_editor_variables):
    monkeypatch.setenv("EDITOR", "code --wait")
    message = missing_editor(["code-not-installed-here", "--wait", "+1", "log.md"])
    assert message.startswith("Cannot start the editor 'code-not-installed-here' ($EDITOR)")
    assert "\n" not in message


def test_no_variable_and_no_vi(monkeypatch, tmp_path, no_editor_variables):
    monkeypatch.setenv("PATH", str(tmp_path))
    message = missing_editor(["vi", "+1", "log.md"])
    assert "$VISUAL and $EDITOR are not set and 'vi' is not installed" in message


def test_a_file_that_is_not_executable_cannot_start(monkeypatch, tmp_path):
    script = tmp_path / "editor.sh"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o644)
    monkeypatch.setenv("VISUAL", str(script))
    assert missing_editor([str(script), "+1", "log.md"]) is not None


def test_run_editor_returns_the_exit_status_and_raises_when_it_cannot_start(tmp_path):
    assert run_editor([sys.executable, "-c", "raise SystemExit(3)"]) == 3
    with pytest.raises(OSError):
        run_editor([str(tmp_path / "no-such-editor"), "+1", "log.md"])


def test_the_bundled_sample_is_not_for_editing(tmp_path):
    from recall.collection import Collection
    from recall.sample import sample_deck_path

    log = tmp_path / "mine.md"
    log.write_text("# Mine\n\n- Term: my own definition.\n", encoding="utf-8")
    with Collection.open(tmp_path / "c.db") as col:
        col.ensure_source()  # first run: the sample deck is the only source
        (sample_file,) = {card.file for card in col.cards()}
        assert is_bundled_sample(col, sample_file)
        col.sync([log])  # the user's own log retires the sample
        assert not col.uses_sample()
        assert not is_bundled_sample(col, str(log))
        assert is_bundled_sample(col, str(sample_deck_path()))  # the package's file, always
