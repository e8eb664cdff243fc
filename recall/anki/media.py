"""Images referenced by a log, packed for Anki under flat content-hash names.

Anki's media folder is flat, so `QA_SQL/image.png` and `other/image.png` cannot both be called
`image.png`: each file is packed as `recall-<first 16 hex digits of its SHA-256><extension>`, and
the same picture used twice is packed once. A path that leaves the log's folder (`../`, an
absolute path, a symlink pointing out) is refused without being read; a missing file is left out.
Remote URLs (`https:`, `data:` ...) are left as they are.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_EXTENSION = re.compile(r"^\.[A-Za-z0-9]{1,8}$")
_CHUNK = 1 << 20


def _is_remote(src: str) -> bool:
    return src.startswith("//") or bool(_SCHEME.match(src))


def _content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class MediaPacker:
    """Collects the images of the exported cards: packed name → file on disk.

    Attributes:
        files: packed name (flat, unique) → absolute path of the image, in first-use order.
        warnings: one line per image left out (missing, outside the log's folder, unreadable),
            each reported once.
    """

    def __init__(self) -> None:
        self.files: dict[str, Path] = {}
        self.warnings: list[str] = []
        self._resolved: dict[tuple[Path, str], str | None] = {}

    def resolve(self, src: str, log_file: str | None, where: str) -> str | None:
        """The `src` to write in the field for an image written as `src` in `log_file`.

        Args:
            src: the image path as written in the log (URL-encoded by the markdown parser).
            log_file: absolute path of the log holding the card, or None when unknown.
            where: "file:line" of the card, for warnings.

        Returns:
            The packed name, `src` itself for a remote URL, or None when the image is left out
            (a warning is recorded).
        """
        if _is_remote(src):
            return src
        folder = Path(log_file).parent if log_file else None
        key = (folder or Path(), src)
        if key in self._resolved:
            return self._resolved[key]
        name = self._pack(src, folder, where)
        self._resolved[key] = name
        return name

    def _pack(self, src: str, folder: Path | None, where: str) -> str | None:
        written = unquote(src.split("#", 1)[0].split("?", 1)[0])
        if folder is None:
            return self._skip(where, written, "cannot be found (the card has no log file)")
        if not written or written.startswith(("/", "\\")) or Path(written).is_absolute():
            return self._skip(where, written, "is an absolute path, outside the log's folder")
        try:
            root = folder.resolve(strict=True)
            target = (folder / written).resolve(strict=False)
        except (OSError, RuntimeError):
            return self._skip(where, written, "cannot be resolved")
        if not target.is_relative_to(root):
            return self._skip(where, written, "is outside the log's folder")
        try:
            if not target.is_file():
                return self._skip(where, written, "not found")
            digest = _content_hash(target)
        except OSError as exc:
            return self._skip(where, written, f"cannot be read ({exc.strerror or exc})")
        suffix = target.suffix.lower()
        name = f"recall-{digest[:16]}{suffix if _EXTENSION.match(suffix) else ''}"
        self.files.setdefault(name, target)
        return name

    def _skip(self, where: str, written: str, why: str) -> None:
        self.warnings.append(f"{where}: image {written!r} {why}; left out")
        return None
