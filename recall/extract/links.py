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


def follow(targets: list[str], file: Path, root: Path) -> tuple[list[Path], list[str]]:
    """The linked files that exist under `root`, and the targets that do not exist.

    Absolute links and links leaving `root` (``..``, or a symlink pointing out) are neither
    followed nor reported. Each folder is listed once, however many links point into it.
    """
    base = os.fspath(root).rstrip(os.sep)
    here = os.fspath(file.parent)
    listings: dict[str, set[str]] = {}
    found: list[Path] = []
    missing: list[str] = []
    for raw in dict.fromkeys(targets):
        target = unquote(raw)
        if not target or target.startswith(("/", "\\")) or os.path.isabs(target):
            continue
        candidate = os.path.normpath(os.path.join(here, target))
        if not candidate.startswith(base + os.sep):
            continue
        folder, name = os.path.split(candidate)
        if folder not in listings:
            try:
                listings[folder] = set(os.listdir(folder))
            except OSError:
                listings[folder] = set()
        if name not in listings[folder] or not os.path.isfile(candidate):
            missing.append(raw)
            continue
        real = os.path.realpath(candidate)
        if real.startswith(base + os.sep):
            found.append(Path(real))
    return found, missing


def missing_warnings(display: str, missing: list[str]) -> list[str]:
    """One warning per missing link target, or a summary when there are many."""
    if len(missing) <= MAX_MISSING_SHOWN:
        return [f"{display}: link to a missing file {m!r} not followed" for m in missing]
    shown = ", ".join(repr(m) for m in missing[:MAX_MISSING_SHOWN])
    return [
        f"{display}: {len(missing)} links to missing files not followed "
        f"({shown}, and {len(missing) - MAX_MISSING_SHOWN} more)"
    ]
