"""`recall extract PATH... [--json] [--explain]`: show the cards a log would give (writes nothing)."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import unicodedata

from recall.extract import Extraction, extract_paths

_CONTROL_OK = {"\n", "\t"}


def visible(text: str) -> str:
    """`text` safe for a terminal: control characters (ESC, CR, BEL, C1 ...) shown as ``\\xNN``."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if (
            ch in _CONTROL_OK
            or unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp")
            or (unicodedata.category(ch) == "Cf" and ch in "\u200d\u200c")
        ):
            out.append(ch)
        else:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
    return "".join(out)


def _one_line(text: str) -> str:
    return " ".join(visible(text).split())


def _cut(text: str, width: int) -> str:
    if width <= 1:
        return text[:width]
    return text if len(text) <= width else text[: width - 1] + "…"


def table(ex: Extraction, width: int) -> str:
    """Cards as a readable table: one row per card, grouped by file (context / question / answer)."""
    out: list[str] = []
    by_file: dict[str, list] = {}
    for card in ex.cards:
        by_file.setdefault(card.source.path, []).append(card)
    width = max(width, 60)
    line_w = 5
    ctx_w = max(14, (width - line_w) * 3 // 10)
    q_w = max(16, (width - line_w) * 3 // 10)
    a_w = max(10, width - line_w - ctx_w - q_w - 6)
    for path, cards in by_file.items():
        decks = sorted({c.deck for c in cards})
        noun = "card" if len(cards) == 1 else "cards"
        out.append(f"{_one_line(path)} - deck {_one_line(', '.join(decks))}: {len(cards)} {noun}")
        out.append(f"{'line':>{line_w}}  {'context':<{ctx_w}}  {'question':<{q_w}}  answer")
        for c in cards:
            ctx = _one_line(" > ".join(c.context))
            if len(ctx) > ctx_w:  # the nearest headings matter most: cut from the left
                ctx = "…" + ctx[len(ctx) - ctx_w + 1 :]
            out.append(
                f"{c.source.line:>{line_w}}  {ctx:<{ctx_w}}  "
                f"{_cut(_one_line(c.question), q_w):<{q_w}}  {_cut(_one_line(c.answer), a_w)}"
            )
        out.append("")
    total = len(ex.cards)
    files = len(ex.files)
    out.append(
        f"{total} {'card' if total == 1 else 'cards'} from {files} "
        f"{'file' if files == 1 else 'files'} (dry run: nothing was written)"
    )
    return "\n".join(out)


def explanation_lines(ex: Extraction) -> str:
    """One line per list item / question: ``path:line  outcome  | text``."""
    rows = []
    for e in ex.explanations:
        mark = "+" if e.card else "-"
        rows.append(
            f"{mark} {visible(e.path)}:{e.line}  {_one_line(e.outcome)}  | {_one_line(e.text)}"
        )
    return "\n".join(rows)


def run(args: argparse.Namespace) -> int:
    """Print the cards (table, or JSON with --json); warnings and errors go to stderr.

    Returns 0, or 1 when a file could not be read (the others are still shown).
    Raises SourceError (exit 1) when a PATH does not exist.
    """
    ex = extract_paths(args.paths, explain=args.explain)
    if args.json:
        json.dump([c.to_json() for c in ex.cards], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        if args.explain:
            print(explanation_lines(ex), file=sys.stderr)
    elif args.explain:
        print(explanation_lines(ex))
        print(f"\n{len(ex.cards)} cards; + made a card, - did not")
    else:
        print(table(ex, shutil.get_terminal_size((100, 24)).columns))
    for w in ex.warnings:
        print(f"recall: warning: {visible(w)}", file=sys.stderr)
    for e in ex.errors:
        print(f"recall: error: {visible(e)}", file=sys.stderr)
    return 1 if ex.errors else 0
