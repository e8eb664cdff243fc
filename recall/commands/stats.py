"""`recall stats`: cards by state, reviews, true retention, memory and a due forecast, with charts."""

from __future__ import annotations

import argparse
import json
import os
import sys

from recall.errors import RecallError


def report(stats, *, color: bool = False) -> str:
    """The text of `recall stats`: heading, figures, then the forecast and reviews-per-day charts.

    Args:
        stats: a `recall.stats.Stats`.
        color: keep the charts' ANSI colours (a terminal).
    """
    from recall.charts import forecast_chart, render, reviews_chart
    from recall.commands.cards import printable
    from recall.stats import describe

    where = "All decks" if stats.deck is None else f"Deck {printable(stats.deck)}"
    lines = [
        f"{where}, {stats.today.isoformat()}",
        *describe(stats),
        "",
        render(forecast_chart(stats), color=color),
        "",
        render(reviews_chart(stats), color=color),
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the statistics (or their JSON); exit 0. An unknown deck raises RecallError (exit 1)."""
    from recall import clock
    from recall.collection import Collection
    from recall.stats import compute, history_start

    now = clock.resolve(None)
    with Collection.open(args.db) as col:
        cards = col.cards(deck=args.deck)
        if args.deck is not None and not cards:
            names = col.deck_names()
            shown = ", ".join(names) if names else "none yet"
            raise RecallError(f"no deck named {args.deck!r} (decks: {shown})")
        reviews = col.review_marks(since=history_start(col.scheduler, now), deck=args.deck)
        stats = compute(cards, reviews, col.scheduler, now, deck=args.deck)
    if args.json:
        print(json.dumps(stats.to_dict(), ensure_ascii=False))
        return 0
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    print(report(stats, color=color))
    return 0
