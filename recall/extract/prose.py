"""Prose rules: a short definition section under a term heading, a lead-in sentence and its list.

Prose is skipped unless it has one of two shapes a learner turns into a card:

- a definition note: a heading of a few words naming a term, then one short paragraph (or two
  around a display formula), optionally with one quote, formula or fence, and nothing else
  (``## Debounce`` + what it means) → Q the heading, A the section;
- an enumeration: a sentence that announces a list (ends with ``:``, or names as many things as
  the list holds: "in three formats." + three items) followed by a list of plain statements
  → Q the sentence, A the list.

Both are refused for narration (I/we/my), pointers (``Get it [here](...)``, bare URLs), dated
or numbered headings (``Day 22``, ``Step 1``), reference sections and quoted text. Their context
keeps the file's H1: prose leans on the note's title (``## Statement`` under
``# Pinsker's inequality``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from recall.extract import rules
from recall.extract.blocks import Block, Blocks, empty_block
from recall.extract.inline import is_link_only, render

if TYPE_CHECKING:
    from recall.extract.outline import Item
    from recall.extract.walker import Heading

DEFINITION_HEADING_WORDS = 5  # a term, not a title or a sentence
DEFINITION_HEADING_CHARS = 60
DEFINITION_WORDS = 60  # the whole definition: one short paragraph
DEFINITION_CHARS = 600  # the same bound for scripts written without spaces
DEFINITION_PARAGRAPHS = 2  # one paragraph, or two around a display formula
DEFINITION_FENCE_LINES = 25
DEFINITION_LOOKAHEAD = 8
LEAD_IN_WORDS = 15  # the announcing sentence: a prompt read at a glance
LEAD_IN_ITEMS = (2, 12)
LEAD_IN_ITEM_WORDS = 40

_FIRST_PERSON_I = re.compile(r"(?<![\w'’./-])I(?:['’](?:m|ve|d|ll))?(?![\w'’/-])")
_FIRST_PERSON = re.compile(r"\b(?:my|me|mine|myself|we|our|ours|ourselves|let['’]s)\b", re.I)
_POINTER = re.compile(
    r"^\W*(?:see|check(?: out)?|get|download|visit|click|read|follow|refer to|go to|watch|"
    r"find|grab|head over|more (?:info|information|details)|here(?:['’]s| is| are)|below|"
    r"above|for (?:more|details|example|instance)|e\.g\.|example|source|via|the following|"
    r"following)\b"
    r"|\b(?:find|see|read|check)\b[^.]{0,30}\b(?:documentation|docs|details|more information)\b",
    re.I,
)
_POINTER_LINK = re.compile(r"\[(?:here|this|link|this link|click here|this post|there)\]\(", re.I)
_BARE_URL = re.compile(r"(?<!\]\()(?<!\]: )(?:\b[A-Za-z][A-Za-z0-9+.-]*://|\bwww\.)")
_VERSION = re.compile(r"^v?\d+(?:\.\d+)+\b")  # a release: v4.0.3, 2.1
_EXAMPLE_HEADING = re.compile(r"\bexamples?\b", re.I)
_NUMBERED = re.compile(
    r"\b(?:day|step|part|chapter|week|lesson|lecture|episode|ep|session|module|unit|phase|"
    r"stage|round|level|exercise|problem|task)\s*#?\s*\d+\b",
    re.I,
)
_META_HEADING = re.compile(
    r"^(?:references?|sources?|resources?|links?|see also|further reading|reading list|"
    r"bibliography|citations?|credits?|acknowledge?ments?|licen[cs]e|contributing|contributors?|"
    r"authors?|related(?: notes| links)?|table of contents|contents|toc|changelog|change log|"
    r"installation|install|setup|getting started|usage|todo|to do|example|examples|demo|"
    r"screenshots?|参考文献|参考資料|参考|出典|参照|関連|참고 문서|참고 자료|참고|출처|관련|"
    r"参考资料|参考链接|来源|延伸阅读)$",
    re.I,
)
_LETTER = re.compile(r"[^\W\d_]").search
_ANAPHORA = re.compile(  # a sentence leaning on the one before it
    r"^\W*(?:it|this|that|they|these|those|he|she|its|their|also|additionally|so|then|thus|"
    r"therefore|however|furthermore|moreover|besides|otherwise|instead|similarly|likewise|"
    r"in addition)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?。．！？])\s+")
_LEAD_TAIL = re.compile(
    r"(?:[\s,]+(?:are|is|were|was|include|includes|including|such as|like|namely|"
    r"as follows|the following|following|below|e\.g\.|i\.e\.))+\s*$",
    re.I,
)
_EXAMPLE_LEAD = re.compile(r"^\W*(?:for example|for instance|e\.g\.|examples?|such as)\b", re.I)
_ANNOUNCES = re.compile(r"\b(?:the following|as follows|these|below)\b", re.I)
_COUNTS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_COUNT_WORD = re.compile(r"\b(\d{1,2}|" + "|".join(_COUNTS) + r")\b", re.I)


def is_narration(text: str) -> bool:
    """Whether prose tells the writer's own story (I, my, we, our ...), not what a thing is."""
    return bool(_FIRST_PERSON_I.search(text) or _FIRST_PERSON.search(text))


