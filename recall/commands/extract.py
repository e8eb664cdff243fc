"""`recall extract PATH... [--json] [--explain]`: show the cards a log would give (writes nothing)."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

from recall.extract import Explanation, ExtractedCard, FileDone, stream_paths
from recall.extract.safe import visible

__all__ = ["explanation_line", "run", "table_rows", "visible"]


def _one_line(text: str) -> str:
    return " ".join(visible(text).split())


def _fit(text: str, width: int, *, left: bool = False) -> str:
    """`text` cut to `width` terminal cells with "…" (from the left: keep the end), padded.

    Widths are display cells, so CJK characters and emoji (two cells each) keep columns aligned.
    """
    if text.isascii():  # one cell per character (control characters were escaped)
        if len(text) <= width:
            return text + " " * (width - len(text))
        if width <= 1:
            return text[:width]
        return "…" + text[len(text) - width + 1 :] if left else text[: width - 1] + "…"
    from rich.cells import cell_len, get_character_cell_size, set_cell_size

    size = cell_len(text)
    if size <= width:
        return text + " " * (width - size)
    if width <= 1:
        return set_cell_size(text, width)
    if not left:
        return set_cell_size(text, width - 1) + "…"
    start, room = len(text), width - 1  # keep the end: whole characters that fit
    while start > 0 and get_character_cell_size(text[start - 1]) <= room:
        room -= get_character_cell_size(text[start - 1])
        start -= 1
    return "…" + text[start:] + " " * room


def _widths(width: int) -> tuple[int, int, int, int]:
    width = max(width, 60)
    line_w = 5
    ctx_w = max(14, (width - line_w) * 3 // 10)
    q_w = max(16, (width - line_w) * 3 // 10)
    a_w = max(10, width - line_w - ctx_w - q_w - 6)
    return line_w, ctx_w, q_w, a_w


def table_rows(path: str, cards: list[ExtractedCard], width: int) -> Iterator[str]:
    """One file's cards as table lines: a header naming the file and deck, then one row per card
    (line / context / question / answer), each cut to fit `width` terminal cells."""
    line_w, ctx_w, q_w, a_w = _widths(width)
    decks = sorted({c.deck for c in cards})
    noun = "card" if len(cards) == 1 else "cards"
    yield f"{_one_line(path)} - deck {_one_line(', '.join(decks))}: {len(cards)} {noun}"
    yield f"{'line':>{line_w}}  {'context':<{ctx_w}}  {'question':<{q_w}}  answer"
    for c in cards:
        # the nearest headings matter most: a long context is cut from the left
        ctx = _fit(_one_line(" > ".join(c.context)), ctx_w, left=True)
        question = _fit(_one_line(c.question), q_w)
        answer = _fit(_one_line(c.answer), a_w).rstrip()
        yield f"{c.source.line:>{line_w}}  {ctx}  {question}  {answer}"


def explanation_line(e: Explanation) -> str:
    """``+ path:line  outcome  | text`` (``+`` made a card, ``-`` did not)."""
    mark = "+" if e.card else "-"
    return f"{mark} {visible(e.path)}:{e.line}  {_one_line(e.outcome)}  | {_one_line(e.text)}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class _JsonList:
    """Cards written as one JSON list as they come (the same text as ``json.dump(indent=2)``)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.started = False

    def write(self, cards: Iterable[ExtractedCard]) -> None:
        for card in cards:
            text = json.dumps(card.to_json(), ensure_ascii=False, indent=2)
            self.out.write((",\n  " if self.started else "[\n  ") + text.replace("\n", "\n  "))
            self.started = True

    def close(self) -> None:
        self.out.write("\n]\n" if self.started else "[]\n")


def run(args: argparse.Namespace) -> int:
    """Print the cards (table, or JSON with --json) file by file as each is extracted, and with
    --explain each record as soon as it is final; warnings and errors go to stderr.

    Returns 0, or 1 when a file could not be read (the others are still shown).
    Raises SourceError (exit 1) when a PATH does not exist, before anything is printed.
    """
    out, err = sys.stdout, sys.stderr
    events = stream_paths(args.paths, explain=args.explain)
    width = shutil.get_terminal_size((100, 24)).columns
    json_list = _JsonList(out) if args.json else None
    explain_to = err if args.json else out
    cards = files = 0
    failed = False
    for event in events:
        if isinstance(event, Explanation):
            print(explanation_line(event), file=explain_to)
        elif isinstance(event, str):
            print(f"recall: warning: {event}", file=err)
        else:
            files += 1
            cards += len(event.cards)
            if json_list is not None:
                json_list.write(event.cards)
            elif not args.explain and event.cards:
                for row in table_rows(event.source.display, event.cards, width):
                    out.write(row + "\n")
                out.write("\n")
            _report(event, err)
            failed = failed or event.error is not None
    if json_list is not None:
        json_list.close()
    elif args.explain:
        print(f"\n{_plural(cards, 'card')}; + made a card, - did not", file=out)
    else:
        print(
            f"{_plural(cards, 'card')} from {_plural(files, 'file')} "
            "(dry run: nothing was written)",
            file=out,
        )
    return 1 if failed else 0


def _report(done: FileDone, err: TextIO) -> None:
    """A file's warnings and error on stderr (already one line each and terminal-safe)."""
    for w in done.warnings:
        print(f"recall: warning: {visible(w)}", file=err)
    if done.error is not None:
        print(f"recall: error: {visible(done.error)}", file=err)
