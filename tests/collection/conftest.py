"""Fixtures of the collection tests: a small log in the user's style, a fixed clock, a temp collection."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from recall.collection import Collection

# Written for these tests, in the style of a daily learning log.
STUDY_LOG = """\
# Study Log

## Nov 2, 2026: Caching

### Write-through cache:

- How it works: every write goes to the cache and to the backing store at once.
- Cost: writes are slower, but reads never see stale data.

### Write-back cache:

- How it works: writes land in the cache and reach the backing store later.
- Risk: a crash can lose writes that were not flushed yet.

## Nov 3, 2026: Probability

- variance = expected squared distance from the mean
- What does a p-value measure? How surprising the data are if the null hypothesis holds.
"""

T0 = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
"""A fixed 'now' for tests: 09:00 UTC (scheduling day 2026-11-29 in UTC, rollover 04:00)."""


def write_log(path: Path, text: str = STUDY_LOG) -> Path:
    """Write `text` to `path` (UTF-8) and return the path."""
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def log(tmp_path) -> Path:
    """The study log as a file in a temp folder."""
    folder = tmp_path / "notes"
    folder.mkdir()
    return write_log(folder / "study-log.md")


@pytest.fixture
def col(tmp_path):
    """An empty collection in a temp folder, scheduling days in UTC."""
    with Collection.open(tmp_path / "collection.db", tz="UTC") as collection:
        yield collection
