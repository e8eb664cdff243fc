"""Finding the log files behind the paths a user gives, and reading them as UTF-8 text."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from recall.errors import SourceError
from recall.extract.safe import path_text, visible

SNIFF_BYTES = 8192
MAX_FILE_BYTES = 50_000_000  # a log this big takes about 750 MB to extract; bigger is refused
# Folders never searched for notes (besides hidden ones, whose name starts with "."): other
# people's packages, caches and build output, which hold README.md files by the thousand.
SKIPPED_FOLDERS = frozenset(
    {
        "node_modules",
        "bower_components",
        "jspm_packages",
        "__pycache__",
        "__pypackages__",
        "site-packages",
        "dist-packages",
        "venv",
    }
)
# A folder holding one of these files is a Python virtual environment or a cache (the
# CACHEDIR.TAG convention: Rust's target/, pytest's cache...), whatever its name.
SKIPPED_MARKERS = ("pyvenv.cfg", "CACHEDIR.TAG")


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


def skipped_folder(name: str) -> bool:
    """Whether a folder of this name is never searched (hidden, or a vendor/cache folder)."""
    return name.startswith(".") or name in SKIPPED_FOLDERS


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _walk_markdown(folder: Path, warn: Callable[[str], None]) -> list[Path]:
    """Every regular ``*.md`` file under `folder`, sorted by relative path.

    Hidden and vendor/cache folders (see `skipped_folder`, `SKIPPED_MARKERS`) are not searched;
    a ``*.md`` that is not a regular file (named pipe, device, socket, broken link) is skipped
    with a warning, since reading it could block forever or never end.
    """
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        if dirpath != os.fspath(folder) and any(m in filenames for m in SKIPPED_MARKERS):
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames if not skipped_folder(d))
        for name in sorted(filenames):
            if not name.lower().endswith(".md") or name.startswith("."):
                continue
            full = Path(dirpath) / name
            try:
                mode = full.stat().st_mode
            except OSError:
                warn(f"{path_text(full.relative_to(folder).as_posix())}: a broken link; skipped")
                continue
            if stat.S_ISREG(mode):
                found.append(full)
            elif not stat.S_ISDIR(mode):
                rel = path_text(full.relative_to(folder).as_posix())
                warn(f"{rel}: {_kind(mode)}, not a file; skipped")
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def discover(
    paths: list[str | os.PathLike], *, warn: Callable[[str], None] | None = None
) -> list[SourceFile]:
    """The files behind `paths`: files as given, folders searched recursively for ``*.md``.

    Each file appears once (the first time it is met), in the order given; a folder's files
    are sorted by their relative path. A file given by name is kept whatever it is
    (`read_source` refuses what is not a regular file); inside a folder, what is not a regular
    file is left out and `warn` is called with a one-line message.

    Raises:
        SourceError: a path does not exist (the message names it, terminal-safe).
    """
    files: list[SourceFile] = []
    seen: set[Path] = set()
    for raw in paths:
        given = Path(raw)
        if not given.exists():
            raise SourceError(f"{visible(path_text(raw))}: no such file or folder")
        if given.is_dir():
            root = given.resolve()
            for full in _walk_markdown(root, warn or (lambda _message: None)):
                rel = path_text(full.relative_to(root).as_posix())
                resolved = full.resolve()
                if resolved not in seen:
                    seen.add(resolved)
                    files.append(SourceFile(resolved, rel, rel, root))
        else:
            resolved = given.resolve()
            if resolved not in seen:
                seen.add(resolved)
                display = path_text(raw).replace(os.sep, "/")
                files.append(SourceFile(resolved, display, path_text(given.name), resolved.parent))
    return files


def read_source(source: SourceFile) -> str:
    """The file's text: UTF-8 with a BOM stripped, CRLF and CR turned into LF.

    Only a regular file is opened (a named pipe or a device could block or never end), and
    one of at most `MAX_FILE_BYTES`.

    Raises:
        SourceError: unreadable, not a regular file, too big, binary (holds NUL bytes) or not
            UTF-8; the one-line message names the file (terminal-safe).
    """
    name = visible(source.display)
    try:
        mode = os.stat(source.path).st_mode
        if not stat.S_ISREG(mode):
            raise SourceError(f"{name}: {_kind(mode)}, not a file; skipped")
        # O_NONBLOCK: should the file be swapped for a named pipe now, opening cannot hang
        fd = os.open(source.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise SourceError(f"{name}: {_kind(st.st_mode)}, not a file; skipped")
            if st.st_size > MAX_FILE_BYTES:
                raise SourceError(_too_big(name, st.st_size))
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise SourceError(f"{name}: cannot read the file ({reason})") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise SourceError(_too_big(name, len(data)))
    if b"\x00" in data[:SNIFF_BYTES]:
        raise SourceError(f"{name}: binary file, not markdown text; skipped")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); skipped"
        ) from None
    if "\x00" in text:
        raise SourceError(f"{name}: binary file, not markdown text; skipped")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _too_big(name: str, size: int) -> str:
    return (
        f"{name}: {size / 1e6:.1f} MB is too big for one log (recall reads files up to "
        f"{MAX_FILE_BYTES / 1e6:g} MB: split it into several files); skipped"
    )
