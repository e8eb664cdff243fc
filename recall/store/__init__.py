"""The collection's SQLite layer: schema, migrations, connection and locking, queries, sync.

Two ways into the one connection, each where it serves best:

- sqlite-utils (`recall.store.database`, `Collection.db`) for what a library does as well as we
  would: schema introspection and migration steps (`table_names`, `columns_dict`,
  `add_column`, `transform`), sync's bulk writes (`insert_all` of new cards in batches,
  `upsert_all` of source files, inside the sync's one write transaction), and small writes
  that read better as calls (`table.update` for bury, suspend and a source's bookkeeping,
  settings `upsert_all`, `delete_where`, `rows_where` for the stored cards of a changed source).
- Hand-written SQL with the standard `sqlite3` module where sqlite-utils cannot say it or
  costs what a path cannot pay: the DDL (CHECK constraints: `schema.py`); the due counts,
  the queue and the next due time (`queries.py`, written for their index range scans and
  shared with `recall due`, which must not import sqlite-utils: its import alone costs
  ~0.1 s); card and review-log reads (`rows.py`); the review transaction (card row +
  append-only review-log row) and undo; sync's conditional bulk UPDATEs (only rows that
  differ are written; sqlite-utils updates one row per call); and the reads an unchanged
  sync, the TUI's start and `recall due`'s fallback make, so none of them imports
  sqlite-utils (`Collection.db` is built on first use).
"""

SCHEMA_VERSION = 2
"""`PRAGMA user_version` of a collection written by this recall (the tables: `schema.py`;
version 2 added `rendered`, the Anki note fields rendered at sync)."""
