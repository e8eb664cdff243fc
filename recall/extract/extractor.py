"""`extract_paths`: files and folders in, cards out (with warnings, errors and explanations)."""

from __future__ import annotations

import gc
import os
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from recall.errors import SourceError
from recall.extract.card import ExtractedCard, card_id
from recall.extract.explain import Explanation
from recall.extract.files import SourceFile, discover, read_source
from recall.extract.links import follow, missing_warnings
from recall.model import SourceRef


@dataclass
class Extraction:
    """What a dry run found.

    Attributes:
        cards: cards in file order; files in the order given (a folder's files sorted), each
            followed by the files it links to that were not read yet.
        files: every file read (or tried), including followed links.
        warnings: one-line messages (missing link targets, repeated cards, deep nesting).
        errors: one-line messages naming a file that could not be read (non-UTF-8, binary,
            unreadable); the other files are still extracted.
        explanations: with ``explain=True``, one entry per list item, heading, paragraph and
            code block (the rule that made a card, or why none was made).
    """

    cards: list[ExtractedCard] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    explanations: list[Explanation] = field(default_factory=list)


def extract_paths(
    paths: list[str | os.PathLike] | tuple[str | os.PathLike, ...] | str | os.PathLike,
    *,
    explain: bool = False,
) -> Extraction:
    """Extract the cards of markdown files and folders (folders: every ``*.md`` inside).

    Links to other ``.md`` files under the same root are followed; a missing target is a
    warning. Nothing is written anywhere.

    Raises:
        SourceError: a path does not exist (the message names it).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    queue = deque(discover(list(paths)))
    seen = {sf.path for sf in queue}
    result = Extraction()
    while queue:
        source = queue.popleft()
        result.files.append(source)
        try:
            text = read_source(source)
        except SourceError as exc:
            result.errors.append(str(exc))
            continue
        one = extract_text(text, source, explain=explain)
        result.cards.extend(one.cards)
        result.warnings.extend(one.warnings)
        result.explanations.extend(one.explanations)
        followed = []
        found, missing = follow(one.links, source.path, source.root)
        for linked in found:
            if linked in seen:
                continue
            seen.add(linked)
            rel = linked.relative_to(source.root).as_posix()
            followed.append(SourceFile(linked, rel, rel, source.root))
        result.warnings.extend(missing_warnings(source.display, missing))
        queue.extendleft(reversed(followed))
    return result


@dataclass
class FileResult:
    """One file's cards, warnings, explanations and the local ``.md`` links it holds."""

    cards: list[ExtractedCard]
    warnings: list[str]
    explanations: list[Explanation]
    links: list[str]


def extract_text(
    text: str,
    source: SourceFile | str = "log.md",
    *,
    explain: bool = False,
    chunk_chars: int | None = None,
) -> FileResult:
    """Cards of one file's text (already decoded); `source` may be just a file name.

    Args:
        text: markdown; a BOM and CRLF/CR line endings are handled here too.
        source: the SourceFile, or a name used for display, ids and the deck.
        explain: also record why each item did or did not make a card.
        chunk_chars: parse in chunks of about this many characters (default: the parser's).
    """
    from recall.extract.parser import CHUNK_CHARS
    from recall.extract.walker import FileWalker, stem_deck

    if isinstance(source, str):
        source = SourceFile(Path(source).resolve(), source, Path(source).name, Path.cwd())
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    walker = FileWalker(source, text, explain=explain, chunk_chars=chunk_chars or CHUNK_CHARS)
    collecting = gc.isenabled()
    gc.disable()  # the walk makes no reference cycles: skip the cyclic collector's passes
    try:
        walker.run()
    finally:
        if collecting:
            gc.enable()
    single_h1 = len(walker.h1) == 1
    deck = walker.h1[0] if single_h1 and walker.h1[0] else stem_deck(source.path)
    cards: list[ExtractedCard] = []
    seen: dict[tuple, tuple[int, int]] = {}
    warnings = list(walker.warnings)
    for position, d in enumerate(walker.drafts):
        context = d.context[1:] if single_h1 and d.h1 else d.context
        key = (context, " ".join(d.question.split()))
        count, first_line = seen.get(key, (0, d.line))
        seen[key] = (count + 1, first_line)
        if count:
            warnings.append(
                f"{source.display}:{d.line}: same context and question as line {first_line}; "
                "kept as a separate card"
            )
        cards.append(
            ExtractedCard(
                id=card_id(source.id_path, context, d.question, count + 1),
                deck=deck,
                context=context,
                question=d.question,
                answer=d.answer,
                kind=d.kind,
                tags=tuple(d.tags),
                source=SourceRef(source.display, d.line, d.end_line, d.url),
                file=str(source.path),
                position=position,
            )
        )
    return FileResult(cards, warnings, walker.explanations, walker.links)