def is_pointer(text: str, raw: str) -> bool:
    """Whether a paragraph points elsewhere (``Get the data [here](...)``, a bare URL, "see ...",
    "the following ...", "you can find the documentation on ...").

    Args:
        text: the paragraph as the reader sees it (`rules.visible`).
        raw: its markdown source (links and URLs still in it).
    """
    return bool(_POINTER.search(text) or _POINTER_LINK.search(raw) or _BARE_URL.search(raw))


def is_meta_heading(text: str) -> bool:
    """A heading about the document (references, install, usage, examples, a numbered step or
    day, a release number)."""
    t = " ".join(text.lower().strip(" :.#").split())
    return bool(
        _META_HEADING.match(t)
        or _NUMBERED.search(t)
        or _VERSION.match(t)
        or _EXAMPLE_HEADING.search(t)
    )


def lead_in_question(sentence: str, items: int) -> str | None:
    """The question a sentence announcing a list of `items` asks, or None if it announces none.

    ``The query string parameters are:`` → ``The query string parameters?``;
    ``It can output in three formats.`` (three items) → ``It can output in three formats?``.
    """
    s = sentence.strip()
    if not s or _EXAMPLE_LEAD.match(s) or _ANAPHORA.match(s) or rules.words(s) > LEAD_IN_WORDS:
        return None  # an example, a sentence leaning on the one before ("It ..."), or too long
    if s.endswith(":"):
        s = s[:-1].rstrip()
    elif s.endswith((".", "。", "．")):
        counts = {
            int(m) if m.isdigit() else _COUNTS[m.lower()]
            for m in _COUNT_WORD.findall(s)
            if m.isdigit() or m.lower() in _COUNTS
        }
        if items not in counts and not _ANNOUNCES.search(s):
            return None
        s = s[:-1].rstrip()
    else:
        return None
    s = _LEAD_TAIL.sub("", s).rstrip(" ,;:-–—")
    if rules.words(s) < 2:
        return None
    return s if s.endswith("?") else f"{s}?"


def _seen(p: Block) -> str:
    """A paragraph as the reader sees it (link targets, URLs and HTML tags left out)."""
    return rules.visible(render(p.inline or []).text).strip()


def _size(paragraphs: list[Block]) -> tuple[int, int]:
    """Words and characters of some paragraphs, as the reader sees them."""
    texts = [_seen(p) for p in paragraphs]
    return sum(rules.words(t) for t in texts), sum(len(t) for t in texts)


