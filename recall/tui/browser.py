"""The web browser behind `o`: open a link and say whether it worked, handing the terminal to a terminal browser."""

from __future__ import annotations

import webbrowser
from collections.abc import Callable


def runs_in_terminal(browser: webbrowser.BaseBrowser) -> bool:
    """Whether `browser` runs in the foreground of this terminal (lynx, w3m, links, elinks, or a
    $BROWSER command without ``&``): it must be given the terminal, as an editor is."""
    if isinstance(browser, webbrowser.BackgroundBrowser):
        return False
    if isinstance(browser, webbrowser.GenericBrowser):
        return True
    if isinstance(browser, webbrowser.UnixBrowser):
        return not browser.background
    return False


def open_link(url: str, hand_over: Callable[[Callable[[], bool]], bool]) -> bool:
    """Open `url` in the browser Python's `webbrowser` picks ($BROWSER first, then the system's).

    Args:
        url: an http(s) URL.
        hand_over: runs a function with the terminal handed over (the app suspended) and
            returns its result; used for browsers that run in the terminal.

    Returns:
        True when the browser took the URL; False when there is no browser or it failed
        (`webbrowser` reports a failure, it does not raise).
    """
    try:
        browser = webbrowser.get()
    except webbrowser.Error:  # no runnable browser at all
        return False

    def show() -> bool:
        return bool(browser.open(url))  # False also when the command cannot start

    return hand_over(show) if runs_in_terminal(browser) else show()
