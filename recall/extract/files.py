"""Finding the log files behind the paths a user gives, and reading them as UTF-8 text."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from recall.errors import SourceError

SNIFF_BYTES = 8192


@dataclass(frozen=True)
class SourceFile:
    """One log file to extract.

    Attributes:
        path: absolute path.
        display: the file as the user gave it, or its path relative to the folder given
            (``/`` separators); this is ``source.path`` of its cards.
        id_path: the path used in card ids: the file name when a file was given, the
            folder-relative path inside a folder. Never absolute, never depends on the cwd.
        root: the folder given, or the folder of the file given (links are followed under it).
    """

    path: Path
    display: str
    id_path: str
    root: Path


def _walk_markdown(folder: Path) -> list[Path]:
    """Every ``*.md`` file under `folder`, sorted by relative path; hidden folders skipped."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.lower().endswith(".md") and not name.startswith("."):
                full = Path(dirpath) / name
                if full.is_file():
                    found.append(full)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def discover(paths: list[str | os.PathLike]) -> list[SourceFile]:
    """The files behind `paths`: files as given, folders searched recursively for ``*.md``.

    Each file appears once (the first time it is met), in the order given; a folder's files
    are sorted by their relative path.

    Raises:
        SourceError: a path does not exist.
    """
    files: list[SourceFile] = []
    seen: set[Path] = set()
    for raw in paths:
        given = Path(raw)
        if not given.exists():
            raise SourceError(f"{os.fspath(raw)}: no such file or folder")
        if given.is_dir():
            root = given.resolve()
            for full in _walk_markdown(root):
                rel = full.relative_to(root).as_posix()
                resolved = full.resolve()
                if resolved not in seen:
                    seen.add(resolved)
                    files.append(SourceFile(resolved, rel, rel, root))
        else:
            resolved = given.resolve()
            if resolved not in seen:
                seen.add(resolved)
                display = os.fspath(raw).replace(os.sep, "/")
                files.append(SourceFile(resolved, display, given.name, resolved.parent))
    return files


def read_source(source: SourceFile) -> str:
    """The file's text: UTF-8 with a BOM stripped, CRLF and CR turned into LF.

    Raises:
        SourceError: unreadable, binary (holds NUL bytes) or not UTF-8; the one-line message
            names the file.
    """
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise SourceError(f"{source.display}: cannot read the file ({reason})") from None
    if b"\x00" in data[:SNIFF_BYTES]:
        raise SourceError(f"{source.display}: binary file, not markdown text; skipped")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{source.display}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); skipped"
        ) from None
    if "\x00" in text:
        raise SourceError(f"{source.display}: binary file, not markdown text; skipped")
    return text.replace("\r\n", "\n").replace("\r", "\n")
