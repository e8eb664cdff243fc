"""The collection's connection seen through sqlite-utils (migrations, sync's bulk writes, small updates).

Never imported by `recall due` (it reads with the standard `sqlite3` module): importing
sqlite-utils costs about 0.1 s, so `Collection` builds its `Database` on first use only.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database


def wrap(conn: sqlite3.Connection) -> Database:
    """A sqlite-utils `Database` over `conn` (the same connection: same transactions, no copy).

    Side-effect free: no `PRAGMA recursive_triggers` (the collection has no triggers) and no
    sqlite-utils plugins (scanning them costs ~50 ms, and no plugin may touch a collection).
    Write inside `recall.store.connection.write`: sqlite-utils then nests its own steps in
    savepoints of that transaction, so a failed step rolls the whole write back.
    """
    return Database(conn, recursive_triggers=False, execute_plugins=False)
