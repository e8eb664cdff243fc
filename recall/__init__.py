"""recall: spaced-repetition flashcards from an unmarked markdown learning log.

Public API (SPEC §9)::

    from recall import Collection, Rating
    col = Collection.open()
    col.sync(["log.md"])

Importing `recall` is cheap: the collection, the scheduler and the extractor load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recall.errors import RecallError
from recall.rating import Rating, State, Status

if TYPE_CHECKING:
    from recall.collection import Collection

__version__ = "0.1.0"
__all__ = ["Collection", "Rating", "RecallError", "State", "Status", "__version__"]


def __getattr__(name: str):
    if name == "Collection":
        from recall.collection import Collection

        return Collection
    raise AttributeError(f"module 'recall' has no attribute {name!r}")
