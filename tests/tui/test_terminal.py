"""recall.tui.terminal: handing the terminal to another program, with Ctrl-C left to that program.

Headless here (Pilot cannot suspend), so these check what happens around the program; the
suspension itself (screen given back whatever happens) is checked in a real terminal by
tests/tui/test_tmux.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from recall.tui.terminal import hand_over

SIZE = (80, 24)


async def test_returns_what_the_program_returned(empty_collection, make_app):
    app = make_app(empty_collection)
    async with app.run_test(size=SIZE):
        assert hand_over(app, lambda: 42) == 42


async def test_an_interrupt_while_the_program_runs_does_not_reach_recall(
    empty_collection, make_app
):
    """Ctrl-C in a terminal goes to every process of the foreground group: recall's session must
    not end (before: KeyboardInterrupt inside the suspended app) while the editor gets it."""
    app = make_app(empty_collection)

    def interrupted() -> str:
        os.kill(os.getpid(), signal.SIGINT)
        return "editor finished"

    async with app.run_test(size=SIZE):
        before = signal.getsignal(signal.SIGINT)  # asyncio's: it would end the app
        assert hand_over(app, interrupted) == "editor finished"
        assert signal.getsignal(signal.SIGINT) is before  # restored


async def test_the_program_itself_still_gets_ctrl_c(empty_collection, make_app):
    """The editor starts with SIGINT at its default (SIG_IGN would be inherited across exec)."""
    app = make_app(empty_collection)
    probe = "import signal; print(signal.getsignal(signal.SIGINT))"

    def run() -> str:
        return subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        ).stdout

    async with app.run_test(size=SIZE):
        assert "default_int_handler" in hand_over(app, run)


async def test_an_exception_of_the_program_is_raised_after_it(empty_collection, make_app):
    app = make_app(empty_collection)

    def fails() -> None:
        raise FileNotFoundError(2, "No such file or directory", "no-such-editor")

    async with app.run_test(size=SIZE):
        before = signal.getsignal(signal.SIGINT)
        with pytest.raises(FileNotFoundError):
            hand_over(app, fails)
        assert signal.getsignal(signal.SIGINT) is before
