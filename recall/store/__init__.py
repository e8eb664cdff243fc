"""The collection's SQLite layer: schema, migrations, connection and locking, queries (no heavy imports)."""
