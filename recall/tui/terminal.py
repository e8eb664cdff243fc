"""Handing the terminal to another program (the editor, a terminal browser) and always taking it back."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from textual.app import App, SuspendNotSupported

T = TypeVar("T")


def hand_over(app: App, run: Callable[[], T]) -> T:
    """Call `run` with the terminal given to the program it starts, then give it back to `app`.

    The app is suspended meanwhile (its screen and input restored afterwards). Textual's
    `App.suspend` resumes the app only when its block ends normally, so an exception inside it
    (an editor that cannot start, an interrupt) would leave the terminal blank and deaf to keys:
    here the block never raises; whatever `run` raised is raised again once the app is back.

    While `run` runs, Ctrl-C belongs to that program: SIGINT does nothing in this process (as
    git does around $EDITOR), so an interrupt ends at most the program, never the session.

    Headless (tests: suspending is not supported) `run` is simply called.

    Returns:
        What `run` returned.
    """
    outcome: list[T] = []
    failure: list[BaseException] = []
    try:
        with app.suspend(), _interrupts_left_to_the_program():
            try:
                outcome.append(run())
            except BaseException as exc:  # re-raised below, once the app has the terminal back
                failure.append(exc)
    except SuspendNotSupported:
        with _interrupts_left_to_the_program():
            return run()
    if failure:
        raise failure[0]
    return outcome[0]


@contextmanager
def _interrupts_left_to_the_program() -> Iterator[None]:
    """SIGINT does nothing in this process inside the block; programs started in it still get it.

    A Python handler rather than SIG_IGN: a handler is reset to the default in a child at exec,
    SIG_IGN would be inherited and make the editor deaf to Ctrl-C. Only the main thread may set
    handlers; elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, _ignore)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _ignore(signum, frame) -> None:
    """SIGINT while another program has the terminal: that program handles it."""
