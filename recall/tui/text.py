"""Card text as data: terminal control characters neutralised and text that is never markup."""

from __future__ import annotations

import re

from textual.content import Content

# C0 controls except tab and newline, DEL, and C1 controls (0x80-0x9f: CSI, OSC, ... on some terminals).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400 block "Control Pictures": ESC → ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return ""  # C1 controls have no picture; they are dropped


def clean(text: str | None) -> str:
    """`text` with terminal control characters made harmless.

    Carriage returns are dropped (a lone CR would move the cursor); every other C0 control
    character and DEL becomes its visible Unicode control picture (ESC shows as ``␛``, so an
    escape sequence reads ``␛[31m`` and cannot act); C1 controls are dropped. Tab and newline
    are kept. Brackets, emoji and all other text are left as they are.

    Args:
        text: card text from the collection (markdown), or None.

    Returns:
        The cleaned text ("" for None).
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "")
    return _CONTROL.sub(_picture, text)


def literal(text: str | None, style: str = "") -> Content:
    """Cleaned `text` as Textual Content that is shown exactly as written (never parsed as markup).

    Args:
        text: any text (card text, deck names, file paths, messages that quote them).
        style: an optional style applied to the whole text (e.g. ``"bold"``).
    """
    content = Content(clean(text))
    return content.stylize(style) if style else content
