"""Links from one log file to other markdown files of the same log (followed when they exist)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from markdown_it.token import Token

MAX_MISSING_SHOWN = 3


def markdown_links(tokens: list[Token]) -> list[str]:
    """Targets of inline links that point at a local ``.md`` file (tag links ``[#x](y.md)`` excluded)."""
    out: list[str] = []
    for i, t in enumerate(tokens):
        if t.type != "link_open" or t.markup == "autolink":
            continue
        href = str(t.attrGet("href") or "")
        target = href.split("#", 1)[0].split("?", 1)[0]
        if not target.lower().endswith(".md") or "://" in target or target.startswith("mailto:"):
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.type == "text" and nxt.content.startswith("#"):
            continue
        out.append(target)
    return out


def resolve(target: str, file: Path, root: Path) -> Path | None:
    """The linked path if it lies under `root` (absolute links and ``..`` escapes refused), else None.

    The path may not exist (the caller warns); an existing one is checked again with symlinks
    resolved, so a link never leads outside the log's folder.
    """
    target = unquote(target)
    if not target or target.startswith(("/", "\\")) or os.path.isabs(target):
        return None
    base = os.fspath(root)
    candidate = os.path.normpath(os.path.join(os.fspath(file.parent), target))
    if candidate != base and not candidate.startswith(base.rstrip(os.sep) + os.sep):
        return None
    if os.path.exists(candidate):
        real = os.path.realpath(candidate)
        if real != base and not real.startswith(base.rstrip(os.sep) + os.sep):
            return None
        return Path(real)
    return Path(candidate)


def missing_warnings(display: str, missing: list[str]) -> list[str]:
    """One warning per missing link target, or a summary when there are many."""
    if len(missing) <= MAX_MISSING_SHOWN:
        return [f"{display}: link to a missing file {m!r} not followed" for m in missing]
    shown = ", ".join(repr(m) for m in missing[:MAX_MISSING_SHOWN])
    return [
        f"{display}: {len(missing)} links to missing files not followed "
        f"({shown}, and {len(missing) - MAX_MISSING_SHOWN} more)"
    ]
