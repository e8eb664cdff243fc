"""Explicit card syntax from other tools: Q:/A:, multi-line ?, C: clozes, START/END notes, tables."""

from __future__ import annotations

import itertools
import re

from recall.extract import cloze, rules
from recall.extract.blocks import Block, Blocks, empty_block
from recall.extract.inline import Inline, render
from recall.extract.outline import EXPLICIT_KINDS

# What a paragraph needs before any paragraph rule can apply to it: a tag (#x), Q:/A:/C:,
# START, a bold start, a "?" line, "::", a cloze, or a recall:skip comment.
MAYBE_CARD = re.compile(r"^#|^(?:Q|C):|^START|^\*\*|^__|^\s*\?\??\s*$|::|==|\{\{|<!--", re.M)
_TRAILING_TAGS = re.compile(r"(?:[ \t]+#[^\W\d][\w/-]*)+[ \t]*$")
_TAG_LINKS = re.compile(r"^(?:\[#[^\]\s]+\]\([^)\s]*\)\s*)+$")
MDANKI_LOOKAHEAD = 300  # blocks looked at to decide whether a file is written for mdanki
O2A_LOOKAHEAD = 60  # blocks searched for the END of an Obsidian_to_Anki note
_O2A_FIELD = re.compile(r"^(Back|Tags|Text|Extra|Front)\s*:\s?(.*)$")
_O2A_CLOZE = re.compile(r"(?<!\{)\{(?:(c?)(\d+)[:|])?([^{}]+)\}(?!\})")


