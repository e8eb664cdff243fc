"""recall: spaced-repetition flashcards from an unmarked markdown learning log.

Public API (SPEC §9)::

    from recall import Collection, Rating
    col = Collection.open()
    col.sync(["log.md"])

Importing `recall` is cheap: the collection, the scheduler and the extractor load on first use,
and so do the rating/state enums (`recall due` never needs them).
"""

from __future__ import annotations

from recall.errors import RecallError

# Not `from typing import TYPE_CHECKING`: importing typing costs more than the rest of
# `recall due` (type checkers treat any constant named TYPE_CHECKING as True).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from recall.collection import Collection
    from recall.rating import Rating, State, Status

__version__ = "0.1.0"
__all__ = ["Collection", "Rating", "RecallError", "State", "Status", "__version__"]


def __getattr__(name: str):
    if name == "Collection":
        from recall.collection import Collection

        return Collection
    if name in ("Rating", "State", "Status"):
        from recall import rating

        return getattr(rating, name)
    raise AttributeError(f"module 'recall' has no attribute {name!r}")
