"""Tags from the log: entry dates in headings (``Sep 9, 2024`` → ``2024-09-09``) and topics."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_PATTERNS = [
    re.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"),
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d)", re.I),
    re.compile(r"(?<!\d)" + _WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"(?!\d)", re.I),
]
_YEAR = re.compile(r"\d{4}").search  # every date form understood holds a 4-digit year
_DAY_N = re.compile(r"\bday\s*#?\s*(\d{1,4})\b", re.I)
_SLUG_DROP = re.compile(r"[^\w]+")
_LEAD = re.compile(r"^[\s:|\-–—,.]+|[\s:|\-–—,.]+$")


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first calendar date in `text` and its span, or None.

    Understands ``2024-09-09``, ``2024/9/9``, ``Sep 9, 2024``, ``September 9th 2024``,
    ``Mon, Sep 9, 2024``, ``9 Sep 2024``. Impossible dates (``Feb 30``) are ignored.
    """
    best: tuple[date, int, int] | None = None
    if not _YEAR(text):
        return None
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            g = m.groupdict()
            month = int(g["month"]) if g.get("month") else _MONTHS[g["mon"].lower().rstrip(".")]
            try:
                found = date(int(g["year"]), month, int(g["day"]))
            except ValueError:
                continue
            if best is None or m.start() < best[1]:
                best = (found, m.start(), m.end())
            break
    return best


def slug(text: str, limit: int = 40) -> str:
    """A tag made from text: lowercase words joined by ``-`` (letters of any script kept)."""
    words = [w for w in _SLUG_DROP.split(text.lower()) if w and w != "_"]
    out = "-".join(w.strip("_") for w in words if w.strip("_"))
    return out[:limit].rstrip("-")


def heading_tags(text: str) -> tuple[str | None, str | None]:
    """``(date tag, topic tag)`` of a heading, each None when absent.

    The topic is the rest of a dated heading (``Sep 9, 2024: Soft Prompting vs LoRA`` →
    ``soft-prompting-vs-lora``) or of a numbered-day heading (``Logistic Regression | Day 5``).
    """
    day, topic, _ = heading_info(text)
    return day, topic


def heading_info(text: str) -> tuple[str | None, str | None, bool]:
    """``(date tag, topic tag, date only)`` of a heading; see `heading_tags` and `is_date_only`."""
    found = find_date(text)
    if found:
        day, a, b = found
        rest = _LEAD.sub("", text[:a] + " " + text[b:])
        return day.isoformat(), (slug(rest) or None) if rest else None, not rest.strip()
    m = _DAY_N.search(text) if "day" in text.lower() else None
    if m:
        rest = _LEAD.sub("", text[: m.start()] + " " + text[m.end() :])
        return None, (slug(rest) or None) if rest else None, False
    return None, None, False


def is_date_only(text: str) -> bool:
    """Whether a heading is nothing but a date (``Sep 12, 2024:``)."""
    return heading_info(text)[2]
