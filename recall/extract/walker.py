"""One file's walk: headings give the context, each block is offered to the card rules in turn.

The walk streams the file's top-level blocks (big files are parsed in chunks), keeps the
heading path, and turns list items, question headings, bold question paragraphs, explicit
card syntax, short statement sections, definition sections and sentences announcing a list
into cards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from recall.extract import cloze, rules
from recall.extract.blocks import Block, Blocks, empty_block, indent, iter_blocks
from recall.extract.cutlist import graft_cut_items
from recall.extract.explain import Explanation
from recall.extract.explicit import MAYBE_CARD, ExplicitRules
from recall.extract.files import SourceFile
from recall.extract.inline import is_skip_comment, plain, render
from recall.extract.links import markdown_links
from recall.extract.outline import EXPLICIT_KINDS, OutlineRules
from recall.extract.parser import CHUNK_CHARS
from recall.extract.prose import ProseRules
from recall.extract.safe import path_text, visible
from recall.extract.sections import SectionRules
from recall.extract.tags import heading_info

_QUOTE = re.compile(r"^ {0,3}> ?")
_TAG_ONLY = re.compile(r"^(?:#[^\s#][^\s]*\s*)+$")
_FRONT_OFF = re.compile(r"^\s*recall\s*:\s*(false|no|off|skip)\s*$", re.I | re.M)
_FRONT_TAGS = re.compile(r"^\s*tags\s*:\s*(.*)$", re.I)
_CODE = {
    "code_block": "indented code block (4 spaces: code, not text)",
    "fence": "code fence (examples are not cards)",
}
_TRAILING_BREAKS = re.compile(r"(?:\s*<br\s*/?>)+\s*$", re.I)


@dataclass
class Draft:
    """A card before the file's deck and ids are settled (both need the whole file)."""

    context: tuple[str, ...]  # heading texts, then the titles of the outline items above
    h1: bool  # context[0] is the text of an H1 (dropped when it is the file's single H1)
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
    date_only: bool = False


