"""`recall due`: today's due count as text, a bare number (`--count`) or JSON (SPEC §6).

stdout holds the count only. On stderr, in every form: the first-run notice and a skipped
re-sync (the counts are the stored ones). In the text form only (a prompt runs `--count` over
and over): the sample deck reminder, known logs that no longer exist, and files the re-sync
could not read.
"""

from __future__ import annotations

import argparse
import sys

from recall import days
from recall.due import SAMPLE_IN_USE, due_report


def _counts(c) -> dict:
    return {"due": c.due, "review": c.review, "learning": c.learning, "new": c.new}


def run(args: argparse.Namespace) -> int:
    """Print the count; exit 0. Errors (unknown deck, unusable collection) raise RecallError."""
    report = due_report(
        args.db,
        deck=args.deck,
        with_decks=args.json,
        with_next_due=args.json,
    )
    total = report.total
    text = not (args.count or args.json)
    if report.notice:
        print(report.notice, file=sys.stderr)
    elif report.sample and text:
        print(SAMPLE_IN_USE, file=sys.stderr)
    for line in report.skipped + (report.problems if text else []):
        print(line, file=sys.stderr)
    if args.count:
        print(total.due)
    elif args.json:
        import json

        data = _counts(total)
        data["next_due"] = (
            days.to_local(report.next_due).isoformat(timespec="seconds")
            if report.next_due is not None
            else None
        )
        data["decks"] = {name: _counts(c) for name, c in report.decks.items()}
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(
            f"{total.due} due today: {total.review} review, {total.learning} learning, "
            f"{total.new} new"
        )
    return 0
