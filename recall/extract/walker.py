"""One file's walk: headings give the context, each block is offered to the card rules in turn.

The walk streams the file's top-level blocks (big files are parsed in chunks), keeps the
heading path, and turns list items, question headings, bold question paragraphs, explicit
card syntax and short statement sections into cards.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from recall.extract import cloze, rules
from recall.extract.blocks import Block, iter_blocks
from recall.extract.explain import Explanation
from recall.extract.files import SourceFile
from recall.extract.inline import Inline, is_link_only, is_skip_comment, plain, render
from recall.extract.links import markdown_links
from recall.extract.parser import CHUNK_CHARS
from recall.extract.tags import heading_tags, is_date_only, slug

EXPLICIT_KINDS = frozenset({"explicit", "reversed", "cloze"})
LIST_CARD_ITEMS = (2, 8)  # a section of 2-8 plain statements becomes one list card
LIST_CARD_LOOKAHEAD = 12
O2A_LOOKAHEAD = 60  # blocks searched for the END of an Obsidian_to_Anki note  # blocks looked at to decide whether a section is that short
_ARROW = re.compile(r"^\s*(=>|⇒|->|→)\s*")
_QUOTE = re.compile(r"^ {0,3}> ?")
_ITEM_HEAD = re.compile(r"^( *)([-+*]|\d{1,9}[.)])( *)")
_TAG_ONLY = re.compile(r"^(?:#[^\s#][^\s]*\s*)+$")
_FRONT_OFF = re.compile(r"^\s*recall\s*:\s*(false|no|off|skip)\s*$", re.I | re.M)
_FRONT_TAGS = re.compile(r"^\s*tags\s*:\s*(.*)$", re.I)
_O2A_FIELD = re.compile(r"^(Back|Tags|Text|Extra|Front)\s*:\s?(.*)$")
_BOLD_PARA = re.compile(
    r"^(\*\*|__)(.+?)\1([\s\u200d\ufe0f\u2600-\u27bf\U0001f000-\U0001faff]*)$", re.S
)


@dataclass
class Draft:
    """A card before the file's deck and ids are settled (both need the whole file)."""

    context: list[tuple[str, int]]  # (text, heading level; 0 for an outline item's title)
    question: str
    answer: str
    kind: str
    tags: list[str]
    line: int
    end_line: int
    url: str | None


@dataclass
class Heading:
    level: int
    text: str
    url: str | None
    date: str | None
    topic: str | None


@dataclass
class Item:
    """A list item with its verdict and its nested items (analysed before any card is made)."""

    block: Block
    verdict: rules.Verdict
    col: int
    facts: list[tuple[int, Inline]] = field(default_factory=list)
    first: Block | None = None
    rest: list[Block] = field(default_factory=list)
    lists: list[list[Item]] = field(default_factory=list)


class Blocks:
    """An iterator over blocks that can look ahead."""

    def __init__(self, blocks: Iterable[Block]) -> None:
        self._it: Iterator[Block] = iter(blocks)
        self._buf: deque[Block] = deque()

    def __iter__(self) -> Blocks:
        return self

    def __next__(self) -> Block:
        if self._buf:
            return self._buf.popleft()
        return next(self._it)

    def peek(self, k: int = 0) -> Block | None:
        while len(self._buf) <= k:
            try:
                self._buf.append(next(self._it))
            except StopIteration:
                return None
        return self._buf[k]


