"""Exceptions raised by recall, each with a message fit to show a user as one line."""

from __future__ import annotations


class RecallError(Exception):
    """Base class of every error recall raises on purpose.

    The message is a complete sentence for the user; the CLI prints it as one line and exits 1.
    """


class SettingsError(RecallError):
    """`recall.toml` cannot be read or holds an invalid value (the message names the key)."""


class ClockError(RecallError):
    """`RECALL_NOW` is not an ISO-8601 datetime with a UTC offset."""


class SourceError(RecallError):
    """A log path is missing, unreadable, not UTF-8 or not text."""


class CollectionError(RecallError):
    """The collection database cannot be used (corrupt, from a newer recall, unwritable)."""


class CollectionLocked(CollectionError):
    """Another process held the collection's write lock for longer than the wait allows."""


class CardNotFound(RecallError):
    """No stored card has the given id."""


class NotImplementedYet(RecallError):
    """A command whose feature is not built yet (exit 1, never pretends to work)."""


class ExportError(RecallError):
    """An Anki package cannot be written (nothing to export, unknown deck, unwritable path)."""
