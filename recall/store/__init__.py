"""The collection's SQLite layer: schema, migrations, connection and locking, queries (no heavy imports)."""

SCHEMA_VERSION = 1
"""`PRAGMA user_version` of a collection written by this recall (the tables: `schema.py`)."""
