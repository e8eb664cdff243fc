"""`extract_paths`: files and folders in, cards out (with warnings, errors and explanations)."""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from recall.errors import SourceError
from recall.extract.card import ExtractedCard, card_id
from recall.extract.explain import Explanation
from recall.extract.files import SourceFile, discover, read_source
from recall.extract.links import follow, missing_warnings
from recall.extract.safe import path_text, visible
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


@dataclass
class FileDone:
    """One file's outcome in `stream_paths`: its cards and warnings, or why it was not read.

    Attributes:
        source: the file.
        cards: its cards, in file order (empty when `error` is set).
        warnings: one-line, terminal-safe messages (repeated cards, deep nesting, links to
            missing files).
        error: the one-line, terminal-safe reason the file could not be read, else None.
    """

    source: SourceFile
    cards: list[ExtractedCard]
    warnings: list[str]
    error: str | None = None


def extract_paths(
    paths: list[str | os.PathLike] | tuple[str | os.PathLike, ...] | str | os.PathLike,
    *,
    explain: bool = False,
) -> Extraction:
    """Extract the cards of markdown files and folders (folders: every ``*.md`` inside).

    Links to other ``.md`` files under the same root are followed; a missing target is a
    warning. Nothing is written anywhere. Every message is one line and terminal-safe.

    Raises:
        SourceError: a path does not exist (the message names it).
    """
    result = Extraction()
    for event in stream_paths(paths, explain=explain):
        if isinstance(event, Explanation):
            result.explanations.append(event)
        elif isinstance(event, str):
            result.warnings.append(event)
        else:
            result.files.append(event.source)
            result.cards.extend(event.cards)
            result.warnings.extend(event.warnings)
            if event.error is not None:
                result.errors.append(event.error)
    return result


def stream_paths(
    paths: list[str | os.PathLike] | tuple[str | os.PathLike, ...] | str | os.PathLike,
    *,
    explain: bool = False,
) -> Iterator[Explanation | FileDone | str]:
    """`extract_paths`, handed out as it goes, so a reader can show results early.

    Yields, in order: a ``str`` for each warning about the paths themselves (a ``*.md`` in a
    folder that is not a regular file); then for each file its `Explanation` records as soon
    as they are final (``explain=True``; a big file's come chunk by chunk) and a `FileDone`
    once the file is walked (its cards need the whole file: the deck and the ids depend on
    its single H1). Only one file's cards are held at a time.

    Raises:
        SourceError: a path does not exist, at once (before anything is yielded).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    notes: list[str] = []
    sources = discover(list(paths), warn=notes.append)
    return _stream(sources, [visible(n) for n in notes], explain)


def _stream(
    sources: list[SourceFile], notes: list[str], explain: bool
) -> Iterator[Explanation | FileDone | str]:
    yield from notes
    queue = deque(sources)
    seen = {sf.path for sf in queue}
    while queue:
        source = queue.popleft()
        try:
            text = read_source(source)
        except SourceError as exc:
            yield FileDone(source, [], [], visible(str(exc)))
            continue
        one: FileResult | None = None
        for event in stream_text(text, source, explain=explain):
            if isinstance(event, Explanation):
                yield event
            else:
                one = event
        del text
        assert one is not None
        followed = []
        found, missing = follow(one.links, source.path, source.root)
        for linked in found:
            if linked in seen:
                continue
            seen.add(linked)
            rel = path_text(linked.relative_to(source.root).as_posix())
            followed.append(SourceFile(linked, rel, rel, source.root))
        warnings = one.warnings + [visible(w) for w in missing_warnings(source.display, missing)]
        yield FileDone(source, one.cards, warnings)
        queue.extendleft(reversed(followed))


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
    explanations: list[Explanation] = []
    result: FileResult | None = None
    for event in stream_text(text, source, explain=explain, chunk_chars=chunk_chars):
        if isinstance(event, Explanation):
            explanations.append(event)
        else:
            result = event
    assert result is not None
    result.explanations = explanations
    return result


def stream_text(
    text: str,
    source: SourceFile | str = "log.md",
    *,
    explain: bool = False,
    chunk_chars: int | None = None,
) -> Iterator[Explanation | FileResult]:
    """`extract_text` handed out as it goes: each `Explanation` as soon as it is final, then
    the `FileResult` (its ``explanations`` empty: they were yielded)."""
    from recall.extract.parser import CHUNK_CHARS
    from recall.extract.walker import FileWalker

    if isinstance(source, str):
        source = SourceFile(Path(source).resolve(), source, Path(source).name, Path.cwd())
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    walker = FileWalker(source, text, explain=explain, chunk_chars=chunk_chars or CHUNK_CHARS)
    collecting = gc.isenabled()
    gc.disable()  # the walk makes no reference cycles: skip the cyclic collector's passes
    try:
        if not explain:
            walker.run()
        else:
            # A record stays one block before it is handed out: the next block may still
            # take it back (a paragraph explained as prose turns out to announce the list).
            held: list[Explanation] = []
            for _ in walker.steps():
                kept = {id(e) for e in held}
                final = [e for e in walker.explanations if id(e) in kept]
                held = [e for e in walker.explanations if id(e) not in kept]
                walker.explanations = list(held)
                if final:
                    if collecting:
                        gc.enable()
                    yield from final
                    gc.disable()
            yield from walker.explanations
            walker.explanations = []
    finally:
        if collecting:
            gc.enable()
    yield _file_result(walker, source)


def _file_result(walker, source: SourceFile) -> FileResult:
    """The walked file's cards: its deck and ids settled, repeated (context, question) warned."""
    from recall.extract.walker import stem_deck

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
                visible(
                    f"{source.display}:{d.line}: same context and question as line "
                    f"{first_line}; kept as a separate card"
                )
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
    return FileResult(cards, warnings, [], walker.links)
