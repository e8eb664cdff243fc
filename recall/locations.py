"""Where the collection and settings live: `--db`, then `$RECALL_HOME`, then the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

ENV_HOME = "RECALL_HOME"
DB_FILE = "collection.db"


def data_dir() -> Path:
    """The folder holding `collection.db` and `recall.toml`.

    `$RECALL_HOME` if set, else the platform's user data directory for app "recall"
    (platformdirs; e.g. ``~/.local/share/recall`` on Linux). Not created here.
    """
    home = os.environ.get(ENV_HOME)
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_path

    return user_data_path("recall", appauthor=False)


def db_path(db: str | os.PathLike | None = None) -> Path:
    """The collection file: `db` if given (the global `--db` option), else `data_dir()/collection.db`."""
    if db is not None:
        return Path(db).expanduser()
    return data_dir() / DB_FILE


def settings_dir(db: str | os.PathLike | None = None) -> Path:
    """The folder of `recall.toml`: beside the collection file."""
    return db_path(db).parent
