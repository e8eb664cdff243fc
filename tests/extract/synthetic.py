"""A synthetic learning log in the style of a daily log, for benchmarks and the chunking tests."""

from __future__ import annotations

import random
from datetime import date, timedelta

_WORDS = [
    "model",
    "data",
    "loss",
    "gradient",
    "layer",
    "token",
    "prompt",
    "prefix",
    "weight",
    "matrix",
    "update",
    "attention",
    "retrieval",
    "index",
    "query",
    "answer",
    "schema",
    "table",
    "join",
    "cache",
    "memory",
    "batch",
    "sample",
    "noise",
    "signal",
    "entropy",
    "surprise",
    "belief",
    "distribution",
    "prior",
    "posterior",
    "kernel",
    "margin",
    "tree",
    "forest",
    "boost",
    "review",
    "interval",
    "stability",
    "recall",
    "card",
    "deck",
    "habit",
    "note",
    "link",
    "graph",
    "cluster",
    "idea",
]
_TOPICS = [
    "Soft Prompting",
    "Low-Rank Adapters",
    "Beam Search",
    "Cross Entropy",
    "Vector Indexes",
    "Spaced Repetition",
    "Gradient Boosting",
    "Attention Heads",
    "Tokenizers",
    "Evaluation Harnesses",
    "Note Graphs",
    "SQL Agents",
]
_LABELS = (
    "How it works",
    "Training",
    "Use cases",
    "Main idea",
    "Trade-off",
    "Why it matters",
    "Cost",
    "Failure mode",
    "Rule of thumb",
    "Example",
)


def _sentence(rng: random.Random, lo: int = 6, hi: int = 16) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(lo, hi))]
    return (" ".join(words)).capitalize() + "."


def _entry(rng: random.Random, day: date, n: int) -> str:
    a, b = rng.sample(_TOPICS, 2)
    out = [f"## {day.strftime('%b')} {day.day}, {day.year}: {a} vs {b}", ""]
    for topic in (a, b):
        out += [f"### {topic}:", ""]
        out += [f"- {label}: {_sentence(rng)}" for label in rng.sample(_LABELS, 3)]
        out.append("")
    out += [f"### [Talk {n}: {rng.choice(_TOPICS)}](https://example.org/watch?v={n}&t={n % 97}s)"]
    out += [
        f"- {rng.choice(_LABELS)} vs {rng.choice(_LABELS).lower()}: {_sentence(rng)}",
        f"- {_sentence(rng)}",
        f"- Define what is the {rng.choice(_WORDS)}? {_sentence(rng)}",
        "- The big picture:",
        f"  - {rng.choice(_TOPICS)} data",
        f"    - {_sentence(rng, 4, 8)}",
        f"    - {rng.choice(_LABELS)}: {_sentence(rng, 3, 6)}",
        f"  - {_sentence(rng, 4, 8)}",
        "    - [TODO]",
        f"      - [a link to read](https://example.org/read/{n})",
        "",
        "#### Key points:",
        f"1. **{rng.choice(_TOPICS)}**:",
        f"   - {_sentence(rng)}",
        "",
        f"2. **{rng.choice(_TOPICS)}**",
        f"   - {rng.choice(_LABELS)}: {_sentence(rng, 3, 8)}",
        f"   - {_sentence(rng, 3, 8)}",
        "",
        f"### [Equations {n}](https://example.org/eq/{n}):",
        f"   - Define {rng.choice(_WORDS)} based on {rng.choice(_WORDS)} and {rng.choice(_WORDS)}.",
        f"      - {_sentence(rng)}",
        f"      - {_sentence(rng)}",
        f"      => using log: h(x) = log(1/p(x)): {_sentence(rng, 3, 6)}",
        f"      - {rng.choice(_WORDS)} = {_sentence(rng, 3, 7)}",
        f"      - cross {rng.choice(_WORDS)}(P, Q) = {_sentence(rng, 3, 7)}",
        "",
    ]
    if n % 3 == 0:
        out += [_sentence(rng, 20, 40) + " " + _sentence(rng, 20, 40), ""]
    if n % 5 == 0:
        out += [
            "```python",
            f"def step_{n}(x):",
            "    # comment: not a card",
            "",
            "    return x * 2",
            "```",
            "",
        ]
    if n % 7 == 0:
        out += [
            "| term | meaning |",
            "| --- | --- |",
            f"| {rng.choice(_WORDS)} | {_sentence(rng, 3, 6)} |",
            "",
        ]
    return "\n".join(out)


def synthetic_log(size: int, seed: int = 7) -> str:
    """A log of at least `size` characters: dated entries with labels, outlines and formulas."""
    rng = random.Random(seed)
    parts = ["# Learning Log", ""]
    total = 0
    day = date(2020, 1, 1)
    n = 0
    while total < size:
        entry = _entry(rng, day, n)
        parts.append(entry)
        total += len(entry) + 1
        day += timedelta(days=1)
        n += 1
    return "\n".join(parts) + "\n"
