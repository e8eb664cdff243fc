"""The `recall` command line: argument parsing and dispatch only; the work lives in the API.

Each command's code sits in `recall/commands/<name>.py` and is imported only when that command
runs, so `recall due` never pays for Textual, the extractor or the scheduler.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from recall import __version__
from recall.errors import RecallError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """\
Turn a markdown learning log into spaced-repetition flashcards, review them in the terminal
(FSRS scheduling, Anki's keys), and export Anki decks. With no command, opens the review app."""

EPILOG = """\
examples:
  recall sync ~/notes/learning-log.md   add your log (remembered for later syncs)
  recall                                review what is due
  recall due --count                    the number of cards due today, for a prompt
environment:
  RECALL_HOME   folder of collection.db and recall.toml
  RECALL_NOW    fixed "now" (ISO-8601 with offset), for tests and demos
  RECALL_DEBUG  set to 1 to show tracebacks"""


def _common() -> argparse.ArgumentParser:
    """Options accepted both before and after the command name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="collection file to use (default: $RECALL_HOME/collection.db or the user data dir)",
    )
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show tracebacks on errors (also RECALL_DEBUG=1)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (every command with its `--help`)."""
    common = _common()
    parser = argparse.ArgumentParser(
        prog="recall",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"recall {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_: str, description: str | None = None) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=help_,
            description=description or help_,
            parents=[common],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    p = add(
        "extract",
        "show the cards a log would give (dry run: writes nothing)",
        "Show the cards a markdown log would give. Writes nothing: no collection, no log.",
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="markdown file or folder (searched for *.md)"
    )
    p.add_argument("--json", action="store_true", help="print the cards as a JSON list")
    p.add_argument(
        "--explain",
        action="store_true",
        help="show, per list item, heading and paragraph, the rule that fired or why none did",
    )

    p = add(
        "sync",
        "extract and store cards; keeps review history across edits",
        "Extract cards from the logs and store them in the collection. Remembers the paths; with no "
        "PATH re-syncs every known source. Never writes to the logs.",
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="markdown file or folder (default: known sources)"
    )
    p.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")

    from recall.commands.review import positive_int

    p = add(
        "review",
        "review due cards in the terminal app",
        "Open the review app (Textual): the deck list, or with DECK a session of that deck at once. "
        "Keys: space show answer, 1-4 grade (Again/Hard/Good/Easy), u undo, s suspend, b bury, "
        "e edit the source, o open the source link, ? help, q finish.",
    )
    p.add_argument("deck", nargs="?", metavar="DECK", help="start studying this deck at once")
    p.add_argument(
        "--limit", type=positive_int, metavar="N", help="show at most N cards this session"
    )

    p = add(
        "due",
        "print today's due count (fast: for prompts and status bars)",
        "Print how many cards are due today: review, learning (due within 20 minutes) and new "
        "(within today's new-card limit).",
    )
    form = p.add_mutually_exclusive_group()
    form.add_argument(
        "--json",
        action="store_true",
        help="print counts, next due time and per-deck counts as JSON",
    )
    form.add_argument("--count", action="store_true", help="print the total only")
    p.add_argument("--deck", metavar="DECK", help="count one deck only")

    p = add(
        "export",
        "write an Anki package (.apkg)",
        "Write the collection's cards as an Anki package (genanki). Importing it again into Anki "
        "updates the notes in place. Orphaned cards are left out; suspended cards are tagged "
        "recall::suspended (and arrive suspended when 'Import any learning progress' is on).",
    )
    p.add_argument(
        "--out",
        metavar="FILE.apkg",
        help="output file (default: <deck>.apkg in this folder; recall.apkg for several decks)",
    )
    p.add_argument(
        "--deck",
        metavar="DECK",
        help="export this deck (and its subdecks) only; with subdecks = true, also a deck name "
        "of the package (ML, ML::deep)",
    )

    p = add(
        "cards",
        "list stored cards; suspend, unsuspend or unbury them",
        "List the cards stored in the collection (orphaned ones only with --orphaned). With\n"
        "--suspend, --unsuspend or --unbury, change those cards instead (ids from the listing);\n"
        "--unbury without ids unburies every buried card (of --deck), like Anki's Unbury.",
    )
    p.add_argument("--deck", metavar="DECK", help="cards of this deck only")
    p.add_argument("--due", action="store_true", help="cards due now")
    p.add_argument(
        "--orphaned", action="store_true", help="cards whose text left the log (kept with history)"
    )
    p.add_argument("--suspended", action="store_true", help="suspended cards")
    p.add_argument("--buried", action="store_true", help="cards buried until the next day")
    p.add_argument("--json", action="store_true", help="print the stored fields as JSON")
    change = p.add_mutually_exclusive_group()
    change.add_argument("--suspend", nargs="+", metavar="ID", help="take these cards out of review")
    change.add_argument(
        "--unsuspend", nargs="+", metavar="ID", help="put these suspended cards back in review"
    )
    change.add_argument(
        "--unbury",
        nargs="*",
        metavar="ID",
        help="put these buried cards back in review now (no ID: every buried card)",
    )

    p = add(
        "stats",
        "retention, reviews and forecast",
        "Show retention, review counts and a due forecast.",
    )
    p.add_argument("--deck", metavar="DECK", help="one deck only")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")

    p = add(
        "optimize",
        "fit FSRS parameters to your review history",
        "Fit FSRS parameters to this collection's review log (fsrs-rs-python, in a separate\n"
        "process) and report log loss and RMSE(bins) of the current and the fitted parameters\n"
        "on a held-out fifth of the cards. Saves nothing without --apply. Needs at least 400\n"
        "reviews made a day or more after the card's previous review.",
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--apply",
        action="store_true",
        help="store the fitted parameters when they fit better (the old ones are kept)",
    )
    group.add_argument(
        "--revert",
        action="store_true",
        help="restore the parameters in use before the last --apply",
    )
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser


def _debugging(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "debug", False)) or os.environ.get("RECALL_DEBUG", "") not in (
        "",
        "0",
    )


def _run(args: argparse.Namespace) -> int:
    command = args.command or "review"
    if args.command is None:
        args.deck, args.limit = None, None
    if not hasattr(args, "db"):
        args.db = None
    from importlib import import_module

    module = import_module(f"recall.commands.{command}")
    return module.run(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `recall` console script; returns the exit code (0 ok, 1 failure, 2 usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except RecallError as exc:
        if _debugging(args):
            raise
        print(f"recall: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("recall: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `recall cards | head`): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug: one line for the user, the traceback with --debug
        if _debugging(args):
            raise
        print(
            f"recall: internal error: {type(exc).__name__}: {exc} "
            "(run again with --debug for the traceback, and please report it)",
            file=sys.stderr,
        )
        return EXIT_FAILURE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
