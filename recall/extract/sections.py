"""Section rules: question headings, bold question paragraphs, formula headings, list cards."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from recall.extract import cloze, rules
from recall.extract.blocks import Block, Blocks, indent
from recall.extract.explicit import MAYBE_CARD
from recall.extract.inline import Inline, is_skip_comment, render
from recall.extract.outline import has_card

if TYPE_CHECKING:
    from recall.extract.walker import Heading

LIST_CARD_ITEMS = (2, 8)  # a section of 2-8 plain statements becomes one list card
LIST_CARD_LOOKAHEAD = 12  # blocks looked at to decide whether a section is that short
_BOLD_PARA = re.compile(
    r"^(\*\*|__)(.+?)\1([\s\u200d\ufe0f\u2600-\u27bf\U0001f000-\U0001faff]*)$", re.S
)


class SectionRules:
    """Mixed into `FileWalker`: rules that look at a heading or paragraph and the blocks after it."""

    def take_section(self, blocks: Blocks, *, explicit_ends: bool = True) -> list[Block]:
        """The content under a question heading: blocks up to the next heading or question.

        With `explicit_ends` it also stops before a block that is a card of its own by
        explicit syntax (explicit always wins; see `is_explicit_card`).
        """
        body: list[Block] = []
        while (nxt := blocks.peek()) is not None:
            if nxt.kind == "heading" or self._is_question_para(nxt):
                break
            if explicit_ends and self.is_explicit_card(nxt):
                break
            body.append(next(blocks))
        return body

    def try_list_card(self, h: Block, heading: Heading, blocks: Blocks) -> str | None:
        """A short section made only of plain statements becomes one card: Q the heading.

        Returns None when the card was made, else why not (for ``--explain``).
        """
        if heading.date_only or not heading.text.strip():
            return "no list card under a date heading"
        ahead: list[Block] = []
        k = 0
        while (nxt := blocks.peek(k)) is not None and nxt.kind != "heading":
            ahead.append(nxt)
            k += 1
            if k > LIST_CARD_LOOKAHEAD:
                return "no list card: the section is long"
        lists = [b for b in ahead if b.is_list]
        others = [b for b in ahead if not b.is_list]
        if len(lists) != 1:
            return "no list card: the section has no single list"
        if any(b.kind not in ("paragraph", "html_block") for b in others):
            return "no list card: the section holds more than a list and text"
        if any(b.kind == "html_block" and is_skip_comment(b.content) for b in others):
            return "no list card: <!-- recall:skip -->"
        paragraphs = [b for b in others if b.kind == "paragraph"]
        if any(
            self._paragraph_has_syntax(b)
            or self._is_question_para(b)
            or b.content.rstrip().endswith("?")
            for b in paragraphs
        ):
            return "no list card: the section has card syntax or a question of its own"
        items = self.analyse(lists[0])
        lo, hi = LIST_CARD_ITEMS
        if not lo <= len(items) <= hi:
            return f"no list card: {len(items)} items (a list card takes {lo}-{hi})"
        if not all(it.verdict.statement and not it.facts and not has_card(it) for it in items):
            return "no list card: not every item is a plain statement"
        for _ in range(k):
            next(blocks)
        answer = self.slice(
            lists[0].start, lists[0].end, lists[0].quote, indent(self.lines[lists[0].start])
        )
        at = ahead.index(lists[0])
        lead = ahead[at - 1] if at else None
        question = self.lead_in(lead, lists[0], len(items))
        if lead is not None and question is not None:
            # A sentence announcing the list asks more precisely than the heading above it
            # ("## API" / "The query string parameters are:"): the sentence asks, as it does
            # in a longer section, and the heading is its context.
            self.explain_at(
                h.start, f"no card of its own: the sentence below asks ({question})", False
            )
            self.add(
                question,
                answer,
                "list",
                lead.start,
                lists[0].end,
                context=self.prose_context(),
                keep_h1=True,
                why=f"card (a sentence and its list): {question}",
                at=lead.start,
            )
        else:
            question = rules.as_question(heading.text)
            self.add(
                question,
                answer,
                "list",
                h.start,
                lists[0].end,
                context=self.context()[:-1],
                why=f"card (list): {question}",
                at=h.start,
            )
        for it in items:
            self.explain_at(it.block.start, f"in the list card '{question}'", False)
        return None

    def _paragraph_has_syntax(self, p: Block) -> bool:
        if not MAYBE_CARD.search(p.content):
            return False
        inl = render(p.inline or [])
        first = p.content.lstrip()
        return bool(
            first.startswith(("Q:", "C:", "START"))
            or cloze.find(inl)
            or any(rules.double_colon(line) for _, line in inl.lines())
            or any(line.text.strip() in ("?", "??") for _, line in inl.lines())
        )

    def _is_question_para(self, p: Block) -> bool:
        """A paragraph that is all bold and a question; once a file writes its questions that
        way, a short bold title on its own (``**Precision-recall trade-off ⭐️**``) counts too."""
        if p.kind != "paragraph" or not p.content.lstrip().startswith(("**", "__")):
            return False
        m = _BOLD_PARA.match(render(p.inline or []).text.strip())
        if not m or "\n" in m.group(2).strip():
            return False
        if "?" in m.group(2):
            return True
        title = m.group(2).strip()
        return (
            self.bold_questions > 0
            and rules.words(title) <= rules.LABEL_WORDS
            and not title.endswith((".", ":", "!"))
        )

    def bold_question(self, p: Block, inl: Inline, blocks: Blocks) -> None:
        question = rules.clean_question(inl.text)
        if "?" in question:
            self.bold_questions += 1
        else:
            question = rules.as_question(question)
        body: list[Block] = []
        while (nxt := blocks.peek()) is not None:
            if nxt.kind in ("heading", "hr") or self._is_question_para(nxt):
                break
            if self.is_explicit_card(nxt):
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