class ProseRules:
    """Mixed into `FileWalker`: definition sections and lead-in lists."""

    def prose_context(self) -> tuple[str, ...]:
        """The heading path for a prose card, the file's H1 included (it names the subject)."""
        return tuple(h.text for h in self.headings)

    def try_definition_card(self, h: Block, heading: Heading, blocks: Blocks) -> str | None:
        """A short section under a term heading → Q the heading, A the section.

        Returns None when the card was made, else why not (for ``--explain``).
        """
        title = heading.text.strip()
        if self.quoted:
            return "quoted text"
        if heading.date or heading.date_only:
            return "a dated heading"
        if heading.url:
            return "the heading names a linked resource, not a term"
        n = rules.words(rules.visible(title))
        if not n or n > DEFINITION_HEADING_WORDS or len(title) > DEFINITION_HEADING_CHARS:
            return f"the heading is {n} words, not a term"
        if is_meta_heading(title):
            return "a numbered, versioned or reference heading (Day 3, Step 1, v2.0, References, Usage ...)"
        body: list[Block] = []
        k = 0
        while (nxt := blocks.peek(k)) is not None and nxt.kind != "heading":
            body.append(nxt)
            k += 1
            if k > DEFINITION_LOOKAHEAD:
                return "the section is long"
        if nxt is not None and nxt.level > h.level:
            return "the section has sub-sections"
        content = [b for b in body if not empty_block(b)]
        if not content:
            return "the section is empty"
        why = self._definition_body(content)
        if why:
            return why
        for _ in range(k):
            next(blocks)
        question = rules.as_question(title)
        self.add(
            question,
            self.blocks_text(content),
            "definition",
            h.start,
            content[-1].end,
            context=self.prose_context()[:-1],
            keep_h1=True,
            why=f"card (definition section): {question}",
            at=h.start,
        )
        for b in content:
            if b.kind == "paragraph":
                self.explain_at(b.start, f"in the definition card '{question}'", False)
        return None

    def _definition_body(self, content: list[Block]) -> str | None:
        """Why a section's blocks are not one short definition, or None when they are."""
        paragraphs = [b for b in content if b.kind == "paragraph"]
        extras = [b for b in content if b.kind != "paragraph"]
        if any(b.is_list for b in extras):
            return "the section holds a list"
        if any(b.kind not in ("blockquote", "math_block", "fence") for b in extras):
            return f"the section holds a {extras[0].kind.replace('_', ' ')}"
        if not paragraphs:
            return "no paragraph of its own"
        if len(paragraphs) > DEFINITION_PARAGRAPHS or len(extras) > 1:
            return "more than one short paragraph"
        if len(paragraphs) == 2 and not (
            extras and extras[0].kind == "math_block" and paragraphs[0].end <= extras[0].start
        ):
            return "more than one short paragraph"
        for b in extras:
            if b.kind == "fence" and b.end - b.start > DEFINITION_FENCE_LINES + 2:
                return "a long code fence"
            if b.kind == "blockquote" and any(c.kind != "paragraph" for c in b.children):
                return "a quote holding more than text"
        quoted = [c for b in extras if b.kind == "blockquote" for c in b.children]
        for p in [*quoted, *paragraphs]:
            if self._paragraph_has_syntax(p) or self._is_question_para(p):
                return "card syntax or a question in the section"
            if is_link_only(p.inline or []):
                return "a paragraph of only links or images"
        for p in paragraphs:
            text = _seen(p)
            if is_narration(text):
                return "narration (I, we, my ...), not a definition"
            if is_pointer(text, p.content):
                return "a pointer (a link, a URL, 'see ...'), not a definition"
            if text.endswith(":"):
                return "a paragraph that introduces something else (ends with ':')"
        for part in (paragraphs, quoted):  # the note's own words, and a quoted definition
            n, chars = _size(part)
            if n > DEFINITION_WORDS or chars > DEFINITION_CHARS:
                return f"{n} words, more than a short definition"
        return None

    def lead_in(self, lead: Block | None, lst: Block, items: int) -> str | None:
        """The question paragraph `lead` asks by announcing `lst` (of `items` items) right
        below it (``The query string parameters are:`` → ``The query string parameters?``),
        or None when it is no such sentence."""
        if self.quoted or lead is None or lead.kind != "paragraph" or lead.quote != lst.quote:
            return None
        if any(self.lines[i].strip() for i in range(lead.end, lst.start) if i < len(self.lines)):
            return None
        if is_narration(_seen(lead)):
            return None
        inl = render(lead.inline or [])
        sentence = _SENTENCE_END.split(" ".join(inl.text.split()))[-1]
        return lead_in_question(sentence, items)

    def try_lead_in_list(self, lst: Block, items: list[Item]) -> bool:
        """A sentence announcing the list just after it → Q the sentence, A the list."""
        if self.quoted or not self.recent:
            return False
        lead = self.recent[-1]
        if lead.kind != "paragraph" or lead.quote != lst.quote:
            return False
        if any(self.lines[i].strip() for i in range(lead.end, lst.start) if i < len(self.lines)):
            return False
        lo, hi = LEAD_IN_ITEMS
        if not lo <= len(items) <= hi:
            return False
        for it in items:
            v = it.verdict
            if not (v.statement or v.term) or it.facts or it.lists or it.rest:
                return False
            if it.first is None or rules.words(it.first.content) > LEAD_IN_ITEM_WORDS:
                return False
            own = render(it.first.inline or []).unprotected_text()
            if not _LETTER(own):
                return False  # code, links or math only: literals (examples), not statements
        question = self.lead_in(lead, lst, len(items))
        if question is None:
            return False
        answer = self.slice(lst.start, lst.end, lst.quote, self.indent_of(lst))
        made = self.add(
            question,
            answer,
            "list",
            lead.start,
            lst.end,
            context=self.prose_context(),
            keep_h1=True,
        )
        if made:
            if self.explain:  # the lead-in was explained as prose when it was walked
                self.explanations = [
                    e
                    for e in self.explanations
                    if e.card or e.line != lead.start + 1 or e.path != self.source.display
                ]
                self.explain_at(lead.start, f"card (a sentence and its list): {question}", True)
            for it in items:  # the items are the answer: a "`term` - gloss" is no card of its own
                it.verdict = rules.Verdict(reason=f"in the list card '{question}'", statement=True)
        return made
