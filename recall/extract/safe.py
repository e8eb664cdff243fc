"""Text fit to print: control characters shown as escapes, file names as valid Unicode."""

from __future__ import annotations

import os
import unicodedata

_KEEP = frozenset("\n\t\u200c\u200d")  # line breaks, tabs and the zero-width (non-)joiners
_ESCAPED = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_NO_BREAKS = str.maketrans("", "", "\n\t")


def visible(text: str) -> str:
    """`text` that cannot act on a terminal: control and format characters (ESC, CR, BEL, C1,
    bidi overrides), line/paragraph separators and lone surrogates shown as ``\\xNN`` or
    ``\\uNNNN``; newlines and tabs kept. Idempotent; plain text comes back unchanged."""
    if text.isprintable() or text.translate(_NO_BREAKS).isprintable():
        return text
    out = []
    for ch in text:
        if ch in _KEEP or unicodedata.category(ch) not in _ESCAPED:
            out.append(ch)
        else:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
    return "".join(out)


def path_text(path: str | os.PathLike) -> str:
    """A path as valid Unicode: bytes of a file name that are not UTF-8 shown as ``\\xNN``.

    Python decodes such bytes to lone surrogates, which cannot be printed, written as JSON
    text or hashed as UTF-8; every other path comes back unchanged.
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text
