"""The learner's rules for one list item's own text: label, question, formula, explicit, cloze.

`classify` looks only at the item's first paragraph (as an `Inline`) and whether it has nested
items; what to do with the children is the caller's business (see `recall.extract.outline`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from recall.extract import cloze
from recall.extract.inline import Inline

LABEL_WORDS = 6  # a plain label is a few words, not a sentence
MARKED_LABEL_WORDS = 10  # a label set in bold/italic/code/link may be a little longer
LABEL_CHARS = 80
FORMULA_LEFT_WORDS = 5
PARENT_WORDS = 8  # an outline item with nested items and a short title of its own
QUESTION_WORDS = 30

NO_ANSWER_QUESTION = "no card: a question without an answer"

# Labels that only say "this is a card": the text after them is read as the item.
TRANSPARENT_LABELS = frozenset({"card", "flashcard", "fact"})
# Labels that introduce a remark rather than name a thing to remember.
NOT_LABELS = frozenset(
    [
        "note",
        "notes",
        "nb",
        "n.b",
        "tip",
        "tips",
        "hint",
        "warning",
        "caution",
        "important",
        "todo",
        "fixme",
        "done",
        "edit",
        "update",
        "updated",
        "ps",
        "p.s",
        "fyi",
        "example",
        "examples",
        "e.g",
        "eg",
        "i.e",
        "ie",
        "source",
        "sources",
        "ref",
        "refs",
        "reference",
        "references",
        "link",
        "links",
        "url",
        "see",
        "also",
        "see-also",
        "credit",
        "credits",
        "via",
        "from",
        "by",
        "author",
        "date",
        "time",
        "status",
        "tags",
        "tag",
        "cc",
        "re",
        "legend",
        "disclaimer",
        "license",
        "licence",
        "contents",
        "table of contents",
        "toc",
        "changelog",
    ]
)
# Labels naming a kind of thing (``File: `a.txt` holds ...``): the term right after them asks.
CATEGORY_LABELS = frozenset(
    [
        "file",
        "files",
        "filename",
        "folder",
        "directory",
        "command",
        "cmd",
        "function",
        "method",
        "class",
        "module",
        "package",
        "library",
        "lib",
        "tool",
        "option",
        "flag",
        "parameter",
        "param",
        "argument",
        "arg",
        "variable",
        "var",
        "field",
        "keyword",
        "term",
        "concept",
        "word",
        "name",
        "type",
        "setting",
        "property",
        "attribute",
        "endpoint",
        "table",
        "column",
    ]
)
# Labels saying how the text is written, not what it is about: without a term they ask nothing.
FORM_LABELS = frozenset(
    [
        "inline",
        "display",
        "block",
        "code",
        "snippet",
        "formula",
        "equation",
        "math",
        "expression",
        "image",
        "figure",
        "fig",
        "diagram",
        "screenshot",
        "output",
        "input",
        "text",
        "quote",
    ]
)

_TWO_LETTERS = re.compile(r"[^\W\d_]{2}").search
_HAS_ALNUM = re.compile(r"[^\W_]").search
_LONE_PUNCT = re.compile(r"(?:^|\s)[\W_]+(?:\s|$)").search
_TODO = re.compile(r"^\s*(?:\[\s*todo\s*\]|todo\b|fixme\b|\[[ xX]\]\s)", re.I)
_WRAP = re.compile(r"^(\*\*|__|\*|_|~~)(.+)\1$", re.S)
_LINK_WRAP = re.compile(r"^\[(.+)\]\([^)]*\)$", re.S)
_EMPH_TAIL = re.compile(r"(?:\*\*|__|\*|_)+")
_TRAIL = re.compile(r"[\s:;,.–—-]+$")
_LEAD_TERM = re.compile(
    r"^(`[^`]+`|\*\*[^*]+\*\*|__[^_]+__|\*[^*]+\*|_[^_]+_|\$[^$\n]+\$)\s+(\w.*)$", re.S
)
_TERM_DEF = re.compile(
    r"^(`[^`\n]{1,40}`|\*\*[^*\n]{1,60}\*\*|__[^_\n]{1,60}__)\s+(?:-|–|—)\s+(\S.*)$", re.S
)
_CONJUNCTION = re.compile(r"^(?:and|or|but|nor|with|vs|versus)\b", re.I)
_PRONOUN_VERB = re.compile(r"^(?:it|this|that|they|these|those|he|she|we|you)\s+[a-z]", re.I)
_CALL_TO_ACTION = re.compile(
    r"^\W*(?:please|kindly|feel free to|help wanted|(?:contributions|prs|pull requests)"
    r"(?: are)? welcome)\b",
    re.I,
)
_POINTS_ELSEWHERE = re.compile(
    r"\b(?:refer to|see|check|look at)\b.{0,30}\b(?:above|below|previous|earlier|later|"
    r"next|following)\b(?:\s+(?:answer|question|section|link|post|page))?\W*$",
    re.I,
)
_PLACEHOLDER = re.compile(r"^\W*(answer here|todo|tbd|tba|to do|fixme|\.\.\.|…|\?+)\W*$", re.I)
_SENTENCE_START = re.compile(
    r"^(there (is|are|was|were)|here (is|are)|it (is|was)|this (is|was)|that (is|was)|"
    r"these (are|were)|i|we|you|they|he|she|my|our)\b",
    re.I,
)


def trim_symbols(text: str) -> str:
    """`text` without trailing emoji, symbols, joiners and spaces (``Why? 👶`` → ``Why?``)."""
    end = len(text)
    while end and (
        text[end - 1].isspace()
        or unicodedata.category(text[end - 1]) in ("So", "Sk", "Cf", "Mn", "Me", "Co")
    ):
        end -= 1
    return text[:end]


def is_placeholder(text: str) -> bool:
    """An answer that is only a placeholder (``Answer here``, ``TODO``, ``...``)."""
    return len(text) < 16 and bool(_PLACEHOLDER.match(text.strip()))


_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_URL_TEXT = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://\S+|\bwww\.\S+")
_HTML_TAG = re.compile(r"<[^>\n]+>")


def visible(text: str) -> str:
    """Markdown text as a reader sees it: link targets, bare URLs and HTML tags removed."""
    if "](" in text:
        text = _LINK_TARGET.sub("]", text)
    if "://" in text or "www." in text:
        text = _URL_TEXT.sub(" ", text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    return text


def words(text: str) -> int:
    """How many words `text` holds (space-separated runs holding a letter or digit)."""
    parts = text.split()
    n = len(parts)
    if n and _LONE_PUNCT(text):
        n -= sum(1 for p in parts if not _HAS_ALNUM(p))
    return n


def strip_wrap(text: str) -> str:
    """`text` without emphasis or a link wrapped around all of it (``**HumanEval**`` → ``HumanEval``)."""
    text = text.strip()
    for _ in range(3):
        if not text or text[0] not in "*_~[":
            break
        m = _WRAP.match(text) or _LINK_WRAP.match(text)
        if not m:
            break
        text = m.group(m.lastindex).strip()
    return text


def as_question(text: str) -> str:
    """A label or title turned into a question: wrapping markup and trailing ``:``/``.`` gone, ``?`` added."""
    text = text.strip()
    if text and text[0] not in "*_~[" and text[-1].isalnum():
        return f"{text}?"
    text = strip_wrap(_TRAIL.sub("", strip_wrap(text)))
    text = _TRAIL.sub("", text)
    return text if text.endswith("?") else f"{text}?"


def clean_question(text: str) -> str:
    """A question as written, without wrapping markup or trailing emoji (``**Why?** 👶`` → ``Why?``)."""
    text = trim_symbols(strip_wrap(text)).strip()
    last = text.rfind("?")
    if last != -1 and not _TWO_LETTERS(text[last + 1 :]):
        text = text[: last + 1]  # only emoji or a stray letter after the question mark
    return strip_wrap(text)


def is_call_to_action(text: str) -> bool:
    """An answer that asks the reader to do something (``Please create a PR``), not knowledge."""
    return len(text) < 200 and bool(_CALL_TO_ACTION.match(text))


def is_pointer_answer(text: str) -> bool:
    """A short answer that only points elsewhere (``For specifics, refer to the above answer.``)."""
    return len(text) < 120 and bool(_POINTS_ELSEWHERE.search(text)) and words(text) <= 12


def is_symbol_key(text: str) -> bool:
    """A legend of symbols (``👶 easy ⭐️ medium 🚀 expert``): each word glossing a symbol."""
    if text.isascii():
        return False
    symbols = sum(1 for ch in text if unicodedata.category(ch) == "So")
    return symbols >= 2 and words(text) <= 2 * symbols


def is_todo(text: str) -> bool:
    """A ``TODO``/``[TODO]``/``FIXME`` item or a task-list checkbox item."""
    head = text.lstrip()[:1]
    return head in ("[", "t", "T", "f", "F") and bool(_TODO.match(text))


@dataclass(slots=True)
class Verdict:
    """What an item's own text makes.

    Attributes:
        kind: the card rule, or None for no card of its own.
        question, answer: the card's sides from the item's own text (children come later).
        title: how the item is shown in a parent's answer and in its children's context.
        reason: for ``--explain``: the rule that fired or why none did.
        statement: a plain statement (counts for a section's list card).
        skip: leave out the item and everything nested in it.
        children_answer: nested items belong to the answer (label with nothing after ``:``,
            parent, question ending in ``?``).
        reverse: a second card the other way round (``:::``).
        label_key: the label as a key (labels repeated in one list ask by their term).
        term: a ```term` - definition`` item (a label written with a dash).
        context: a label written before a formula, added to the card's context.
    """

    kind: str | None = None
    question: str = ""
    answer: str = ""
    title: str = ""
    reason: str = ""
    statement: bool = False
    skip: bool = False
    children_answer: bool = False
    reverse: tuple[str, str] | None = None
    label_key: str = ""
    term: bool = False
    context: str = ""


def _colon(inl: Inline) -> int:
    """First colon that can end a label: not in code/links/URLs/math/brackets, not ``::``, not a time."""
    text = inl.text
    pos = inl.find_separator(":")
    while pos != -1:
        before = text[pos - 1] if pos else ""
        after = text[pos + 1] if pos + 1 < len(text) else ""
        if (
            after == ":"
            or before == ":"
            or (before.isdigit() and after.isdigit())
            or text.startswith("//", pos + 1)
        ):
            pass
        else:
            return pos
        nxt = pos + 1
        while nxt < len(text) and text[nxt] == ":":
            nxt += 1
        pos = inl.find_separator(":", nxt)
    return -1


def _equals(inl: Inline) -> int:
    """First ``" = "`` outside protected spans and brackets, or -1."""
    return inl.find_separator(" = ")


def _question_mark(inl: Inline) -> int:
    """First ``?`` that ends a question (followed by a space or the end), or -1."""
    text = inl.text
    pos = inl.find_separator("?")
    while pos != -1:
        after = text[pos + 1] if pos + 1 < len(text) else " "
        if after.isspace() or after in "*_)\"'”’":
            return pos
        pos = inl.find_separator("?", pos + 1)
    return -1


def double_colon(inl: Inline) -> tuple[int, int] | None:
    """The ``::`` or ``:::`` that separates an Obsidian-style card: ``(start, length)`` or None.

    Colons inside code, links, URLs, math and brackets (cloze braces ``{{c1::x}}``, Dataview's
    ``[key:: value]``) do not count. A ``::`` between two word characters (``std::map``) is a
    scope operator unless it is the only candidate.
    """
    text = inl.text
    candidates: list[tuple[int, int]] = []
    pos = inl.find_separator("::")
    while pos != -1:
        run = pos
        while run < len(text) and text[run] == ":":
            run += 1
        if run - pos in (2, 3) and not _in_braces(text, pos):
            candidates.append((pos, run - pos))
        pos = inl.find_separator("::", run)
    if not candidates:
        return None
    for start, length in candidates:
        before = text[start - 1] if start else " "
        after = text[start + length] if start + length < len(text) else " "
        if before.isspace() or after.isspace() or not (before.isalnum() and after.isalnum()):
            return start, length
    return candidates[0] if len(candidates) == 1 else None


def _in_braces(text: str, pos: int) -> bool:
    opened = text.rfind("{{", 0, pos)
    return opened != -1 and text.rfind("}}", opened, pos) == -1


def _split_label(inl: Inline, pos: int) -> tuple[str, Inline]:
    """Label text and the rest, moving closing emphasis after the colon to the label side."""
    text = inl.text
    label = text[:pos]
    start = pos + 1
    if text[start : start + 1] in ("*", "_"):
        tail = _EMPH_TAIL.match(text, start)
        if tail and label.count(tail.group(0)) % 2 == 1:
            label += tail.group(0)
            start = tail.end()
    if not inl.protected:
        return label, Inline(text[start:].strip())
    return label, inl.slice(start).strip()


def _marked(label: str) -> bool:
    s = label.strip()
    return bool(_WRAP.match(s) or _LINK_WRAP.match(s) or (s.startswith("`") and s.endswith("`")))


def _plain_label(label: str) -> str:
    return visible(strip_wrap(label)).strip().strip("`")


def classify(
    inl: Inline,
    *,
    has_children: bool,
    only_link_children: bool = False,
    has_items: bool | None = None,
) -> Verdict:
    """Decide what an item's own text makes (no side effects).

    Args:
        inl: the item's first paragraph.
        has_children: the item has nested items or blocks.
        only_link_children: every nested item is a bare link (a link index, not a card).
        has_items: the item has a nested list (needed for the parent rule); defaults to
            `has_children`.
    """
    if has_items is None:
        has_items = has_children
    text = inl.text.strip()
    if inl.skip:
        return Verdict(reason="skipped: <!-- recall:skip -->", skip=True)
    if not text:
        if has_children and not only_link_children:
            return Verdict(reason="no text of its own", statement=False)
        return Verdict(reason="skipped: empty item", skip=True)
    if is_todo(text):
        return Verdict(reason="skipped: TODO or task item", skip=True)

    # explicit syntax always wins
    deletions = cloze.find(inl) if ("==" in text or "{{" in text) else None
    if deletions:
        return Verdict("cloze", text, "", title=text, reason=f"cloze: {len(deletions)} deletion(s)")
    dc = double_colon(inl) if "::" in text else None
    if dc:
        start, length = dc
        q = inl.text[:start].strip()
        a = inl.text[start + length :].strip()
        if q and a:
            v = Verdict(
                "explicit",
                q,
                a,
                title=q,
                reason="explicit: Q::A" if length == 2 else "explicit: Q:::A (both ways)",
            )
            if length == 3:
                v.reverse = (a, q)
            return v

    found = []
    if ":" in text and (pos := _colon(inl)) != -1:
        found.append((pos, "label"))
    if " = " in text and (pos := _equals(inl)) != -1:
        found.append((pos, "formula"))
    if "?" in text and (pos := _question_mark(inl)) != -1:
        found.append((pos, "question"))
    if len(found) > 1:
        found.sort()
    for pos, name in found:
        if name == "formula":
            v = _formula(inl, pos)
            if v:
                return v
            continue
        if name == "label":
            v = _label(inl, pos, has_children)
            if v:
                return v
            continue
        v = _question(inl, pos, has_children)
        if v:
            return v
    if not has_children and (m := _TERM_DEF.match(text)):
        term, rest = m.group(1), m.group(2).strip()
        return Verdict(
            "label",
            as_question(term),
            rest,
            title=term,
            label_key=strip_wrap(term).strip("`").lower(),
            reason="label: '`term` - definition'",
            term=True,
        )
    if has_items and not only_link_children and words(visible(text)) <= PARENT_WORDS:
        return Verdict(
            "parent",
            as_question(text),
            "",
            title=text.rstrip(":").strip(),
            reason="parent: short title with nested items",
            children_answer=True,
        )
    if has_children and only_link_children:
        return Verdict(reason="skipped: nested items are only links")
    return Verdict(reason="no card: a statement without a label", statement=True)


def _formula(inl: Inline, pos: int) -> Verdict | None:
    left = inl.text[:pos].strip()
    right = inl.slice(pos + 3).strip().text
    if not left or not right or words(left) > FORMULA_LEFT_WORDS or len(left) > LABEL_CHARS:
        return None
    if left[-1] in "<>!=:" or right[0] in "=" or _PRONOUN_VERB.match(right):
        return None  # a comparison, or "X = It does ...": a sentence, not a value
    return Verdict(
        "formula",
        f"{strip_wrap(left)} = ?",
        right,
        title=strip_wrap(left),
        reason="formula: X = Y with a short left side",
    )


def _label(inl: Inline, pos: int, has_children: bool) -> Verdict | None:
    label, rest = _split_label(inl, pos)
    plain = _plain_label(label)
    if not plain.strip():
        return None
    n = words(plain)
    limit = MARKED_LABEL_WORDS if n > LABEL_WORDS and _marked(label) else LABEL_WORDS
    if n == 0 or n > limit or len(plain) > LABEL_CHARS:
        return (
            Verdict(
                reason=f"no card: text before ':' is {n} words, not a short label", statement=True
            )
            if n > limit
            else None
        )
    key = plain.lower().strip(" .")
    shown = strip_wrap(label).strip()  # as typed (``<T>`` and links kept) for --explain
    if key in TRANSPARENT_LABELS and rest.text:
        inner = classify(rest, has_children=has_children)
        return inner if inner.kind else None
    if _SENTENCE_START.match(plain):
        return Verdict(reason=f"no card: '{shown}:' starts a sentence, not a label", statement=True)
    if rest.text and is_symbol_key(rest.text):
        return Verdict(reason="no card: a legend of symbols", statement=True)
    if key in NOT_LABELS:
        return Verdict(reason=f"no card: '{shown}:' introduces a remark", statement=True)
    if rest.text and not has_children and (key in CATEGORY_LABELS or key in FORM_LABELS):
        lifted = _lift(label, key, rest.text, keep_label=key in CATEGORY_LABELS)
        if lifted:
            return lifted
        if key in FORM_LABELS:
            return Verdict(
                reason=f"no card: '{shown}:' says how the text is written, not what it names",
                statement=True,
            )
    if not rest.text:
        if has_children:
            return Verdict(
                "label",
                as_question(label),
                "",
                title=label.strip(),
                label_key=key,
                reason="label: 'Label:' with nested items as the answer",
                children_answer=True,
            )
        return Verdict(reason="skipped: label without an answer", skip=True)
    if _link_only_text(rest):
        return Verdict(reason="skipped: the answer is only a link", skip=True)
    eq = _equals(rest) if " = " in rest.text else -1
    if eq != -1:
        f = _formula(rest, eq)
        if f and _colon(rest.slice(0, eq)) == -1:
            f.context = context_label(label)
            f.title = f"{strip_wrap(label).strip()}: {f.title}"
            f.reason = "formula: 'Label: X = Y' (the label is context)"
            f.label_key = key
            return f
    return Verdict(
        "label",
        as_question(label),
        rest.text,
        title=label.strip(),
        label_key=key,
        reason="label: short 'Label: text'",
        children_answer=has_children,
    )


def lift_term(v: Verdict) -> Verdict | None:
    """A repeated label names a category (``File: `a.txt` holds ...``): the term after it asks.

    Returns ``File: `a.txt`?`` → ``holds ...`` when the answer starts with a code span or a
    bold/italic term followed by more words, else None.
    """
    if v.kind != "label" or v.children_answer:
        return None
    return _lift(v.question.rstrip("?"), v.label_key, v.answer, keep_label=True)


def _lift(label: str, key: str, text: str, *, keep_label: bool) -> Verdict | None:
    """``Label: `term` says ...`` → Q ``Label: `term`?`` (or ``term?``), A ``says ...``; else None.

    The term is a code span, bold/italic text or inline math opening the text, followed by
    words that say something about it (not ``and``/``or``: then the term is not alone).
    """
    m = _LEAD_TERM.match(text)
    if not m or not m.group(2).strip() or _CONJUNCTION.match(m.group(2)):
        return None
    name = strip_wrap(label).strip()
    term = m.group(1)
    question = f"{name}: {term}" if keep_label else strip_wrap(term)
    return Verdict(
        "label",
        f"{question}?",
        m.group(2).strip(),
        title=question,
        label_key=f"{key}: {term}".lower(),
        reason=f"label: '{name}:' names a kind of thing, the term after it asks",
    )


def context_label(label: str) -> str:
    """A label as a context entry: no wrapping markup, no trailing colon."""
    return _TRAIL.sub("", strip_wrap(label)).strip()


def _link_only_text(inl: Inline) -> bool:
    """Whether the text is nothing but protected spans (links, URLs) and punctuation.

    An image that is not inside a link is content (a diagram answers), not a pointer.
    """
    return (
        bool(inl.protected)
        and not inl.images
        and ("](" in inl.text or "://" in inl.text or "www." in inl.text)
        and not any(ch.isalnum() for ch in inl.unprotected_text())
    )


def _question(inl: Inline, pos: int, has_children: bool) -> Verdict | None:
    q = inl.text[: pos + 1].strip()
    rest = inl.slice(pos + 1).strip()
    rest_text = trim_symbols(rest.text).strip().lstrip("*_ ").strip()
    if words(q) > QUESTION_WORDS:
        return None
    if rest_text:
        if _link_only_text(rest):
            return Verdict(reason="skipped: the answer is only a link", skip=True)
        return Verdict(
            "question",
            clean_question(q),
            rest.text,
            title=clean_question(q),
            reason="question: '...? answer'",
            children_answer=has_children,
        )
    if has_children:
        return Verdict(
            "question",
            clean_question(q),
            "",
            title=clean_question(q),
            reason="question: '...?' with nested items as the answer",
            children_answer=True,
        )
    return Verdict(question=clean_question(q), reason=NO_ANSWER_QUESTION, statement=False)