class FileWalker(SectionRules, ProseRules, OutlineRules, ExplicitRules):
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
        self.open_question = None  # a list's last item asking with no answer (see on_list)
        self.mdanki: bool | None = None  # written for mdanki? (decided at the first ## heading)
        self.bold_questions = 0  # bold question paragraphs met so far (the file's Q&A style)
        self.analysed: dict[int, tuple[Block, list]] = {}
        self._tags_key: tuple | None = None
        self._ctx_key: int | None = None
        self.heading_version = 0  # bumped whenever the heading path changes
        self._ctx: tuple[str, ...] = ()
        self._tags: list[str] = []

    # --- driving ------------------------------------------------------------------------------
    def run(self) -> None:
        """Walk the whole text; results land in drafts, explanations, warnings and links."""
        for _ in self.steps():
            pass

    def steps(self) -> Iterator[None]:
        """Walk the text one top-level block at a time (yields after each; big files are
        parsed chunk by chunk as the walk goes), so explanations can be handed out early."""
        blocks = Blocks(
            self._collect_links(iter_blocks(self.text, self.warn, chunk_chars=self.chunk_chars))
        )
        for b in blocks:
            if self.opted_out:
                break
            self.top(b, blocks)
            yield
        if self.opted_out:
            self.drafts.clear()

    def _collect_links(self, blocks: Iterator[Block]) -> Iterator[Block]:
        for b in blocks:
            self._links_in(b)
            yield b

    def _links_in(self, b: Block) -> None:
        if b.kind in ("heading", "paragraph") and ".md" in b.content.lower():
            self.links.extend(markdown_links(b.inline))
        for child in b.children:
            self._links_in(child)
        if b.rows and any(".md" in c.content.lower() for row in b.rows for c in row):
            for row in b.cells():
                for cell in row:
                    self.links.extend(markdown_links(cell))

    def warn(self, message: str) -> None:
        self.warnings.append(visible(f"{self.source.display}: {message}"))

    def walk(self, blocks: Blocks) -> None:
        for b in blocks:
            if self.opted_out:
                return
            self.top(b, blocks)

    def top(self, b: Block, blocks: Blocks) -> None:
        kind = b.kind
        if kind != "blockquote":
            self.open_question = None
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
            before = {id(e) for e in self.explanations} if self.explain else set()
            if self.put_back_cut_items(b, blocks) and self.explain:
                self.on_list(b, [])
                old = [e for e in self.explanations if id(e) in before]
                new = [e for e in self.explanations if id(e) not in before]
                self.explanations = old + sorted(new, key=lambda e: e.line)  # in line order
            else:
                self.on_list(b, [])
            self.recent.clear()
        elif kind == "table":
            self.on_table(b)
        elif kind == "blockquote" and self.open_question is not None:
            question, self.open_question = self.open_question, None
            self.add(
                question.verdict.question,
                self.slice(b.start, b.end, b.quote + 1),
                "explicit",
                question.block.start,
                b.end,
                why="card (inka: numbered question, quoted answer)",
                at=question.block.start,
            )
        elif kind == "blockquote":
            self.quoted += 1  # quoted text is someone else's: only explicit card syntax counts
            try:
                self.walk(Blocks(b.children))
            finally:
                self.quoted -= 1
        else:
            if kind in ("code_block", "fence"):
                self.explain_at(b.start, f"no card: {_CODE[kind]}", False)
            self.recent.append(b)

    def put_back_cut_items(self, lst: Block, blocks: Blocks) -> bool:
        """Items a column-0 HTML comment cut off `lst` become its nested items (see cutlist);
        True when there were any."""
        cuts = graft_cut_items(lst, blocks, self.lines)
        for cut in cuts:
            self.warn(
                f"line {cut.code.start + 1}: the HTML comment on line {cut.comment.start + 1} "
                "ends the list above, so the indented items after it are code to markdown; "
                "read as nested list items (indent the comment, or remove it)"
            )
            self.explain_at(
                cut.code.start, "list items cut off by an HTML comment: read as items", False
            )
        if cuts:
            self.analysed.clear()  # a look-ahead may have judged the list before it grew
        return bool(cuts)

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

    def context(self, extra: Iterable[str] = ()) -> tuple[str, ...]:
        """The heading path, then `extra` (outline titles), as card context."""
        key = self.heading_version
        if self._ctx_key != key:
            self._ctx_key, self._ctx = key, tuple(h.text for h in self.headings)
        extra = tuple(t for t in extra if t)
        return self._ctx + extra if extra else self._ctx

    def url(self) -> str | None:
        for h in reversed(self.headings):
            if h.url:
                return h.url
        return None

    def tags(self, extra: Iterable[str] = ()) -> list[str]:
        """The date and topic of the nearest dated heading, then the file's tags and `extra`."""
        extra = tuple(extra)
        key = (self.heading_version, len(self.file_tags), extra)
        if self._tags_key == key:
            return list(self._tags)
        out = self._heading_tags(extra)
        self._tags_key, self._tags = key, out
        return list(out)

    def _heading_tags(self, extra: tuple[str, ...]) -> list[str]:
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
            t = "-".join(t.split())
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
        keep_h1: bool = False,
        why: str = "",
        at: int | None = None,
    ) -> bool:
        """Record a card whose source spans lines [start, end) (0-based); False if refused.

        `why` is the ``--explain`` outcome, noted at line `at` (default `start`). With
        `keep_h1`, the file's H1 stays in the context even when it is the deck. Trailing
        ``<br>`` lines are dropped from the answer; an answer that is only a placeholder, or
        (outside explicit syntax) only a call to contribute, is refused.
        """
        at = start if at is None else at
        answer = answer.strip("\n").rstrip()
        if "<" in answer[-8:]:
            answer = _TRAILING_BREAKS.sub("", answer).rstrip()
        if rules.is_placeholder(answer) or not question.strip():
            self.explain_at(at, "no card: the answer is only a placeholder", False)
            return False
        if kind not in EXPLICIT_KINDS and (
            rules.is_call_to_action(answer) or rules.is_pointer_answer(answer)
        ):
            why = "no card: the answer only asks the reader to act or points elsewhere"
            self.explain_at(at, why, False)
            return False
        self.drafts.append(
            Draft(
                context=tuple(context) if context is not None else self.context(extra_context),
                h1=not keep_h1 and bool(self.headings) and self.headings[0].level == 1,
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
        return indent(line.expandtabs(4))

    def blocks_text(self, blocks: list[Block]) -> str:
        """The source of a run of top-level blocks, empty HTML (``<br/>``) and rules trimmed."""
        keep = list(blocks)
        while keep and empty_block(keep[-1]):
            keep.pop()
        while keep and empty_block(keep[0]):
            keep.pop(0)
        if not keep:
            return ""
        return self.slice(keep[0].start, keep[-1].end, keep[0].quote)

    # --- headings -----------------------------------------------------------------------------
    def on_heading(self, h: Block, blocks: Blocks) -> None:
        self.heading_version += 1
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
        date, topic, date_only = heading_info(text)
        heading = Heading(h.level, text, url, date, topic, date_only)
        if h.level == 2 and not self.quoted and self.is_mdanki(blocks):
            self.headings.append(heading)
            self.heading_version += 1
            self.mdanki_card(h, blocks)
            return
        question = rules.clean_question(text)
        if question.endswith("?"):
            body = self.take_section(blocks)
            answer = self.blocks_text(body)
            if answer:
                self.headings.append(heading)
                self.heading_version += 1
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
        elif (eq := inl.find_separator(" = ")) != -1 and not date:
            left, right = inl.text[:eq].strip(), inl.text[eq + 3 :].strip()
            if left and right and rules.words(left) <= rules.FORMULA_LEFT_WORDS:
                body = self.take_section(blocks)
                answer = "\n\n".join(p for p in (right, self.blocks_text(body)) if p)
                end = body[-1].end if body else h.end
                self.headings.append(heading)
                self.heading_version += 1
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
        self.heading_version += 1
        if h.level == 1 and len(self.h1) < 2:
            self.explain_at(h.start, "no card: the file's title (the deck)", False)
            return
        why = self.try_definition_card(h, heading, blocks)
        if why is None:
            return
        why_list = self.try_list_card(h, heading, blocks)
        if why_list is None:
            return
        self.explain_at(h.start, f"no card: not a definition section ({why}); {why_list}", False)

    # --- paragraphs ---------------------------------------------------------------------------
    def on_paragraph(self, p: Block, blocks: Blocks) -> None:
        raw = p.content.strip()
        if not MAYBE_CARD.search(raw):
            self.recent.append(p)  # prose: no card syntax can be in it (inline never parsed)
            if self.explain:
                self.explain_prose(p)
            return
        inl = render(p.inline or [])
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
            if self.explain:
                self.explain_prose(p)

    def explain_prose(self, p: Block) -> None:
        """``--explain`` for a paragraph that made no card of its own."""
        if self.quoted:
            why = "no card: quoted prose (only explicit card syntax counts in quotes)"
        elif p.content.rstrip().endswith(":"):
            why = "no card: prose (a sentence ending in ':' makes a card only before a list)"
        else:
            why = "no card: prose paragraph (no label, question, formula or card syntax)"
        self.explain_at(p.start, why, False)

    # --- tables -------------------------------------------------------------------------------

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


# --- small helpers ----------------------------------------------------------------------------
def heading_text(h: Block) -> str:
    """A heading as context: link text only, no emphasis, trailing colon dropped."""
    text = plain(h.inline or []).strip()
    text = " ".join(text.split())
    return text.rstrip(":").strip() if text.rstrip(":").strip() else text


def _is_todo_heading(text: str) -> bool:
    t = text.strip().lower().strip("[]():. ")
    return t in ("todo", "todos", "to do", "to-do", "fixme") or rules.is_todo(text)


_O2A_CLOZE = re.compile(r"(?<!\{)\{(?:(c?)(\d+)[:|])?([^{}]+)\}(?!\})")


def stem_deck(path: Path) -> str:
    """A deck name from a file name: the name without its extension (as valid Unicode)."""
    name = path_text(path.name)
    suffix = path_text(path.suffix)
    return name[: -len(suffix)] if suffix else name


__all__ = ["Draft", "FileWalker", "Heading", "heading_text"]
