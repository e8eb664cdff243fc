"""Fixtures of the stats tests: a small real collection reviewed at fixed times (UTC days)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from recall.collection import Collection
from recall.rating import Rating

KITCHEN = """\
# Kitchen

## Nov 2, 2026: Knives

- Chef's knife: the all-purpose blade, about 20 cm.
- Paring knife: a short blade for peeling and fine work.
- Honing: straightens the edge; it does not remove metal.
"""

GARDEN = """\
# Garden

## Oct 3, 2026: Soil

- Compost: decayed plant matter that feeds the soil.
- Mulch: a layer on the soil that keeps moisture in.
"""


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    """Kitchen (3 cards) and Garden (2 cards); every card learned on Nov 20 (Good, Good),
    Kitchen reviewed again on Nov 27: two Good, one Again."""
    (tmp_path / "kitchen.md").write_text(KITCHEN, encoding="utf-8")
    (tmp_path / "garden.md").write_text(GARDEN, encoding="utf-8")
    path = tmp_path / "collection.db"
    with Collection.open(path, tz=UTC) as col:
        col.sync([tmp_path / "kitchen.md", tmp_path / "garden.md"], now=at(20))
        now = at(20)
        for card in col.queue(now=now):
            col.review(card.id, Rating.GOOD, now=now)
        now += timedelta(minutes=15)
        for card in col.queue(now=now):
            col.review(card.id, Rating.GOOD, now=now)
        kitchen = col.cards(deck="Kitchen")
        for card, rating in zip(kitchen, (Rating.GOOD, Rating.GOOD, Rating.AGAIN), strict=True):
            col.review(card.id, rating, now=at(27))
    return path