class FileWalker:
    """Extracts the cards of one file's text (see `run`)."""

    def __init__(
        self,
        source: SourceFile,
        text: str,
        *,
        explain: bool = False,
        chunk_chars: int = CHUNK_CHARS,
    ) -> None:
        self.source = source
        self.text = text
        self.lines = text.split("\n")
        self.explain = explain
        self.chunk_chars = chunk_chars
        self.headings: list[Heading] = []
        self.skip_level: int | None = None
        self.skip_next = False
        self.drafts: list[Draft] = []
        self.explanations: list[Explanation] = []
        self.warnings: list[str] = []
        self.links: list[str] = []
        self.file_tags: list[str] = []
        self.h1: list[str] = []
        self.recent: list[Block] = []
        self.opted_out = False
        self.quoted = 0

    # --- driving ------------------------------------------------------------------------------
    def run(self) -> None:
        """Walk the whole text; results land in drafts, explanations, warnings and links."""
        blocks = Blocks(
            self._collect_links(iter_blocks(self.text, self.warn, chunk_chars=self.chunk_chars))
        )
        self.walk(blocks)
        if self.opted_out:
            self.drafts.clear()

    def _collect_links(self, blocks: Iterator[Block]) -> Iterator[Block]:
        for b in blocks:
            self._links_in(b)
            yield b

    def _links_in(self, b: Block) -> None:
        if b.inline is not None and ".md" in b.content.lower():
            self.links.extend(markdown_links(b.inline))
        for child in b.children:
            self._links_in(child)
        for row in b.rows:
            for cell in row:
                if any(t.type == "link_open" for t in cell):
                    self.links.extend(markdown_links(cell))

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.source.display}: {message}")

    def walk(self, blocks: Blocks) -> None:
        for b in blocks:
            if self.opted_out:
                return
            self.top(b, blocks)

    def top(self, b: Block, blocks: Blocks) -> None:
        kind = b.kind
        if kind == "front_matter":
            self.front_matter(b)
            return
        if kind == "heading":
            self.on_heading(b, blocks)
            return
        if self.skip_level is not None:
            self.note_skipped(b, "skipped: inside a skipped section")
            return
        if self.skip_next:
            self.skip_next = False
            self.note_skipped(b, "skipped: <!-- recall:skip -->")
            return
        if kind == "html_block":
            if is_skip_comment(b.content):
                self.skip_next = True
            return
        if kind == "hr":
            self.recent.clear()
            return
        if kind == "paragraph":
            self.on_paragraph(b, blocks)
        elif b.is_list:
            self.on_list(b, [])
            self.recent.clear()
        elif kind == "table":
            self.on_table(b)
        elif kind == "blockquote":
            self.quoted += 1  # quoted text is someone else's: only explicit card syntax counts
            try:
                self.walk(Blocks(b.children))
            finally:
                self.quoted -= 1
        else:
            self.recent.append(b)

    def note_skipped(self, b: Block, why: str) -> None:
        if not self.explain:
            return
        if b.is_list:
            for item in b.children:
                self.explain_at(item.start, why, False)
        elif b.kind == "heading" or (b.kind == "paragraph" and self._is_question_para(b)):
            self.explain_at(b.start, why, False)

    # --- helpers ------------------------------------------------------------------------------
    def explain_at(self, line: int, outcome: str, card: bool) -> None:
        if self.explain:
            text = self.lines[line].strip() if 0 <= line < len(self.lines) else ""
            self.explanations.append(
                Explanation(self.source.display, line + 1, text[:200], outcome, card)
            )

    def context(self, extra: Iterable[str] = ()) -> list[tuple[str, int]]:
        return [(h.text, h.level) for h in self.headings] + [(t, 0) for t in extra if t]

    def url(self) -> str | None:
        for h in reversed(self.headings):
            if h.url:
                return h.url
        return None

    def tags(self, extra: Iterable[str] = ()) -> list[str]:
        out: list[str] = []
        for h in reversed(self.headings):
            if h.date:
                out.append(h.date)
                if h.topic:
                    out.append(h.topic)
                break
        else:
            for h in reversed(self.headings):
                if h.topic:
                    out.append(h.topic)
                    break
        for t in [*self.file_tags, *extra]:
            t = t.strip().lstrip("#")
            t = re.sub(r"\s+", "-", t)
            if t and t not in out:
                out.append(t)
        return out

    def last_line(self, start: int, end: int) -> int:
        """1-based number of the last non-blank line in [start, end)."""
        end = min(end, len(self.lines))
        while end > start + 1 and not self.lines[end - 1].strip():
            end -= 1
        return max(end, start + 1)

    def add(
        self,
        question: str,
        answer: str,
        kind: str,
        start: int,
        end: int,
        *,
        extra_context: Iterable[str] = (),
        tags: Iterable[str] = (),
        context=None,
        why: str = "",
        at: int | None = None,
    ) -> bool:
        """Record a card whose source spans lines [start, end) (0-based); False if refused.

        `why` is the ``--explain`` outcome, noted at line `at` (default `start`).
        """
        at = start if at is None else at
        answer = answer.strip("\n").rstrip()
        if rules.is_placeholder(answer) or not question.strip():
            self.explain_at(at, "no card: the answer is only a placeholder", False)
            return False
        self.drafts.append(
            Draft(
                context=list(context) if context is not None else self.context(extra_context),
                question=question.strip(),
                answer=answer,
                kind=kind,
                tags=self.tags(tags),
                line=start + 1,
                end_line=self.last_line(start, end),
                url=self.url(),
            )
        )
        self.recent.clear()
        if why:
            self.explain_at(at, why, True)
        return True

    def slice(self, start: int, end: int, quote: int = 0, dedent: int = 0) -> str:
        """Source lines [start, end) without `quote` blockquote markers and `dedent` spaces."""
        out = []
        for line in self.lines[start:end]:
            for _ in range(quote):
                m = _QUOTE.match(line)
                if not m:
                    break
                line = line[m.end() :]
            if dedent:
                line = line.expandtabs(4) if "\t" in line[:dedent] else line
                n = len(line) - len(line.lstrip(" "))
                line = line[min(n, dedent) :]
            out.append(line)
        while out and not out[-1].strip():
            out.pop()
        while out and not out[0].strip():
            out.pop(0)
        return "\n".join(out)

    def indent_of(self, b: Block) -> int:
        """Leading spaces of a block's first line (after its blockquote markers)."""
        if b.is_list and b.children:
            b = b.children[0]
        line = self.lines[b.start] if b.start < len(self.lines) else ""
        for _ in range(b.quote):
            m = _QUOTE.match(line)
            if not m:
                break
            line = line[m.end() :]
        return _indent(line.expandtabs(4))

    def blocks_text(self, blocks: list[Block]) -> str:
        """The source of a run of top-level blocks, empty HTML (``<br/>``) and rules trimmed."""
        keep = list(blocks)
        while keep and _empty_block(keep[-1]):
            keep.pop()
        while keep and _empty_block(keep[0]):
            keep.pop(0)
        if not keep:
            return ""
        return self.slice(keep[0].start, keep[-1].end, keep[0].quote)

    # --- headings -----------------------------------------------------------------------------
    def on_heading(self, h: Block, blocks: Blocks) -> None:
        inl = render(h.inline or [])
        text = heading_text(h)
        while self.headings and self.headings[-1].level >= h.level:
            self.headings.pop()
        if self.skip_level is not None:
            if h.level <= self.skip_level:
                self.skip_level = None
            else:
                self.explain_at(h.start, "skipped: inside a skipped section", False)
                return
        self.recent.clear()
        if h.level == 1:
            self.h1.append(text)
        if inl.skip or self.skip_next or _is_todo_heading(text):
            why = (
                "skipped: TODO section"
                if _is_todo_heading(text)
                else ("skipped: <!-- recall:skip -->")
            )
            self.skip_next = False
            self.skip_level = h.level
            self.explain_at(h.start, why, False)
            return
        url = inl.hrefs[0] if inl.hrefs else None
        date, topic = heading_tags(text)
        heading = Heading(h.level, text, url, date, topic)
        question = rules.clean_question(text)
        if question.endswith("?"):
            body = self.take_section(blocks, h.level)
            answer = self.blocks_text(body)
            if answer:
                self.headings.append(heading)
                ctx = self.context()[:-1]
                self.add(
                    question,
                    answer,
                    "question",
                    h.start,
                    body[-1].end,
                    context=ctx,
                    why=f"card (question heading): {question}",
                    at=h.start,
                )
                return
            self.explain_at(h.start, "no card: a question heading without an answer", False)
        elif (eq := inl.find(" = ")) != -1 and not date:
            left, right = inl.text[:eq].strip(), inl.text[eq + 3 :].strip()
            if left and right and rules.words(left) <= rules.FORMULA_LEFT_WORDS:
                body = self.take_section(blocks, h.level)
                answer = "\n\n".join(p for p in (right, self.blocks_text(body)) if p)
                end = body[-1].end if body else h.end
                self.headings.append(heading)
                ctx = self.context()[:-1]
                self.add(
                    f"{rules.strip_wrap(left)} = ?",
                    answer,
                    "formula",
                    h.start,
                    end,
                    context=ctx,
                    why=f"card (formula heading): {left} = ?",
                    at=h.start,
                )
                return
        self.headings.append(heading)
        if h.level > 1 or len(self.h1) > 1:
            self.try_list_card(h, heading, blocks)

    def take_section(self, blocks: Blocks, level: int) -> list[Block]:
        """Blocks up to the next heading of `level` or higher (deeper headings included)."""
        body: list[Block] = []
        while (nxt := blocks.peek()) is not None:
            if nxt.kind == "heading" and nxt.level <= level:
                break
            body.append(next(blocks))
        return body

    def try_list_card(self, h: Block, heading: Heading, blocks: Blocks) -> None:
        """A short section made only of plain statements becomes one card: Q the heading."""
        if is_date_only(heading.text) or not heading.text.strip():
            return
        ahead: list[Block] = []
        k = 0
        while (nxt := blocks.peek(k)) is not None and nxt.kind != "heading":
            ahead.append(nxt)
            k += 1
            if k > LIST_CARD_LOOKAHEAD:
                return
        lists = [b for b in ahead if b.is_list]
        others = [b for b in ahead if not b.is_list]
        if len(lists) != 1 or any(b.kind not in ("paragraph", "html_block") for b in others):
            return
        if any(b.kind == "html_block" and is_skip_comment(b.content) for b in others):
            return
        if any(self._paragraph_has_syntax(b) for b in others if b.kind == "paragraph"):
            return
        items = self.analyse(lists[0])
        lo, hi = LIST_CARD_ITEMS
        if not lo <= len(items) <= hi:
            return
        if not all(it.verdict.statement and not it.facts and not _has_card(it) for it in items):
            return
        for _ in range(k):
            next(blocks)
        question = rules.as_question(heading.text)
        answer = self.slice(
            lists[0].start, lists[0].end, lists[0].quote, _indent(self.lines[lists[0].start])
        )
        ctx = self.context()[:-1]
        self.add(
            question,
            answer,
            "list",
            h.start,
            lists[0].end,
            context=ctx,
            why=f"card (list): {question}",
            at=h.start,
        )
        for it in items:
            self.explain_at(it.block.start, f"in the list card '{question}'", False)

    def _paragraph_has_syntax(self, p: Block) -> bool:
        inl = render(p.inline or [])
        first = p.content.lstrip()
        return bool(
            first.startswith(("Q:", "C:", "START"))
            or cloze.find(inl)
            or any(rules.double_colon(line) for _, line in inl.lines())
            or any(line.text.strip() in ("?", "??") for _, line in inl.lines())
        )

    # --- paragraphs ---------------------------------------------------------------------------
    def on_paragraph(self, p: Block, blocks: Blocks) -> None:
        inl = render(p.inline or [])
        raw = p.content.strip()
        if inl.skip:
            return
        if _TAG_ONLY.match(raw) and not raw.startswith("#!"):
            self.file_tags.extend(t for t in raw.split() if t.startswith("#"))
            return
        first = raw.split("\n", 1)[0].strip()
        if first == "START":
            self.o2a_note(p, blocks)
            return
        if raw.startswith("Q:"):
            self.qa_pair(p, blocks)
            return
        if raw.startswith("C:"):
            self.hashcards_cloze(p, blocks)
            return
        if not self.quoted and self._is_question_para(p):
            self.bold_question(p, inl, blocks)
            return
        lines = inl.lines()
        if any(line.text.strip() in ("?", "??") for _, line in lines):
            self.multiline(p, inl, blocks)
            return
        made = False
        for k, line in lines:
            dc = rules.double_colon(line)
            if not dc:
                continue
            start, length = dc
            q = line.text[:start].strip()
            a = line.text[start + length :].strip()
            if q and a and not cloze.find(line):
                made = True
                self.add(
                    q,
                    a,
                    "explicit",
                    p.start + k,
                    p.start + k + 1,
                    why=f"card (explicit {':' * length}): {q}",
                    at=p.start + k,
                )
                if length == 3:
                    self.add(a, q, "reversed", p.start + k, p.start + k + 1)
        if not made and cloze.find(inl):
            text = inl.text.strip()
            self.add(
                text, cloze.back(text), "cloze", p.start, p.end, why="card (cloze)", at=p.start
            )
            made = True
        if not made:
            self.recent.append(p)

    def _is_question_para(self, p: Block) -> bool:
        if p.kind != "paragraph" or not p.content.lstrip().startswith(("**", "__")):
            return False
        m = _BOLD_PARA.match(render(p.inline or []).text.strip())
        return bool(m and "?" in m.group(2) and "\n" not in m.group(2).strip())

    def bold_question(self, p: Block, inl: Inline, blocks: Blocks) -> None:
        question = rules.clean_question(inl.text)
        body: list[Block] = []
        while (nxt := blocks.peek()) is not None:
            if nxt.kind in ("heading", "hr") or self._is_question_para(nxt):
                break
            body.append(next(blocks))
        answer = self.blocks_text(body)
        if not answer:
            self.explain_at(p.start, "no card: a bold question without an answer", False)
            return
        self.add(
            question,
            answer,
            "question",
            p.start,
            body[-1].end,
            why=f"card (bold question): {question}",
            at=p.start,
        )

    def multiline(self, p: Block, inl: Inline, blocks: Blocks) -> None:
        """Obsidian's multi-line card: question lines, a ``?`` (or ``??``) line, answer lines."""
        lines = p.content.split("\n")
        sep = next(i for i, line in enumerate(lines) if line.strip() in ("?", "??"))
        both = lines[sep].strip() == "??"
        front_parts = [
            self.slice(b.start, b.end, b.quote) for b in self.recent if not _empty_block(b)
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
        """``Q:`` / ``A:`` cards (hashcards, Obsidian_to_Anki): the answer runs to the next card."""
        q_parts: list[str] = []
        a_parts: list[str] = []
        lines = p.content.split("\n")
        a_at = next((i for i, line in enumerate(lines) if line.startswith("A:")), None)
        end = p.end
        if a_at is not None:
            q_parts.append("\n".join(lines[:a_at])[2:].strip())
            a_parts.append("\n".join(lines[a_at:])[2:].strip())
        else:
            q_parts.append(p.content[2:].strip())
            while (nxt := blocks.peek()) is not None and not _ends_explicit(nxt):
                b = next(blocks)
                end = b.end
                if b.kind == "paragraph" and b.content.startswith("A:"):
                    a_parts.append(b.content[2:].strip())
                    break
                q_parts.append(self.slice(b.start, b.end, b.quote))
            else:
                self.explain_at(p.start, "no card: 'Q:' without 'A:'", False)
                return
        while (nxt := blocks.peek()) is not None and not _ends_explicit(nxt):
            b = next(blocks)
            if not _empty_block(b):
                a_parts.append(self.slice(b.start, b.end, b.quote))
                end = b.end
        question = "\n\n".join(x for x in q_parts if x)
        answer = "\n\n".join(x for x in a_parts if x)
        if question and answer:
            self.add(
                question,
                answer,
                "explicit",
                p.start,
                end,
                why=f"card (explicit Q:/A:): {question.splitlines()[0]}",
                at=p.start,
            )
        else:
            self.explain_at(p.start, "no card: 'Q:' or 'A:' is empty", False)

    def hashcards_cloze(self, p: Block, blocks: Blocks) -> None:
        """hashcards' ``C:`` card: ``[text]`` marks each deletion; becomes ``{{cN::text}}``."""
        parts = [bracket_clozes(p.content[2:].strip())]
        end = p.end
        while (nxt := blocks.peek()) is not None and not _ends_explicit(nxt):
            b = next(blocks)
            if not _empty_block(b):
                parts.append(bracket_clozes(self.slice(b.start, b.end, b.quote)))
                end = b.end
        text = "\n\n".join(x for x in parts if x)
        if "{{c" not in text:
            self.explain_at(p.start, "no card: 'C:' without a [deletion]", False)
            return
        self.add(text, cloze.back(text), "cloze", p.start, end, why="card (cloze C:)", at=p.start)

    def o2a_note(self, p: Block, blocks: Blocks) -> None:
        """An Obsidian_to_Anki ``START`` … ``END`` note (Basic or Cloze, ``Back:``, ``Tags:``)."""
        start = p.start
        end = None
        if p.content.strip().split("\n")[-1].strip() == "END":
            end = p.end
        k = 0
        while end is None and k < O2A_LOOKAHEAD and (nxt := blocks.peek(k)) is not None:
            if self.lines[nxt.end - 1].strip() == "END" if nxt.end else False:
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

    # --- tables -------------------------------------------------------------------------------
    def on_table(self, t: Block) -> None:
        """A one-column table whose header is a question (Obsidian_to_Anki's table style)."""
        if t.rows and len(t.rows[0]) == 1 and len(t.rows) > 1:
            head = render(t.rows[0][0]).text.strip()
            body = "\n".join(render(r[0]).text.strip() for r in t.rows[1:] if r)
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

    def front_matter(self, b: Block) -> None:
        if _FRONT_OFF.search(b.content):
            self.opted_out = True
            self.explain_at(0, "skipped: front matter says recall: false", False)
            return
        lines = b.content.split("\n")
        for i, line in enumerate(lines):
            m = _FRONT_TAGS.match(line)
            if not m:
                continue
            value = m.group(1).strip()
            if value:
                self.file_tags.extend(
                    x.strip().strip("'\"") for x in value.strip("[]").split(",") if x.strip()
                )
            else:
                for more in lines[i + 1 :]:
                    item = re.match(r"^\s*-\s+(.+)$", more)
                    if not item:
                        break
                    self.file_tags.append(item.group(1).strip().strip("'\""))

    # --- lists --------------------------------------------------------------------------------
    def analyse(self, lst: Block) -> list[Item]:
        """Verdicts for every item of a list and of its nested lists (no cards made yet)."""
        items = [self._analyse_item(it) for it in lst.children if it.kind == "list_item"]
        keys: dict[str, int] = {}
        for it in items:
            if it.verdict.label_key and it.verdict.kind:
                keys[it.verdict.label_key] = keys.get(it.verdict.label_key, 0) + 1
        for it in items:
            key = it.verdict.label_key
            if key and it.verdict.kind and keys.get(key, 0) > 1:
                it.verdict = rules.Verdict(
                    reason=f"no card: the label '{key}' repeats in this list", statement=True
                )
        return items

    def _analyse_item(self, item: Block) -> Item:
        children = item.children
        first = children[0] if children and children[0].kind == "paragraph" else None
        rest = children[1:] if first is not None else list(children)
        col = (
            _content_col(self.lines[item.start], item.quote) if item.start < len(self.lines) else 0
        )
        node = Item(item, rules.Verdict(), col, first=first, rest=rest)
        node.lists = [self.analyse(b) for b in rest if b.is_list]
        nested = [it for lst in node.lists for it in lst]
        only_links = (
            bool(nested)
            and all(it.verdict.reason == "skipped: link-only item" for it in nested)
            and all(b.is_list for b in rest)
        )
        inl = render(first.inline or []) if first is not None else Inline("")
        if first is not None and "\n" in inl.text:
            inl, node.facts = _split_arrows(inl, first.start)
        has_children = bool(rest)
        if first is not None and not rest and is_link_only(first.inline or []):
            node.verdict = rules.Verdict(reason="skipped: link-only item", skip=True)
        else:
            node.verdict = rules.classify(
                inl,
                has_children=has_children,
                only_link_children=only_links,
                has_items=bool(node.lists),
            )
            if node.verdict.kind in ("parent", "label", "question") and first is not None:
                node.verdict.title = node.verdict.title or plain(first.inline or [])
        return node

    def on_list(self, lst: Block, ancestors: list[str]) -> None:
        for it in self.analyse(lst):
            self.emit(it, ancestors)

    def emit(self, it: Item, ancestors: list[str]) -> None:
        v = it.verdict
        b = it.block
        if v.skip:
            self.explain_at(b.start, v.reason, False)
            return
        inner = ancestors
        if v.kind and self.quoted and v.kind not in EXPLICIT_KINDS:
            self.explain_at(b.start, f"no card: quoted text ({v.kind} rule not used)", False)
        elif v.kind:
            answer = v.answer
            if v.children_answer:
                extra = self.children_text(it)
                answer = f"{answer}\n{extra}" if answer and extra else (answer or extra)
            if v.kind == "cloze":
                answer = cloze.back(v.question)
            if answer.strip():
                self.add(
                    v.question,
                    answer,
                    v.kind,
                    b.start,
                    b.end,
                    extra_context=ancestors,
                    why=f"card ({v.kind}): {v.question}",
                    at=b.start,
                )
                if v.reverse:
                    self.add(
                        v.reverse[0],
                        v.reverse[1],
                        "reversed",
                        b.start,
                        b.end,
                        extra_context=ancestors,
                    )
            else:
                self.explain_at(b.start, "no card: nothing to answer with", False)
            if v.kind in ("label", "parent", "question"):
                inner = [*ancestors, context_title(v.title)]
        else:
            self.explain_at(b.start, v.reason, False)
        for line, fact in it.facts:
            fv = rules.classify(fact, has_children=False)
            if fv.kind and not fv.skip and not (self.quoted and fv.kind not in EXPLICIT_KINDS):
                answer = cloze.back(fv.question) if fv.kind == "cloze" else fv.answer
                self.add(
                    fv.question,
                    answer,
                    fv.kind,
                    line,
                    line + 1,
                    extra_context=ancestors,
                    why=f"card ({fv.kind}, own line): {fv.question}",
                    at=line,
                )
            else:
                self.explain_at(line, fv.reason or "no card", False)
        for nested in it.lists:
            for child in nested:
                self.emit(child, inner)

    def children_text(self, it: Item) -> str:
        """An item's nested content as its answer; nested cards appear by their titles only."""
        parts: list[tuple[Block, str]] = []
        lists = iter(it.lists)
        col = min((self.indent_of(b) for b in it.rest), default=it.col)
        for b in it.rest:
            if b.is_list:
                items = next(lists)
                rows = []
                for child in items:
                    v = child.verdict
                    if v.skip:
                        continue
                    if v.kind:
                        rows.append(_marker(child.block) + v.title.strip())
                    else:
                        rows.append(
                            self.slice(child.block.start, child.block.end, child.block.quote, col)
                        )
                text = "\n".join(r for r in rows if r.strip())
            else:
                text = self.slice(b.start, b.end, b.quote, col)
            if text.strip():
                parts.append((b, text))
        out = ""
        prev: Block | None = None
        for b, text in parts:
            if prev is None:
                out = text
            else:
                gap = (
                    any(
                        not self.lines[i].strip()
                        for i in range(prev.end - 1, b.start)
                        if 0 <= i < len(self.lines)
                    )
                    if b.start > prev.start
                    else False
                )
                out += ("\n\n" if gap else "\n") + text
            prev = b
        return out


# --- small helpers ----------------------------------------------------------------------------
def heading_text(h: Block) -> str:
    """A heading as context: link text only, no emphasis, trailing colon dropped."""
    text = plain(h.inline or []).strip()
    text = re.sub(r"\s+", " ", text)
    return text.rstrip(":").strip() if text.rstrip(":").strip() else text


def context_title(title: str) -> str:
    """An outline item's title as a context entry (plain, without trailing punctuation)."""
    text = rules.strip_wrap(title.strip())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)", "", text)
    return text.rstrip(" :.?").strip()


