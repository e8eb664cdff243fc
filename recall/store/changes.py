"""Has a known source changed on disk? Size and mtime first, the content hash only when they differ.

Standard library only: `recall due` asks this before counting, and imports the extractor only
when the answer is yes. A folder source also remembers the mtime of each of its folders and a
digest of its list of markdown files, so a new or removed file is noticed without reading any.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from recall import __version__

MARKDOWN_SUFFIXES = (".md",)


def digest(path: str | os.PathLike) -> str:
    """BLAKE2b (32 hex digits) of a file's bytes. Raises OSError when it cannot be read."""
    import hashlib  # only when a file's size or mtime changed (keeps `recall due` lean)

    hasher = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            hasher.update(chunk)
    return hasher.hexdigest()


def signature(path: str | os.PathLike) -> tuple[int, int] | None:
    """(size in bytes, mtime in ns) of a file, or None when it is gone or unreadable."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def walk(root: Path) -> tuple[list[Path], dict[str, int]]:
    """Every markdown file under `root` (sorted) and the mtime (ns) of every folder walked.

    Hidden folders and files (a name starting with ".") are skipped, as the extractor does.
    """
    files: list[Path] = []
    folders: dict[str, int] = {}
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        try:
            folders[os.path.relpath(folder, root)] = os.stat(folder).st_mtime_ns
        except OSError:
            continue
        files.extend(
            Path(folder, name)
            for name in names
            if not name.startswith(".") and name.lower().endswith(MARKDOWN_SUFFIXES)
        )
    files.sort()
    return files, folders


def listing_digest(root: Path, files: list[Path]) -> str:
    """A digest of the markdown files' paths relative to `root` (not their contents)."""
    import hashlib

    text = "\n".join(sorted(p.relative_to(root).as_posix() for p in files))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class KnownFile:
    """A file as recorded at its source's last sync: path, size, mtime (ns), content hash."""

    __slots__ = ("hash", "mtime_ns", "path", "size")

    def __init__(self, path: str, size: int, mtime_ns: int, hash: str) -> None:
        self.path, self.size, self.mtime_ns, self.hash = path, size, mtime_ns, hash

    def changed(self) -> bool:
        """True when the file is gone or its content differs (same size and mtime: unchanged)."""
        now = signature(self.path)
        if now is None:
            return True
        if now == (self.size, self.mtime_ns):
            return False
        try:
            return digest(self.path) != self.hash
        except OSError:
            return True


class KnownSource:
    """A source as recorded at its last sync (plain class: `recall due` skips dataclasses)."""

    def __init__(
        self,
        id: int,
        path: str,
        given: str,
        kind: str,
        sample: bool,
        listing: str | None,
        folders: dict[str, int],
        extracted_by: str | None = None,
    ) -> None:
        self.id, self.path, self.given, self.kind = id, path, given, kind
        self.sample, self.listing, self.folders = sample, listing, folders
        self.extracted_by = extracted_by
        self.files: list[KnownFile] = []

    @property
    def outdated(self) -> bool:
        """Whether another recall version last extracted it (this one may read it differently:
        a re-sync is due even when no file changed)."""
        return self.extracted_by != __version__

    def exists(self) -> bool:
        path = Path(self.path)
        return path.is_dir() if self.kind == "folder" else path.is_file()

    def changed(self) -> bool:
        """True when a file changed or vanished, (folder) the list of markdown files changed, or
        the source was last extracted by another recall version (its rules may differ)."""
        if self.outdated:
            return True
        if any(known.changed() for known in self.files):
            return True
        if self.kind != "folder":
            return False
        root = Path(self.path)
        for relative, mtime_ns in self.folders.items():
            try:
                if os.stat(root / relative).st_mtime_ns != mtime_ns:
                    break
            except OSError:
                break
        else:
            return False
        files, _ = walk(root)
        return listing_digest(root, files) != self.listing


def _folders(text: str | None) -> dict[str, int]:
    if not text:
        return {}
    import json  # only folder sources store JSON: kept off the common `recall due` path

    return json.loads(text)


def known_sources(conn: sqlite3.Connection, *, retired: bool = False) -> list[KnownSource]:
    """The sources recorded in the collection (not retired ones unless asked), in the order added."""
    sql = "SELECT id, path, given, kind, sample, listing, folders, extracted_by FROM sources"
    if not retired:
        sql += " WHERE retired = 0"
    sources = {
        row[0]: KnownSource(
            id=row[0],
            path=row[1],
            given=row[2],
            kind=row[3],
            sample=bool(row[4]),
            listing=row[5],
            folders=_folders(row[6]),
            extracted_by=row[7],
        )
        for row in conn.execute(sql + " ORDER BY id")
    }
    for source_id, path, size, mtime_ns, content in conn.execute(
        "SELECT source_id, path, size, mtime_ns, hash FROM source_files ORDER BY source_id, seq"
    ):
        if source_id in sources:
            sources[source_id].files.append(KnownFile(path, size, mtime_ns, content))
    return list(sources.values())


def changed_sources(conn: sqlite3.Connection) -> list[KnownSource]:
    """The known sources that still exist and changed on disk since their last sync."""
    return [s for s in known_sources(conn) if s.exists() and s.changed()]
