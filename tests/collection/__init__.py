"""Tests of the collection store, sync, due/cards/sync commands and their reliability."""
