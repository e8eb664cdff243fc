"""Text normalisation and similarity measures used to recognise an edited card (standard library only)."""

from __future__ import annotations

import unicodedata

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
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    elif "*" in text or "`" in text:
        text = text.translate(_FOLD)
    return " ".join(text.casefold().split()).strip(_EDGE_PUNCT)


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence of `a` and `b` (characters, in order, not
    necessarily adjacent).

    Bit-parallel (Allison-Dix / Hyyrö): one big-integer step per character of `a` over a bit
    vector as long as `b`, so two 40-character headings take a few microseconds.
    """
    if not a or not b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    masks: dict[str, int] = {}
    for i, ch in enumerate(b):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    full = (1 << len(b)) - 1
    v = full
    for ch in a:
        u = v & masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return len(b) - v.bit_count()


#: Past this total length `ratio` compares trigram sets instead (LCS would cost len(a)·len(b)/64).
LCS_MAX_LENGTH = 4000


def ratio(a: str, b: str) -> float:
    """Edit similarity of two strings: 2·LCS / total length (the normalised Indel similarity).

    Tolerant of typos in short labels ("Traning" vs "Training" → 0.93). Linear in len(a) times
    len(b)/64 machine words: meant for questions and heading paths (long answers go by `dice`);
    two strings longer than `LCS_MAX_LENGTH` together (a whole paragraph as a cloze question)
    are compared by `dice` of their trigrams, so no input can make it slow.

    Returns:
        A float in [0, 1]; 1.0 for equal strings, and for two empty strings.
    """
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    if len(a) + len(b) > LCS_MAX_LENGTH:
        return dice(trigrams(a), trigrams(b))
    return 2.0 * lcs_length(a, b) / (len(a) + len(b))


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
