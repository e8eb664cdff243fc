"""The sample deck shipped in `decks/`, used until the user adds a log of their own."""

from __future__ import annotations

from pathlib import Path

SAMPLE_FILE = "recall-sample-log.md"


def sample_deck_path() -> Path:
    """Path of the bundled sample log.

    Installed wheels carry it as package data (`recall/_decks/`); a source checkout has it in the
    top-level `decks/` folder.

    Raises:
        FileNotFoundError: when neither location holds it (a broken install).
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "_decks" / SAMPLE_FILE, here.parent / "decks" / SAMPLE_FILE):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(SAMPLE_FILE)
