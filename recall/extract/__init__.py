"""The extractor (SPEC §3): a markdown learning log in, the cards a careful learner would make out.

    from recall.extract import extract_paths
    ex = extract_paths(["log.md"], explain=True)
    ex.cards, ex.files, ex.warnings, ex.errors, ex.explanations

Importing this package is cheap; markdown-it is loaded on the first extraction.
"""

from __future__ import annotations

from recall.extract.card import ExtractedCard, card_id
from recall.extract.explain import Explanation
from recall.extract.extractor import (
    Extraction,
    FileDone,
    FileResult,
    extract_paths,
    extract_text,
    stream_paths,
    stream_text,
)
from recall.extract.files import SourceFile

__all__ = [
    "Explanation",
    "ExtractedCard",
    "Extraction",
    "FileDone",
    "FileResult",
    "SourceFile",
    "card_id",
    "extract_paths",
    "extract_text",
    "stream_paths",
    "stream_text",
]
