"""Where the collection lives: --db, then RECALL_HOME, then platformdirs."""

from __future__ import annotations

from pathlib import Path

from recall import locations


def test_recall_home_wins_over_platformdirs(monkeypatch, tmp_path):
    monkeypatch.setenv("RECALL_HOME", str(tmp_path))
    assert locations.db_path() == tmp_path / "collection.db"
    assert locations.settings_dir() == tmp_path


def test_db_option_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("RECALL_HOME", str(tmp_path / "home"))
    assert locations.db_path(tmp_path / "x.db") == tmp_path / "x.db"
    assert locations.settings_dir(tmp_path / "x.db") == tmp_path


def test_platformdirs_default(monkeypatch):
    monkeypatch.delenv("RECALL_HOME", raising=False)
    from platformdirs import user_data_path

    assert locations.db_path() == user_data_path("recall", appauthor=False) / "collection.db"
    assert isinstance(locations.data_dir(), Path)
