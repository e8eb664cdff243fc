"""`recall due`."""

from __future__ import annotations

import argparse

from recall.errors import NotImplementedYet


def run(args: argparse.Namespace) -> int:
    """Not built yet: says so and exits 1 (issue #4)."""
    raise NotImplementedYet("'recall due' is not built yet (issue #4)")