def _is_todo_heading(text: str) -> bool:
    t = text.strip().lower().strip("[]():. ")
    return t in ("todo", "todos", "to do", "to-do", "fixme") or rules.is_todo(text)


def _empty_block(b: Block) -> bool:
    if b.kind == "hr":
        return True
    if b.kind == "html_block":
        return not re.sub(r"<[^>]*>|&nbsp;", "", b.content).strip()
    return False


def _ends_explicit(b: Block) -> bool:
    """Where the answer of a ``Q:``/``A:`` or ``C:`` card stops."""
    if b.kind in ("heading", "hr", "html_block"):
        return True
    return b.kind == "paragraph" and b.content.startswith(("Q:", "C:", "START"))


def _has_card(it: Item) -> bool:
    return any(child.verdict.kind or _has_card(child) for lst in it.lists for child in lst)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_col(line: str, quote: int) -> int:
    for _ in range(quote):
        m = _QUOTE.match(line)
        if not m:
            break
        line = line[m.end() :]
    line = line.expandtabs(4)
    m = _ITEM_HEAD.match(line)
    if not m:
        return _indent(line)
    indent, marker, spaces = m.groups()
    rest = line[m.end() :]
    if not rest.strip() or len(spaces) > 4:
        return len(indent) + len(marker) + 1
    return len(indent) + len(marker) + len(spaces)