class ExplicitRules:
    """Mixed into `FileWalker`: explicit syntaxes (paragraph level, and mdanki's headings)."""

    def is_mdanki(self, blocks: Blocks) -> bool:
        """Whether the file is written for mdanki: decided once, at its first ``##`` heading.

        mdanki makes every ``##`` section a card; its marks are a ``%`` line between the
        front's extra text and the back, and ``[#tag](...)`` tag links. A file showing either
        within the next MDANKI_LOOKAHEAD blocks is read the mdanki way.
        """
        if self.mdanki is None:
            self.mdanki = False
            k = 0
            while k < MDANKI_LOOKAHEAD and (nxt := blocks.peek(k)) is not None:
                if nxt.kind == "paragraph" and (
                    nxt.content.strip() == "%" or _TAG_LINKS.match(nxt.content.strip())
                ):
                    self.mdanki = True
                    break
                k += 1
        return self.mdanki

    def mdanki_card(self, h: Block, blocks: Blocks) -> None:
        """A ``##`` section as mdanki reads it: heading (+ text before ``%``) → the rest."""
        body = self.take_section(blocks, explicit_ends=False)  # mdanki knows no other syntax
        tags: list[str] = []
        kept: list[Block] = []
        for b in body:
            raw = b.content.strip() if b.kind == "paragraph" else ""
            if _TAG_LINKS.match(raw):
                tags += [t[1:] for t in re.findall(r"\[(#[^\]]+)\]", raw)]
            else:
                kept.append(b)
        split = next(
            (i for i, b in enumerate(kept) if b.kind == "paragraph" and b.content.strip() == "%"),
            None,
        )
        front = self.headings[-1].text
        if split is not None:
            extra = self.blocks_text(kept[:split])
            front = f"{front}\n\n{extra}" if extra else front
            kept = kept[split + 1 :]
        answer = self.blocks_text(kept)
        if not answer:
            self.explain_at(h.start, "no card: an mdanki section without a back", False)
            return
        self.add(
            front,
            answer,
            "explicit",
            h.start,
            body[-1].end,
            tags=tags,
            context=self.context()[:-1],
            why="card (mdanki section)",
            at=h.start,
        )

    def multiline(self, p: Block, inl: Inline, blocks: Blocks) -> None:
        """Obsidian's multi-line card: question lines, a ``?`` (or ``??``) line, answer lines."""
        lines = p.content.split("\n")
        sep = next(i for i, line in enumerate(lines) if line.strip() in ("?", "??"))
        both = lines[sep].strip() == "??"
        front_parts = [
            self.slice(b.start, b.end, b.quote) for b in self.recent if not empty_block(b)
        ]
        q_lines = "\n".join(lines[:sep]).strip()
        if q_lines:
            front_parts.append(q_lines)
        front = "\n\n".join(front_parts).strip()
        back = "\n".join(lines[sep + 1 :]).strip()
        end = p.end
        if not back:
            nxt = blocks.peek()
            if nxt is not None and nxt.kind not in ("heading", "hr") and not nxt.is_list:
                nb = next(blocks)
                back = self.slice(nb.start, nb.end, nb.quote)
                end = nb.end
        start = self.recent[0].start if self.recent else p.start
        if not front or not back:
            self.explain_at(p.start, "no card: '?' separator without both sides", False)
            return
        self.add(
            front,
            back,
            "explicit",
            start,
            end,
            why="card (explicit multi-line ?)",
            at=p.start + sep,
        )
        if both:
            self.add(back, front, "reversed", start, end)

    def qa_pair(self, p: Block, blocks: Blocks) -> None:
        """A paragraph of ``Q:`` / ``A:`` (and hashcards' ``C:``) cards.

        As hashcards reads them, each line starting with ``Q:`` or ``C:`` starts a card, so a
        paragraph may hold several; the last one's answer runs on over the next blocks (see
        `answer_goes_on`).
        """
        self.qa_lines(p.content.split("\n"), p.start, p.end, blocks)

    def hashcards_cloze(self, p: Block, blocks: Blocks) -> None:
        """hashcards' ``C:`` card: ``[text]`` marks each deletion; becomes ``{{cN::text}}``."""
        self.qa_lines(p.content.split("\n"), p.start, p.end, blocks)

    def qa_lines(self, lines: list[str], start: int, end: int, blocks: Blocks) -> None:
        """Cards of paragraph lines [start, end) whose first line starts with ``Q:`` or ``C:``."""
        cuts = [0, *(i for i in range(1, len(lines)) if lines[i].startswith(("Q:", "C:")))]
        for s, e in itertools.pairwise([*cuts, len(lines)]):
            last = e == len(lines)
            part, part_end = lines[s:e], end if last else start + e
            if part[0].startswith("C:"):
                self._bracket_cloze_card(part, start + s, part_end, blocks if last else None)
            else:
                self._qa_card(part, start + s, part_end, blocks if last else None)

    def _qa_card(self, lines: list[str], start: int, end: int, blocks: Blocks | None) -> None:
        """One ``Q:`` card; with `blocks`, its question and answer may go on over them."""
        q_parts: list[str] = []
        a_parts: list[str] = []
        a_at = next((i for i, line in enumerate(lines) if line.startswith("A:")), None)
        rest: tuple[list[str], int, int] | None = None  # Q:/C: lines after the A: paragraph
        if a_at is not None:
            q_parts.append("\n".join(lines[:a_at])[2:].strip())
            a_parts.append("\n".join(lines[a_at:])[2:].strip())
        else:
            q_parts.append("\n".join(lines)[2:].strip())
            while blocks is not None and (
                _is_answer(nxt := blocks.peek()) or self.answer_goes_on(nxt)
            ):
                b = next(blocks)
                end = b.end
                if _is_answer(b):
                    a_lines = b.content.split("\n")
                    cut = next(
                        (i for i in range(1, len(a_lines)) if a_lines[i].startswith(("Q:", "C:"))),
                        len(a_lines),
                    )
                    a_parts.append("\n".join(a_lines[:cut])[2:].strip())
                    if cut < len(a_lines):
                        end = b.start + cut
                        rest = (a_lines[cut:], end, b.end)
                    break
                q_parts.append(self.slice(b.start, b.end, b.quote))
            else:
                self.explain_at(start, "no card: 'Q:' without 'A:'", False)
                return
        if blocks is not None and rest is None:
            while self.answer_goes_on(blocks.peek()):
                b = next(blocks)
                if not empty_block(b):
                    a_parts.append(self.slice(b.start, b.end, b.quote))
                    end = b.end
        question, q_tags = trailing_tags("\n\n".join(x for x in q_parts if x))
        answer, a_tags = trailing_tags("\n\n".join(x for x in a_parts if x))
        if question and answer:
            self.add(
                question,
                answer,
                "explicit",
                start,
                end,
                tags=[*q_tags, *a_tags],
                why=f"card (explicit Q:/A:): {question.splitlines()[0]}",
                at=start,
            )
        else:
            self.explain_at(start, "no card: 'Q:' or 'A:' is empty", False)
        if rest is not None and blocks is not None:
            self.qa_lines(*rest, blocks)

    def _bracket_cloze_card(
        self, lines: list[str], start: int, end: int, blocks: Blocks | None
    ) -> None:
        """One ``C:`` card; with `blocks`, its text may go on over them."""
        parts = [bracket_clozes("\n".join(lines)[2:].strip())]
        while blocks is not None and self.answer_goes_on(blocks.peek()):
            b = next(blocks)
            if not empty_block(b):
                parts.append(bracket_clozes(self.slice(b.start, b.end, b.quote)))
                end = b.end
        text = "\n\n".join(x for x in parts if x)
        if "{{c" not in text:
            self.explain_at(start, "no card: 'C:' without a [deletion]", False)
            return
        self.add(text, cloze.back(text), "cloze", start, end, why="card (cloze C:)", at=start)

    def answer_goes_on(self, b: Block | None) -> bool:
        """Whether a ``Q:``/``A:`` or ``C:`` card takes in block `b`, the next one after it.

        Its text runs to the next ``Q:``, ``C:`` or ``START``, heading or rule, and stops
        before a block that is a card of its own by explicit syntax (explicit always wins).
        """
        return b is not None and not ends_explicit(b) and not self.is_explicit_card(b)

    def is_explicit_card(self, b: Block) -> bool:
        """Whether block `b` makes cards by explicit syntax alone, as the walk would read it.

        A paragraph starting a ``Q:``, ``C:`` or ``START`` card, or with a cloze, a ``Q::A``
        line or a ``?`` line between a front and a back (see `on_paragraph`); a list whose
        items are all explicit cards or clozes; a quote holding only such blocks.
        """
        if b.is_list:
            items = self.analyse(b)
            return bool(items) and all(it.verdict.kind in EXPLICIT_KINDS for it in items)
        if b.kind == "blockquote":
            inner = [c for c in b.children if not empty_block(c)]
            return bool(inner) and all(self.is_explicit_card(c) for c in inner)
        if b.kind != "paragraph" or not MAYBE_CARD.search(b.content):
            return False
        if b.content.startswith(("Q:", "C:")) or b.content.split("\n", 1)[0].strip() == "START":
            return True
        if self._is_question_para(b):
            return False
        inl = render(b.inline or [])
        if inl.skip:
            return False
        lines = [line for _, line in inl.lines()]
        texts = [line.text.strip() for line in lines]
        sep = next((i for i, t in enumerate(texts) if t in ("?", "??")), None)
        if sep is not None:
            return any(texts[:sep]) and any(texts[sep + 1 :])
        for line in lines:
            dc = rules.double_colon(line)
            if dc and not cloze.find(line):
                start, length = dc
                if line.text[:start].strip() and line.text[start + length :].strip():
                    return True
        return bool(cloze.find(inl))

    def o2a_note(self, p: Block, blocks: Blocks) -> None:
        """An Obsidian_to_Anki ``START`` … ``END`` note (Basic or Cloze, ``Back:``, ``Tags:``)."""
        start = p.start
        end = None
        if p.content.strip().split("\n")[-1].strip() == "END":
            end = p.end
        k = 0
        while end is None and k < O2A_LOOKAHEAD and (nxt := blocks.peek(k)) is not None:
            if self._last_line(nxt) == "END":  # not a blank line a list may end with
                for _ in range(k + 1):
                    next(blocks)
                end = nxt.end
            k += 1
        if end is None:
            self.explain_at(start, "no card: 'START' without 'END'", False)
            return
        body = self.lines[start + 1 : end]
        while body and body[-1].strip() != "END":
            body.pop()
        body = body[:-1]
        if not body:
            self.explain_at(start, "no card: an empty Obsidian_to_Anki note", False)
            return
        note_type = body[0].strip()
        fields: dict[str, list[str]] = {"Front": []}
        current = "Front"
        for line in body[1:]:
            m = _O2A_FIELD.match(line)
            if m and m.group(1) in ("Back", "Tags", "Extra"):
                current = m.group(1)
                fields.setdefault(current, []).append(m.group(2))
            else:
                fields.setdefault(current, []).append(line)
        front = "\n".join(fields["Front"]).strip()
        back = "\n".join(fields.get("Back", [])).strip()
        tags = " ".join(fields.get("Tags", [])).split()
        if "cloze" in note_type.lower():
            text = o2a_clozes(front)
            if "{{c" in text:
                self.add(
                    text,
                    cloze.back(text),
                    "cloze",
                    start,
                    end,
                    tags=tags,
                    why="card (Obsidian_to_Anki cloze note)",
                    at=start,
                )
            return
        if front and back:
            self.add(
                front,
                back,
                "explicit",
                start,
                end,
                tags=tags,
                why=f"card (Obsidian_to_Anki {note_type} note)",
                at=start,
            )
        else:
            self.explain_at(
                start, "no card: an Obsidian_to_Anki note without a front and back", False
            )

    def _last_line(self, b: Block) -> str:
        """The last non-blank source line of a block, stripped ("" when none)."""
        for i in range(min(b.end, len(self.lines)) - 1, b.start - 1, -1):
            if self.lines[i].strip():
                return self.lines[i].strip()
        return ""

    def on_table(self, t: Block) -> None:
        """A one-column table whose header is a question (Obsidian_to_Anki's table style)."""
        if t.rows and len(t.rows[0]) == 1 and len(t.rows) > 1:
            rows = t.cells()
            head = render(rows[0][0]).text.strip()
            body = "\n".join(render(r[0]).text.strip() for r in rows[1:] if r)
            if head.endswith("?") and body.strip():
                self.add(
                    head,
                    body,
                    "explicit",
                    t.start,
                    t.end,
                    why=f"card (question table): {head}",
                    at=t.start,
                )
                return
        self.recent.append(t)


