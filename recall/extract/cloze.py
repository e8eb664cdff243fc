"""Cloze deletions: ``==highlight==`` (Obsidian), ``{{c1::text::hint}}`` (Anki), ``{{text}}``.

Finding them is linear in the text (no backtracking, however many deletions a line holds),
and nothing inside code spans, math, links or URLs counts. `front` and `back` give the two
sides of a cloze card's question for display.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recall.extract.inline import Inline

_ANKI_HEAD = re.compile(r"\{\{c(\d+)::")


@dataclass(frozen=True)
class Deletion:
    """One cloze deletion: ``text[start:end]`` is the whole markup; `answer` the hidden text."""

    start: int
    end: int
    answer: str
    hint: str | None
    number: int | None


def find(inl: Inline) -> list[Deletion]:
    """Every cloze deletion in `inl`, in order, outside protected spans."""
    out = _anki(inl)
    taken = [(d.start, d.end) for d in out]
    out += [d for d in _highlights(inl) if not _inside(d, taken)]
    return sorted(out, key=lambda d: d.start)


def _inside(d: Deletion, spans: list[tuple[int, int]]) -> bool:
    return any(a <= d.start < b for a, b in spans)


def _anki(inl: Inline) -> list[Deletion]:
    text = inl.text
    out: list[Deletion] = []
    pos = inl.find("{{")
    while pos != -1:
        close = inl.find("}}", pos + 2)
        if close == -1:
            break
        body = text[pos + 2 : close]
        head = _ANKI_HEAD.match(text, pos)
        if head and head.end() <= close:
            inner = text[head.end() : close]
            answer, _, hint = inner.partition("::")
            if answer.strip():
                out.append(Deletion(pos, close + 2, answer, hint or None, int(head.group(1))))
        elif body.strip() and body == body.strip() and "\n" not in body and "{" not in body:
            out.append(Deletion(pos, close + 2, body, None, None))
        pos = inl.find("{{", close + 2)
    return out


def _highlights(inl: Inline) -> list[Deletion]:
    text = inl.text
    out: list[Deletion] = []
    opener = -1
    pos = inl.find("==")
    while pos != -1:
        run = pos
        while run < len(text) and text[run] == "=":
            run += 1
        if run - pos != 2:  # "===" and longer are not highlight markers
            opener = -1
            pos = inl.find("==", run)
            continue
        before = text[pos - 1] if pos else " "
        after = text[run] if run < len(text) else " "
        if opener != -1 and not before.isspace() and pos > opener + 2:
            out.append(Deletion(opener, run, text[opener + 2 : pos], None, None))
            opener = -1
        elif not after.isspace():
            opener = pos
        pos = inl.find("==", run)
    return out


def numbered(question: str) -> str:
    """The question with every deletion in Anki form (``==x==`` → ``{{cN::x}}``), for export.

    Unnumbered deletions take the next free number, as in Anki's "one card per deletion".
    """
    inl = _parse(question)
    dels = find(inl)
    used = {d.number for d in dels if d.number}
    nxt = 1
    parts, last = [], 0
    for d in dels:
        number = d.number
        if number is None:
            while nxt in used:
                nxt += 1
            number = nxt
            used.add(nxt)
        hint = f"::{d.hint}" if d.hint else ""
        parts += [inl.text[last : d.start], f"{{{{c{number}::{d.answer}{hint}}}}}"]
        last = d.end
    parts.append(inl.text[last:])
    return "".join(parts)


def front(question: str, mask: str = "[...]") -> str:
    """The question with every deletion hidden (its hint shown as ``[hint]`` when given)."""
    inl = _parse(question)
    parts, last = [], 0
    for d in find(inl):
        parts += [inl.text[last : d.start], f"[{d.hint}]" if d.hint else mask]
        last = d.end
    parts.append(inl.text[last:])
    return "".join(parts)


def back(question: str) -> str:
    """The question with every deletion revealed in bold."""
    inl = _parse(question)
    parts, last = [], 0
    for d in find(inl):
        parts += [inl.text[last : d.start], f"**{d.answer.strip()}**"]
        last = d.end
    parts.append(inl.text[last:])
    return "".join(parts)


def _parse(text: str) -> Inline:
    from recall.extract.inline import render
    from recall.extract.parser import make_parser

    tokens = make_parser().parseInline(text, {})
    return render(tokens[0].children or []) if tokens else Inline(text)
