"""Text normalisation and similarity measures used to recognise an edited card (standard library only)."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

# Typographic variants a user's editor may swap in or out: they never make a different card.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        # Emphasis and code markers: `**Term**` and `Term` ask the same thing.
        "*": " ",
        "`": " ",
    }
)
_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = " \t:?.!;,"


def normalize(text: str) -> str:
    """The comparable form of a question, heading or answer.

    NFKC, case-folded, typographic quotes and dashes folded to ASCII, `*` and backtick markers
    dropped, runs of whitespace (including line breaks and indentation) collapsed to one space,
    and whitespace and trailing/leading `: ? . ! ; ,` stripped. So `**How it works**:`,
    `how it works?` and `How  it works` all give ``"how it works"``.

    Args:
        text: markdown text (any length).

    Returns:
        The normalised string (possibly empty).
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    return _SPACES.sub(" ", text).strip(_EDGE_PUNCT)


def ratio(a: str, b: str) -> float:
    """Edit similarity of two short strings: difflib's ratio, 2·matches / total length.

    Tolerant of typos in short labels ("Traning" vs "Training" → 0.93). Quadratic in the
    worst case: use it for questions and heading paths, not for long answers.

    Returns:
        A float in [0, 1]; 1.0 for equal strings, and for two empty strings.
    """
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def ratio_upper_bound(a: str, b: str) -> float:
    """A cheap upper bound of `ratio(a, b)` from the lengths alone (never below the true ratio)."""
    total = len(a) + len(b)
    if total == 0:
        return 1.0
    return 2.0 * min(len(a), len(b)) / total


def trigrams(text: str) -> frozenset[str]:
    """The set of character trigrams of `text` (already normalised), padded with one space each side.

    A text shorter than three characters (after padding) gives the set holding the text itself.
    """
    padded = f" {text} "
    if len(padded) < 3:
        return frozenset((padded,))
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two trigram sets: 2·|a∩b| / (|a|+|b|), in [0, 1].

    Linear in the text length, insensitive to moved sentences, and close to 0 for unrelated
    texts; used for answers, which may be long.
    """
    if a is b or a == b:
        return 1.0
    total = len(a) + len(b)
    if total == 0:
        return 1.0
    return 2.0 * len(a & b) / total


def dice_upper_bound(a: frozenset[str], b: frozenset[str]) -> float:
    """A cheap upper bound of `dice(a, b)` from the set sizes alone."""
    total = len(a) + len(b)
    if total == 0:
        return 1.0
    return 2.0 * min(len(a), len(b)) / total