def trailing_tags(text: str) -> tuple[str, list[str]]:
    """Obsidian tags written at the end of a card side (``What is X? #tag``): text, tags."""
    m = _TRAILING_TAGS.search(text)
    if not m:
        return text, []
    return text[: m.start()].rstrip(), [t[1:] for t in m.group(0).split()]


def _is_answer(b: Block | None) -> bool:
    return b is not None and b.kind == "paragraph" and b.content.startswith("A:")


def ends_explicit(b: Block) -> bool:
    """Where the answer of a ``Q:``/``A:`` or ``C:`` card stops."""
    if b.kind in ("heading", "hr", "html_block"):
        return True
    return b.kind == "paragraph" and b.content.startswith(("Q:", "C:", "START"))


def bracket_clozes(text: str) -> str:
    """hashcards' ``[deletion]`` marks as Anki clozes ``{{c1::deletion}}``, numbered in order.

    Brackets inside code spans stay as they are; a bracket pair that is a link is left alone.
    """
    out: list[str] = []
    i, n, number = 0, len(text), 0
    while i < n:
        ch = text[i]
        if ch == "`":
            j = text.find("`", i + 1)
            j = n - 1 if j == -1 else j
            out.append(text[i : j + 1])
            i = j + 1
            continue
        if ch == "[" and (i == 0 or text[i - 1] not in "!\\"):
            j = i + 1
            depth = 1
            while j < n and depth:
                if text[j] == "[":
                    depth += 1
                elif text[j] == "]":
                    depth -= 1
                j += 1
            if depth == 0 and not (j < n and text[j] in "(["):
                inner = text[i + 1 : j - 1]
                if inner.strip() and "\n" not in inner:
                    number += 1
                    out.append(f"{{{{c{number}::{inner}}}}}")
                    i = j
                    continue
        out.append(ch)
        i += 1
    return "".join(out)


def o2a_clozes(text: str) -> str:
    """Obsidian_to_Anki's short clozes (``{x}``, ``{2:x}``, ``{2|x}``, ``{c1:x}``) as ``{{cN::x}}``."""
    counter = 0

    def repl(m: re.Match) -> str:
        nonlocal counter
        if m.group(2):
            n = int(m.group(2))
        else:
            counter += 1
            n = counter
        return f"{{{{c{n}::{m.group(3)}}}}}"

    return _O2A_CLOZE.sub(repl, text)