def _marker(item: Block) -> str:
    if item.info and item.info.isdigit():
        return f"{item.info}{item.markup or '.'} "
    return f"{item.markup or '-'} "


def _split_arrows(inl: Inline, first_line: int) -> tuple[Inline, list[tuple[int, Inline]]]:
    """Cut lines that start with an arrow (``=> using log: ...``) off as facts of their own.

    Each such line, with the lines after it up to the next arrow line, is one fact.
    """
    pieces = inl.lines()
    starts = [k for k, piece in pieces[1:] if _ARROW.match(piece.text)]
    if not starts:
        return inl, []
    line_starts = [0]
    for i, ch in enumerate(inl.text):
        if ch == "\n":
            line_starts.append(i + 1)
    facts: list[tuple[int, Inline]] = []
    bounds = [*starts, len(pieces)]
    for a, b in itertools.pairwise(bounds):
        begin = line_starts[a]
        stop = line_starts[b] - 1 if b < len(line_starts) else len(inl.text)
        fact = inl.slice(begin, stop)
        m = _ARROW.match(fact.text)
        facts.append((first_line + a, fact.slice(m.end() if m else 0).strip()))
    head = inl.slice(0, line_starts[starts[0]] - 1).strip()
    return head, facts


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


_O2A_CLOZE = re.compile(r"(?<!\{)\{(?:(c?)(\d+)[:|])?([^{}]+)\}(?!\})")


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


def stem_deck(path: Path) -> str:
    """A deck name from a file name: the name without its extension."""
    name = path.name
    return name[: -len(path.suffix)] if path.suffix else name


__all__ = ["Draft", "FileWalker", "bracket_clozes", "heading_text", "o2a_clozes", "slug"]
