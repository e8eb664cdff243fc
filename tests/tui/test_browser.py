"""recall.tui.browser: `o` opens the link and knows whether it worked; terminal browsers get the terminal."""

from __future__ import annotations

import sys
import webbrowser

import pytest

from recall.tui.browser import open_link, runs_in_terminal

URL = "https://example.org/editors"

RECORDING_BROWSER = """\
import pathlib, sys
pathlib.Path(sys.argv[1]).write_text(sys.argv[2], encoding="utf-8")
"""


class HandOver:
    """Stands in for the app's `in_terminal`: records that the terminal was handed over."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, run):
        self.calls += 1
        return run()


@pytest.fixture
def use_browser(monkeypatch):
    """Make `webbrowser.get()` return the given launcher (webbrowser reads $BROWSER only once a
    process, so the environment cannot choose it here)."""

    def choose(browser) -> None:
        def get(using=None):
            if isinstance(browser, Exception):
                raise browser
            return browser

        monkeypatch.setattr(webbrowser, "get", get)

    return choose


def test_terminal_browsers_are_recognised():
    assert runs_in_terminal(webbrowser.GenericBrowser("lynx"))
    assert runs_in_terminal(webbrowser.Elinks("elinks"))
    assert not runs_in_terminal(webbrowser.BackgroundBrowser("xdg-open"))
    assert not runs_in_terminal(webbrowser.Mozilla("firefox"))


def test_a_terminal_browser_runs_with_the_terminal_handed_over(tmp_path, use_browser):
    script = tmp_path / "browser.py"
    script.write_text(RECORDING_BROWSER, encoding="utf-8")
    seen = tmp_path / "seen.txt"
    use_browser(webbrowser.GenericBrowser([sys.executable, str(script), str(seen), "%s"]))
    hand_over = HandOver()
    assert open_link(URL, hand_over) is True
    assert seen.read_text(encoding="utf-8") == URL
    assert hand_over.calls == 1


def test_a_browser_that_fails_is_reported(use_browser):
    use_browser(webbrowser.GenericBrowser([sys.executable, "-c", "raise SystemExit(1)", "%s"]))
    assert open_link(URL, HandOver()) is False


def test_a_browser_that_cannot_start_is_reported(tmp_path, use_browser):
    use_browser(webbrowser.BackgroundBrowser(str(tmp_path / "no-such-browser")))
    hand_over = HandOver()
    assert open_link(URL, hand_over) is False
    assert hand_over.calls == 0  # a background browser never takes the terminal


def test_no_browser_at_all_is_reported(use_browser):
    use_browser(webbrowser.Error("could not locate runnable browser"))
    assert open_link(URL, HandOver()) is False
