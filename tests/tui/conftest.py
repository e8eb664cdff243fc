"""Fixtures of the TUI tests: a real collection on a temp SQLite file, synced from a small log."""

from __future__ import annotations

from pathlib import Path

import pytest

from recall.collection import Collection
from tests.tui.helpers import StepClock, StepMonotonic

TERMINAL_LOG = """\
# Terminal Notes

## Nov 1, 2026: Shell basics

### Shell:
- Pipe: sends the output of one program to the input of the next.
- Redirect: writes the output of a program to a file instead of the screen.
- Glob: a pattern such as *.md that the shell expands to matching file names.

### [Editors](https://example.org/editors)
- Modal editing: keys are commands until you switch to insert mode.
- Bracket text: [TODO] and [/tmp] and [red]x[/red] and [@click=app.quit] stay as written.
"""

GARDEN_LOG = """\
# Garden

## Oct 3, 2026: Soil

- Compost: decayed plant matter that feeds the soil.
- Mulch: a layer on the soil that keeps moisture in.
"""


@pytest.fixture(autouse=True)
def _berlin(monkeypatch):
    """Every TUI test runs in Europe/Berlin, so times on screen do not depend on the machine."""
    monkeypatch.setenv("TZ", "Europe/Berlin")


@pytest.fixture
def logs(tmp_path) -> dict[str, Path]:
    """Two small logs written for these tests: deck "Terminal Notes" (5 cards), deck "Garden" (2)."""
    folder = tmp_path / "notes"
    folder.mkdir()
    terminal = folder / "terminal.md"
    terminal.write_text(TERMINAL_LOG, encoding="utf-8")
    garden = folder / "garden.md"
    garden.write_text(GARDEN_LOG, encoding="utf-8")
    return {"terminal": terminal, "garden": garden}


@pytest.fixture
def clock() -> StepClock:
    """The app's clock: Sunday 29 Nov 2026, 08:00 in Berlin, until the test moves it."""
    return StepClock()


@pytest.fixture
def monotonic() -> StepMonotonic:
    return StepMonotonic()


@pytest.fixture
def collection(tmp_path, logs, clock):
    """A real collection (temp SQLite file) holding both logs."""
    col = Collection.open(tmp_path / "collection.db")
    report = col.sync([logs["terminal"], logs["garden"]], now=clock())
    assert not report.errors, report.errors
    yield col
    col.close()


@pytest.fixture
def empty_collection(tmp_path):
    """A real collection with no source and no card."""
    col = Collection.open(tmp_path / "empty.db")
    yield col
    col.close()


@pytest.fixture
def make_app(clock, monotonic):
    """Build the app the way `recall review` does, with the test's clocks.

    The returned app records the URLs it would open in `.opened` (each open succeeds) unless
    `open_link=` is given; `clock_fn=` / `monotonic=` replace the test's clocks. The editor is the real one (a subprocess of $VISUAL/$EDITOR) unless
    `editor=` is given.
    """
    from recall.tui.app import create_app

    def build(collection, **options):
        opened: list[str] = []

        def open_link(url: str) -> bool:
            opened.append(url)
            return True

        options.setdefault("open_link", open_link)
        options.setdefault("clock_fn", clock)
        options.setdefault("monotonic", monotonic)
        app = create_app(collection, **options)
        app.opened = opened
        return app

    return build
