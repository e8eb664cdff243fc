"""Smoke test in a real terminal: tmux runs `python -m recall review`, keys go in, the review is stored.

Skipped when tmux is not installed. The tmux server runs on a private socket and is killed at the end.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from recall.collection import Collection
from recall.rating import Rating
from tests.tui.conftest import TERMINAL_LOG

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

NOW = "2026-11-29T08:00:00+01:00"

FAKE_EDITOR = """\
import pathlib, sys
line, path = int(sys.argv[1].lstrip("+")), pathlib.Path(sys.argv[2])
lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
lines[line - 1] = lines[line - 1].rstrip("\\n") + " Edited in the terminal.\\n"
path.write_text("".join(lines), encoding="utf-8")
"""
WAIT_S = 30.0


class Tmux:
    """One detached tmux session on a private server socket."""

    def __init__(self) -> None:
        self.socket = f"recall-test-{uuid.uuid4().hex[:8]}"
        self.session = "review"

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        return result.stdout

    def start(self, command: str, env: dict[str, str], cwd: str) -> None:
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        self.run(
            "new-session", "-d", "-s", self.session, "-x", "80", "-y", "24", "-c", cwd,
            f"env {exports} {command}; echo RECALL-EXITED-$?; sleep 30",
        )  # fmt: skip

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.session, *keys)

    def wait_for(self, *texts: str) -> str:
        """Poll the pane until every one of `texts` shows in one capture (a frame can be caught
        half drawn, and a real terminal cannot be awaited otherwise)."""
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{texts!r} never showed; the screen was:\n{self.screen()}")

    def kill(self) -> None:
        self.run("kill-server")


@pytest.fixture
def tmux():
    terminal = Tmux()
    yield terminal
    terminal.kill()


def start_review(tmux: Tmux, tmp_path, editor: str) -> tuple:
    """A collection of the test log, and `recall review` running on it in tmux with EDITOR=`editor`.

    Returns:
        (database path, first card, second card) of deck "Terminal Notes".
    """
    log = tmp_path / "terminal.md"
    log.write_text(TERMINAL_LOG, encoding="utf-8")
    db = tmp_path / "collection.db"
    with Collection.open(db) as col:
        col.sync([log])
        first, second = col.queue(deck="Terminal Notes")[:2]
    env = {
        "RECALL_NOW": NOW,
        "TZ": "Europe/Berlin",
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "RECALL_HOME": str(tmp_path),
        "EDITOR": editor,
        "PATH": os.environ.get("PATH", ""),
    }
    command = (
        f"{shlex.quote(sys.executable)} -m recall --db {shlex.quote(str(db))} "
        "review 'Terminal Notes'"
    )
    tmux.start(command, env, str(tmp_path))
    tmux.wait_for("Show answer", first.question)
    return db, first, second


def test_review_in_a_real_terminal(tmp_path, tmux):
    editor = tmp_path / "fake_editor.py"
    editor.write_text(FAKE_EDITOR, encoding="utf-8")
    db, first, second = start_review(tmux, tmp_path, f"{sys.executable} {editor}")
    assert "Terminal Notes" in tmux.screen()
    log = tmp_path / "terminal.md"
    tmux.keys("Space")
    tmux.wait_for("4 Easy", first.answer.split()[0])
    tmux.keys("3")
    tmux.wait_for("Show answer", second.question)
    # e: the app hands the terminal to the editor (suspended), then re-syncs and shows the card
    tmux.keys("e")
    tmux.wait_for("Log re-synced: 1 updated.")
    tmux.keys("Space")
    tmux.wait_for("4 Easy", "the terminal.")  # the edited answer (wrapped at 80 columns)
    tmux.keys("q")
    tmux.wait_for("Session finished; 5 more due today.")
    tmux.keys("q")
    screen = tmux.wait_for("RECALL-EXITED-")
    assert "RECALL-EXITED-0" in screen, screen
    assert "Reviewed 1 card (1 rating, again 0%)" in screen
    with Collection.open(db) as col:
        reviews = col.reviews()
        edited = col.card(second.id)
    assert [(r.card_id, r.rating) for r in reviews] == [(first.id, Rating.GOOD)]
    assert reviews[0].duration_ms is not None
    assert edited.answer.endswith("Edited in the terminal.")
    assert "Edited in the terminal." in log.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["not found", "not a program"])
def test_an_editor_that_cannot_start_leaves_the_app_usable(tmp_path, tmux, kind):
    """findings-1, TUI 2: `e` with an editor that cannot start left a blank screen that echoed
    keys (Textual's suspend resumes only when its block ends normally). "not found" is caught
    before the terminal is handed over; "not a program" (found, but exec fails) inside it."""
    if kind == "not found":
        editor = str(tmp_path / "no" / "such" / "editor")
    else:
        broken = tmp_path / "broken-editor"
        broken.write_bytes(b"\x7fELF not really a program")
        broken.chmod(0o755)
        editor = str(broken)
    db, first, _ = start_review(tmux, tmp_path, editor)
    tmux.keys("e")
    tmux.wait_for("Cannot start the editor", "Show answer")
    tmux.keys("Space")
    tmux.wait_for("4 Easy", first.answer.split()[0])
    tmux.keys("3")
    tmux.keys("q")
    tmux.wait_for("Session finished; 5 more due today.")
    tmux.keys("q")
    screen = tmux.wait_for("RECALL-EXITED-")
    assert "RECALL-EXITED-0" in screen, screen
    with Collection.open(db) as col:
        assert [(r.card_id, r.rating) for r in col.reviews()] == [(first.id, Rating.GOOD)]


WAITING_EDITOR = """\
import pathlib, sys, time
pathlib.Path(sys.argv[2]).with_suffix(".editing").write_text("open", encoding="utf-8")
time.sleep(60)
"""


def test_ctrl_c_in_the_editor_ends_the_editor_not_the_session(tmp_path, tmux):
    """In the editor Ctrl-C reaches every process of the terminal's foreground group: it must end
    at most the editor; recall takes the screen back, re-syncs and goes on. Then Ctrl-C in the
    app quits it cleanly (exit 0, the farewell line)."""
    editor = tmp_path / "waiting_editor.py"
    editor.write_text(WAITING_EDITOR, encoding="utf-8")
    db, first, second = start_review(tmux, tmp_path, f"{sys.executable} {editor}")
    tmux.keys("Space")
    tmux.wait_for("4 Easy")
    tmux.keys("3")
    tmux.wait_for("Show answer", second.question)
    tmux.keys("e")
    editing = tmp_path / "terminal.editing"
    deadline = time.monotonic() + WAIT_S
    while not editing.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert editing.exists(), tmux.screen()
    tmux.keys("C-c")
    tmux.wait_for("Log re-synced: nothing changed.", second.question)
    tmux.keys("Space")
    tmux.wait_for("4 Easy", second.answer.split()[0])
    tmux.keys("C-c")
    screen = tmux.wait_for("RECALL-EXITED-")
    assert "RECALL-EXITED-0" in screen, screen
    assert "Reviewed 1 card (1 rating, again 0%) in " in screen
    assert "s; 5 more due today in Terminal Notes." in screen  # Ctrl-C: no summary, this says it
    with Collection.open(db) as col:
        assert [(r.card_id, r.rating) for r in col.reviews()] == [(first.id, Rating.GOOD)]
